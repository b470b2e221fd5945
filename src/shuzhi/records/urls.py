from django.urls import URLPattern, URLResolver, path

from shuzhi.records import file_views, merit_views, views

app_name = "records"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("org/<str:code>/", views.organization_page, name="organization"),
    path("org/<str:code>/log/", views.log_work, name="log"),
    path("org/<str:code>/confirm/", views.confirm, name="confirm"),
    path("org/<str:code>/secretaries/", views.secretaries_page, name="secretaries"),
    path("org/<str:code>/rules/", merit_views.rules_page, name="rules"),
    path("org/<str:code>/rules.xlsx", file_views.rules_xlsx, name="rules-xlsx"),
    path("org/<str:code>/rules/import/", file_views.rules_import, name="rules-import"),
    path("logs/<int:log_id>/", views.log_page, name="log-entry"),
    path("rounds/<int:round_id>/scores/", views.round_scores, name="round-scores"),
    path("rounds/<int:round_id>/targets/", views.targets_page, name="targets"),
    path("rounds/<int:round_id>/targets.xlsx", file_views.targets_xlsx, name="targets-xlsx"),
    path("rounds/<int:round_id>/targets/import/", file_views.targets_import, name="targets-import"),
    path("merits/", merit_views.merits_page, name="merits"),
    path("merits/new/", merit_views.submit, name="submit"),
    path("merits/<int:merit_id>/", merit_views.merit_page, name="merit"),
    path("meetings/new/", merit_views.new_meeting, name="new-meeting"),
    path("meetings/hold/", merit_views.hold_meeting, name="hold-meeting"),
    path("meetings/<int:meeting_id>/", merit_views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/decide/<int:merit_id>/", merit_views.decide, name="decide"),
    path("meetings/<int:meeting_id>/publish/", merit_views.publish, name="publish"),
    path("meetings/<int:meeting_id>/bulletin/", merit_views.bulletin_page, name="bulletin"),
    path(
        "meetings/<int:meeting_id>/bulletin.docx",
        merit_views.bulletin_download,
        name="bulletin-docx",
    ),
    path(
        "meetings/<int:meeting_id>/submissions.xlsx",
        file_views.submissions_xlsx,
        name="submissions-xlsx",
    ),
    path("people/<str:code>/", file_views.person_page, name="person"),
    path("people/<str:code>/file.xlsx", file_views.person_xlsx, name="person-xlsx"),
    path("people/<str:code>/file.docx", file_views.person_docx, name="person-docx"),
    path("import/", file_views.import_page, name="import"),
    path("import/template.xlsx", file_views.import_template, name="import-template"),
]
