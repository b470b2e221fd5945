from django.urls import URLPattern, URLResolver, path

from shuzhi.villages import listing_views, star_views, views

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
    path("branches/<str:code>/", star_views.branch_page, name="branch"),
    path("branches/<str:code>/rate/", star_views.rate, name="rate"),
    path("branches/<str:code>/points/", star_views.enter_points, name="points"),
    path("points/<int:entry_id>/confirm/", star_views.confirm_points, name="confirm-points"),
]
