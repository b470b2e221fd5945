from django.urls import URLPattern, URLResolver, path

from shuzhi.villages import views

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
]
