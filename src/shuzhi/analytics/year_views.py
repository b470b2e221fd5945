"""Year-over-year pages (逐年对比) with their Excel downloads, and the department's dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shuzhi.analytics import charts, dashboard, documents, exporting, summary, yearly
from shuzhi.analytics.views import scope
from shuzhi.core.http import DOCX, attachment

POLL_SECONDS = 15


@login_required
def organization_years(request: HttpRequest, code: str) -> HttpResponse:
    organization, _ = scope(request, code)
    data = yearly.subtree_years(organization)
    own = yearly.unit_series(organization)
    context = {
        "organization": organization,
        "data": data,
        "charts": charts.subtree_charts(data.figures),
        "own": own,
        "own_charts": charts.series_charts(own) if own else None,
    }
    return render(request, "analytics/years.html", context)


@login_required
def organization_years_download(request: HttpRequest, code: str) -> HttpResponse:
    organization, _ = scope(request, code)
    content = exporting.subtree_workbook(yearly.subtree_years(organization))
    return attachment(content, f"{organization.name}逐年对比.xlsx")


@login_required
def organization_record_download(request: HttpRequest, code: str) -> HttpResponse:
    organization, _ = scope(request, code)
    rows = [(row, organization.name) for row in yearly.unit_series(organization)]
    return attachment(
        exporting.series_workbook(f"{organization.name}逐年记录", rows),
        f"{organization.name}逐年记录.xlsx",
    )


def _person(request: HttpRequest, person_id: int) -> yearly.PersonYears:
    reporters = yearly.visible_person_reporters(request.user, person_id)
    if not reporters:
        raise Http404  # nobody of the user's subtree: as if there were no such person
    return yearly.person_years(reporters)


@login_required
def person_years(request: HttpRequest, person_id: int) -> HttpResponse:
    data = _person(request, person_id)
    context = {
        "data": data,
        "charts": charts.series_charts([row for row, _ in data.rows]),
    }
    return render(request, "analytics/person.html", context)


@login_required
def person_years_download(request: HttpRequest, person_id: int) -> HttpResponse:
    data = _person(request, person_id)
    title = f"{data.person.name}逐年记录"
    return attachment(exporting.series_workbook(title, data.rows), f"{title}.xlsx")


@login_required
def dashboard_page(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    data = dashboard.dashboard(round_, organization, timezone.localdate())
    return render(request, "analytics/dashboard.html", {"data": data, "poll": POLL_SECONDS})


@login_required
def dashboard_panel(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    """The part htmx reloads every ``POLL_SECONDS``: the page itself never reloads."""
    organization, round_ = scope(request, code, round_id)
    data = dashboard.dashboard(round_, organization, timezone.localdate())
    return render(request, "analytics/_dashboard_panel.html", {"data": data, "poll": POLL_SECONDS})


@login_required
def summary_page(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    data = summary.build(round_, organization)
    context = {"data": data, "lines": summary.sentences(data)}
    return render(request, "analytics/summary.html", context)


@login_required
def summary_download(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    content = documents.summary_document(summary.build(round_, organization))
    return attachment(
        content, f"{organization.name}{round_.year}年度述职评议考核工作总结.docx", DOCX
    )


@login_required
def publications_page(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    context = {
        "organization": organization,
        "round": round_,
        "notices": summary.publication_index(round_, organization),
    }
    return render(request, "analytics/publications.html", context)
