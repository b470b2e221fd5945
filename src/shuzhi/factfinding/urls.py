from django.urls import URLPattern, URLResolver, path

from shuzhi.factfinding import audit_views, views

app_name = "factfinding"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("rounds/<int:round_id>/", views.round_page, name="round"),
    path("rounds/<int:round_id>/groups/", views.form_groups, name="form-groups"),
    path("rounds/<int:round_id>/visits/", views.other_visit, name="other-visit"),
    path("rounds/<int:round_id>/import/", views.import_paper, name="import"),
    path("rounds/<int:round_id>/findings.xlsx", views.export_findings, name="export"),
    path("rounds/<int:round_id>/audits/", audit_views.plan, name="plan-audit"),
    path("groups/<int:pk>/", views.group_page, name="group"),
    path("groups/<int:pk>/units/", views.assign_unit, name="assign-unit"),
    path("groups/<int:pk>/visits/", views.record_visit, name="record-visit"),
    path("visits/<int:pk>/", views.visit_page, name="visit"),
    path("visits/<int:pk>/<str:what>/", views.visit_action, name="visit-action"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/edit/", views.edit_finding, name="edit-finding"),
    path("findings/<int:pk>/answer/", views.answer, name="answer"),
    path("findings/<int:pk>/rule/", views.rule, name="rule"),
    path("audits/<int:pk>/", audit_views.audit_page, name="audit"),
    path("audits/<int:pk>/start/", audit_views.start, name="audit-start"),
    path("audits/<int:pk>/items/<int:item_id>/", audit_views.score_item, name="audit-score"),
    path("audits/<int:pk>/findings/", audit_views.add_finding, name="audit-finding"),
    path("audits/<int:pk>/issue/", audit_views.issue, name="audit-issue"),
    path("audits/<int:pk>/report.docx", audit_views.report_docx, name="audit-report"),
    path(
        "audits/<int:pk>/rectification/",
        audit_views.submit_rectification,
        name="audit-rectification",
    ),
    path("audits/<int:pk>/review/", audit_views.review_rectification, name="audit-review"),
]
