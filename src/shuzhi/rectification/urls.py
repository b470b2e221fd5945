from django.urls import URLPattern, URLResolver, path

from shuzhi.rectification import item_views, views

app_name = "rectification"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("org/<str:code>/", views.organization_page, name="organization"),
    path("org/<str:code>/problems/new/", views.add_problem, name="add-problem"),
    path("org/<str:code>/reports/new/", views.schedule_report, name="schedule-report"),
    path("org/<str:code>/interviews/new/", views.add_interview, name="add-interview"),
    path("org/<str:code>/accountability/new/", views.hold_accountable, name="hold-accountable"),
    path("org/<str:code>/ledger.xlsx", views.ledger_download, name="ledger"),
    path("org/<str:code>/report.docx", views.report_download, name="report"),
    path("reports/<int:report_id>/deliver/", views.deliver_report, name="deliver-report"),
    path("interviews/<int:interview_id>/outcome/", views.interview_outcome, name="outcome"),
    path("problems/<int:problem_id>/", item_views.problem_page, name="problem"),
    path("problems/<int:problem_id>/item/", item_views.create_item, name="create-item"),
    path("problems/<int:problem_id>/merge/", item_views.merge, name="merge"),
    path("problems/<int:problem_id>/escalate/", item_views.escalate, name="escalate"),
    path("items/<int:item_id>/", item_views.item_page, name="item"),
    path("items/<int:item_id>/milestones/", item_views.add_milestone, name="add-milestone"),
    path(
        "milestones/<int:milestone_id>/done/", item_views.complete_milestone, name="milestone-done"
    ),
    path("items/<int:item_id>/evidence/", item_views.upload_evidence, name="upload-evidence"),
    path("items/<int:item_id>/<str:action>/", item_views.transition, name="transition"),
    path("evidence/<int:evidence_id>/", item_views.evidence_download, name="evidence"),
]
