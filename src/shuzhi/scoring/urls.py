from django.urls import URLPattern, URLResolver, path

from shuzhi.scoring import result_views, views

app_name = "scoring"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("sources-template.xlsx", views.sources_template, name="sources-template"),
    path("<int:round_id>/entry/", views.entry_page, name="entry"),
    path(
        "<int:round_id>/entry/<int:reporter_id>/<int:indicator_id>/",
        views.save_cell,
        name="save-cell",
    ),
    path("<int:round_id>/sources/", views.sources_page, name="sources"),
    path("<int:round_id>/sources/import/", views.import_sources, name="sources-import"),
    path("<int:round_id>/sources/from-records/", views.take_records, name="take-records"),
    path(
        "<int:round_id>/sources-from-fact-finding/",
        views.take_fact_finding,
        name="sources-fact-finding",
    ),
    path("<int:round_id>/sources/<str:kind>/", views.save_source, name="save-source"),
    path("<int:round_id>/hits/<int:hit_id>/withdraw/", views.withdraw_hit, name="withdraw-hit"),
    path("<int:round_id>/results/", result_views.results_page, name="results"),
    path("<int:round_id>/compute/", result_views.compute, name="compute"),
    path(
        "<int:round_id>/computations/<int:computation_id>/",
        result_views.computation_status,
        name="computation",
    ),
    path("<int:round_id>/publish/", result_views.publish, name="publish"),
    path("<int:round_id>/notice/", result_views.notice_page, name="notice"),
    path("<int:round_id>/notice/amend/", result_views.amend_notice, name="notice-amend"),
    path("<int:round_id>/summary.xlsx", result_views.summary, name="summary"),
    path("<int:round_id>/round.xlsx", result_views.round_workbook, name="round-workbook"),
    path("<int:round_id>/score-sheets.xlsx", result_views.all_score_sheets, name="score-sheets"),
    path("<int:round_id>/sensitivity/", result_views.sensitivity_page, name="sensitivity"),
    path(
        "<int:round_id>/results/<int:reporter_id>/",
        result_views.breakdown_page,
        name="breakdown",
    ),
    path(
        "<int:round_id>/results/<int:reporter_id>/sheet.xlsx",
        result_views.score_sheet,
        name="score-sheet",
    ),
]
