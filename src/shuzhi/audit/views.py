from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuzhi.accounts.access import require
from shuzhi.audit.presentation import change_lines
from shuzhi.audit.queries import visible_entries


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view")
    action = request.GET.get("action", "").strip()
    page = Paginator(visible_entries(request.user, action), 50).get_page(request.GET.get("page"))
    rows = [
        (
            entry,
            change_lines(entry.object_type, entry.before),
            change_lines(entry.object_type, entry.after),
        )
        for entry in page
    ]
    return render(request, "audit/list.html", {"page": page, "rows": rows, "action": action})
