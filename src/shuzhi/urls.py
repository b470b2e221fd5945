from django.urls import include, path

from shuzhi.api import api

urlpatterns = [
    path("", include("shuzhi.core.urls")),
    path("accounts/", include("shuzhi.accounts.urls")),
    path("audit/", include("shuzhi.audit.urls")),
    path("orgs/", include("shuzhi.orgs.urls")),
    path("rounds/", include("shuzhi.rounds.urls")),
    path("scoring/", include("shuzhi.scoring.urls")),
    path("reports/", include("shuzhi.reports.urls")),
    path("meetings/", include("shuzhi.meetings.urls")),
    path("rectification/", include("shuzhi.rectification.urls")),
    path("records/", include("shuzhi.records.urls")),
    path("factfinding/", include("shuzhi.factfinding.urls")),
    path("villages/", include("shuzhi.villages.urls")),
    path("analytics/", include("shuzhi.analytics.urls")),
    path("api/", api.urls),
]

handler403 = "shuzhi.accounts.errors.permission_denied"
