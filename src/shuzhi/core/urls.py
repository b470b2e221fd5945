from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from shuzhi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers (and some tools) ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static("shuzhi/favicon.svg"), permanent=True)),
]
