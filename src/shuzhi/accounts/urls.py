from django.contrib.auth import views as auth_views
from django.urls import path

from shuzhi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("grants/", views.grants_page, name="grants"),
    path("grants/<int:grant_id>/revoke/", views.revoke_grant, name="revoke-grant"),
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
]
