from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shuzhi.core.home import current_rounds_for, todos_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's work: current rounds and their stage, to-do counts, then their grants.

    The grants and links come from accounts' context processor; the rounds and to-dos from
    the providers each app names in its AppConfig: core imports no app."""
    today = timezone.localdate()
    context = {
        "rounds": current_rounds_for(request.user, today),
        "todos": todos_for(request.user, today),
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
