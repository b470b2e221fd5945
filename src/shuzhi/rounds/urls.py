from django.urls import URLPattern, URLResolver, path

from shuzhi.rounds import views

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.round_list, name="list"),
    path("<int:round_id>/", views.round_detail, name="detail"),
    path("<int:round_id>/settings/", views.settings_page, name="settings"),
    path("<int:round_id>/groups/", views.groups_page, name="groups"),
    path("<int:round_id>/reporters/new/", views.enroll, name="enroll"),
    path("<int:round_id>/reporters/carry-over/", views.carry_over_reporters, name="carry-over"),
    path(
        "<int:round_id>/reporters/<int:reporter_id>/group/",
        views.assign_group,
        name="assign-group",
    ),
    path("<int:round_id>/indicators/", views.indicators_page, name="indicators"),
    path("<int:round_id>/indicators/new/", views.add_indicator, name="indicator-add"),
    path(
        "<int:round_id>/indicators/<str:code>/edit/",
        views.edit_indicator,
        name="indicator-edit",
    ),
    path(
        "<int:round_id>/indicators/<str:code>/delete/",
        views.remove_indicator,
        name="indicator-remove",
    ),
    path("<int:round_id>/indicators/copy/", views.copy_indicators, name="indicators-copy"),
    path(
        "<int:round_id>/indicators/import/", views.import_indicator_file, name="indicators-import"
    ),
    path(
        "<int:round_id>/indicators/export.xlsx",
        views.export_indicator_file,
        name="indicators-export",
    ),
]
