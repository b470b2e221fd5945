from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuzhi.accounts.queries import grants_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"grants": grants_of(request.user)})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
