from django.urls import URLPattern, URLResolver, path

from shuzhi.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_list, name="list"),
    path("objections.xlsx", views.objections_download, name="objections"),
    path("reporters/<int:reporter_id>/", views.open_for_reporter, name="open"),
    path("rounds/<int:round_id>/chain/", views.chain_settings, name="chain"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/checks/", views.live_checks, name="checks"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/export.docx", views.export, name="export"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("<int:pk>/objections/", views.object_to_finding, name="object"),
]
