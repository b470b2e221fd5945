"""ShuZhi's URLs plus one bench-only endpoint: the minimal durable write, the baseline the
ballot endpoint is measured against (same server, same middleware, same database)."""

from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from shuzhi.urls import handler403  # noqa: F401  (the same error pages as production)
from shuzhi.urls import urlpatterns as shuzhi_urlpatterns

TABLE = "bench_minimal_write"


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, payload text NOT NULL)"
        )


@csrf_exempt
def minimal_write(request: HttpRequest) -> HttpResponse:
    """Insert one row in one committed transaction: the least a durable ballot must cost."""
    if request.method != "POST":
        return HttpResponse(status=405)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (payload) VALUES (%s)", [request.body.decode()])
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/write", minimal_write), *shuzhi_urlpatterns]
