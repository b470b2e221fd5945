from django.urls import URLPattern, URLResolver, path

from shuzhi.villages import dual_views, listing_views, star_views, views

app_name = "villages"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("assessments/new/", views.create_assessment, name="create-assessment"),
    path("assessments/<int:assessment_id>/", views.assessment_page, name="assessment"),
    path("assessments/<int:assessment_id>/import/", views.import_assessment, name="import"),
    path("assessments/<int:assessment_id>/compute/", views.compute_assessment, name="compute"),
    path("assessments/<int:assessment_id>/template.xlsx", views.template_download, name="template"),
    path(
        "assessments/<int:assessment_id>/townships/<str:code>/",
        views.township_page,
        name="township",
    ),
    path(
        "assessments/<int:assessment_id>/townships/<str:code>/pay.xlsx",
        views.pay_sheet_download,
        name="pay-sheet",
    ),
    path(
        "assessments/<int:assessment_id>/townships/<str:code>/sign/<str:level>/",
        views.sign_pay_sheet,
        name="sign",
    ),
    path(
        "assessments/<int:assessment_id>/identify-lagging/",
        listing_views.identify_by_rank,
        name="identify-lagging",
    ),
    path("lagging/", listing_views.lagging_home, name="lagging"),
    path("lagging/new/", listing_views.list_organization, name="list-organization"),
    path("lagging/<int:listing_id>/", listing_views.listing_page, name="listing"),
    path("lagging/<int:listing_id>/pair/", listing_views.pair, name="pair"),
    path("lagging/<int:listing_id>/plan/", listing_views.add_plan, name="plan"),
    path(
        "lagging/<int:listing_id>/request/",
        listing_views.request_delisting,
        name="request-delisting",
    ),
    path(
        "lagging/<int:listing_id>/approve/",
        listing_views.approve_delisting,
        name="approve-delisting",
    ),
    path("stars/", star_views.stars_home, name="stars"),
    path("stars/template.xlsx", star_views.star_template_download, name="star-template"),
    path("stars/import/", star_views.import_star_ratings, name="star-import"),
    path("points/rules/", star_views.points_rules, name="points-rules"),
    path("stars/template/", star_views.rating_template, name="rating-template"),
    path("points/template.xlsx", star_views.points_template_download, name="points-template"),
    path("points/import/", star_views.import_points, name="points-import"),
    path("branches/<str:code>/", star_views.branch_page, name="branch"),
    path("branches/<str:code>/rate/", star_views.rate, name="rate"),
    path("branches/<str:code>/points/", star_views.enter_points, name="points"),
    path("points/<int:entry_id>/confirm/", star_views.confirm_points, name="confirm-points"),
    # 双述双评
    path("rounds/", dual_views.rounds_home, name="rounds"),
    path("rounds/new/", dual_views.create_round, name="create-round"),
    path("rounds/<int:round_id>/", dual_views.round_page, name="round"),
    path("rounds/<int:round_id>/hearings/", dual_views.convene_hearings, name="hearings"),
    path("rounds/<int:round_id>/evaluations/", dual_views.open_evaluations, name="evaluations"),
    path("rounds/<int:round_id>/scores/", dual_views.enter_scores, name="scores"),
    path(
        "rounds/<int:round_id>/scores/template.xlsx",
        dual_views.scores_template,
        name="scores-template",
    ),
    path("rounds/<int:round_id>/scores/import/", dual_views.import_scores, name="scores-import"),
    path("rounds/<int:round_id>/notice/", dual_views.notice, name="notice"),
    path("rounds/<int:round_id>/rank/", dual_views.rank, name="rank"),
    path("rounds/<int:round_id>/publish/", dual_views.publish, name="publish"),
    path("rounds/<int:round_id>/objections/", dual_views.record_objection, name="objection"),
    path("rounds/<int:round_id>/finalize/", dual_views.finalize, name="finalize"),
    path("objections/<int:objection_id>/answer/", dual_views.answer_objection, name="answer"),
    path("evaluations/<int:evaluation_id>/", dual_views.evaluation_page, name="evaluation"),
    path("evaluations/<int:evaluation_id>/electors/", dual_views.add_electors, name="electors"),
    path(
        "evaluations/<int:evaluation_id>/roll/template.xlsx",
        dual_views.roll_template_download,
        name="roll-template",
    ),
    path(
        "evaluations/<int:evaluation_id>/roll/import/", dual_views.import_roll, name="roll-import"
    ),
    path("evaluations/<int:evaluation_id>/tokens/", dual_views.issue_tokens, name="tokens"),
    path("evaluations/<int:evaluation_id>/count/", dual_views.count, name="count"),
    path("evaluations/<int:evaluation_id>/vote/", dual_views.roll_ballot, name="roll-ballot"),
    path("e/<str:token>/", dual_views.token_ballot, name="token-ballot"),
    path("o/<str:key>/", dual_views.public_objection, name="public-objection"),
]
