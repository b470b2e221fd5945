from django.urls import URLPattern, URLResolver, path

from shuzhi.meetings import paper_views, views, voter_views

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.meeting_list, name="list"),
    path("b/<str:token>/", voter_views.ballot_page, name="ballot"),
    path("s/<str:code>/", voter_views.scan_sign_in, name="scan"),
    path("<int:pk>/", views.meeting_page, name="detail"),
    path("<int:pk>/settings/", views.settings_page, name="settings"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("<int:pk>/agenda/<int:item_id>/move/", views.agenda_move, name="agenda-move"),
    path("<int:pk>/sign-in/", views.sign_in_page, name="sign-in"),
    path("<int:pk>/critiques/<int:item_id>/", views.critique_page, name="critique"),
    path("<int:pk>/tokens/", views.issue_tokens, name="tokens"),
    path("<int:pk>/box/<str:action>/", views.box_action, name="box"),
    path("<int:pk>/paper/", paper_views.paper_page, name="paper"),
    path("<int:pk>/presenter/", views.presenter_page, name="presenter"),
    path("<int:pk>/live/", views.live_page, name="live"),
    path("<int:pk>/results/", views.results_sheet, name="results"),
    path("<int:pk>/export.<str:fmt>", views.export_download, name="export"),
]
