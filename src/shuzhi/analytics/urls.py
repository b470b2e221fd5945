from django.urls import URLPattern, URLResolver, path

from shuzhi.analytics import views, year_views

app_name = "analytics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("org/<str:code>/rounds/<int:round_id>/themes/", views.themes_page, name="themes"),
    path("org/<str:code>/rounds/<int:round_id>/themes/build/", views.build, name="build"),
    path("themes/<int:theme_id>/", views.theme_page, name="theme"),
    path("themes/<int:theme_id>/rename/", views.rename, name="rename"),
    path("themes/<int:theme_id>/merge/", views.merge, name="merge"),
    path("themes/<int:theme_id>/split/", views.split, name="split"),
    path("themes/<int:theme_id>/root-above/", views.root_above, name="root-above"),
]
urlpatterns += [
    path("org/<str:code>/years/", year_views.organization_years, name="years"),
    path("org/<str:code>/years.xlsx", year_views.organization_years_download, name="years-xlsx"),
    path("org/<str:code>/record.xlsx", year_views.organization_record_download, name="record-xlsx"),
    path("people/<int:person_id>/years/", year_views.person_years, name="person"),
    path("people/<int:person_id>/years.xlsx", year_views.person_years_download, name="person-xlsx"),
]
urlpatterns += [
    path(
        "org/<str:code>/rounds/<int:round_id>/dashboard/",
        year_views.dashboard_page,
        name="dashboard",
    ),
    path(
        "org/<str:code>/rounds/<int:round_id>/dashboard/panel/",
        year_views.dashboard_panel,
        name="dashboard-panel",
    ),
]
urlpatterns += [
    path("org/<str:code>/rounds/<int:round_id>/summary/", year_views.summary_page, name="summary"),
    path(
        "org/<str:code>/rounds/<int:round_id>/summary.docx",
        year_views.summary_download,
        name="summary-docx",
    ),
    path(
        "org/<str:code>/rounds/<int:round_id>/publications/",
        year_views.publications_page,
        name="publications",
    ),
]
