from django.urls import path

from shuzhi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree_page, name="tree"),
    path("search/", views.search_fragment, name="search"),
    path("pick/", views.pick_fragment, name="pick"),
    path("import/", views.import_page, name="import"),
    path("import/<uuid:job_id>/", views.import_job_page, name="import-job"),
    path("template.xlsx", views.template_download, name="template"),
    path("people/<int:person_id>/", views.person_page, name="person"),
    path("<str:code>/", views.organization_page, name="detail"),
    path("<str:code>/children/", views.children_fragment, name="children"),
    path("<str:code>/children/new/", views.add_child, name="add-child"),
    path("<str:code>/posts/new/", views.appoint, name="appoint"),
    path("<str:code>/representatives/new/", views.add_representative, name="add-representative"),
    path("<str:code>/export.xlsx", views.export_download, name="export"),
]
