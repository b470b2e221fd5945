"""Computing, results, explanation, publication and the Excel downloads of a round."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, signed_in_user
from shuzhi.core.http import HtmxHttpRequest, attachment
from shuzhi.rounds.queries import visible_round
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import engine, excel, queries
from shuzhi.scoring.charts import dot_plot
from shuzhi.scoring.computing import latest_computation, progress_of, request_computation
from shuzhi.scoring.engine.types import source_label
from shuzhi.scoring.forms import AmendPublicationForm, ComputeForm, PublishForm
from shuzhi.scoring.gather import engine_inputs
from shuzhi.scoring.models import Computation, Result
from shuzhi.scoring.publication import (
    amend_publication,
    is_on_notice,
    publication_of,
    publish_results,
)
from shuzhi.scoring.round_export import round_workbook_bytes


def _chart(groups: list[tuple[str, list[Result]]]) -> Any:
    return dot_plot(
        [
            (
                name,
                [
                    (r.composite, r.reporter.person.name, r.interview or bool(r.veto))
                    for r in results
                ],
            )
            for name, results in groups
        ]
    )


@login_required
def results_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.view")
    return _render_results(request, round_)


def _render_results(request: HttpRequest, round_: Any, **bound: Any) -> HttpResponse:
    groups = queries.results_by_group(round_)
    computation = latest_computation(round_)
    allowed = {
        p: has_permission(request.user, p, round_.hearing_organization)
        for p in ("scoring.compute", "scoring.publish")
    }
    context = {
        "round": round_,
        "groups": groups,
        "chart": _chart(groups) if groups else None,
        "places": settings_of(round_).places,
        "computation": computation,
        "progress": progress_of(computation) if computation else None,
        "publication": publication_of(round_),
        "can_compute": allowed["scoring.compute"],
        "can_publish": allowed["scoring.publish"],
        "compute_form": ComputeForm(),
        "publish_form": PublishForm(),
        **bound,
    }
    return render(request, "scoring/results.html", context, status=400 if bound else 200)


@login_required
@require_POST
def compute(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.compute")
    form = ComputeForm(request.POST)
    form.is_valid()
    try:
        request_computation(
            actor=signed_in_user(request), round=round_, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_results(request, round_, compute_form=form)
    return redirect("scoring:results", round_id=round_.pk)


@login_required
def computation_status(
    request: HtmxHttpRequest, round_id: int, computation_id: int
) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.view")
    computation = get_object_or_404(Computation, pk=computation_id, round=round_)
    response = render(
        request,
        "scoring/_computation.html",
        {"round": round_, "computation": computation, "progress": progress_of(computation)},
    )
    if request.htmx and computation.status == Computation.Status.DONE:
        response["HX-Refresh"] = "true"  # the finished results replace the page
    return response


@login_required
@require_POST
def publish(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.publish")
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _render_results(request, round_, publish_form=form)
    try:
        publish_results(actor=signed_in_user(request), round=round_, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_results(request, round_, publish_form=form)
    messages.success(request, "结果已冻结并公示。")
    return redirect("scoring:notice", round_id=round_.pk)


def _result(request: HttpRequest, round_id: int, reporter_id: int) -> tuple[Any, Result]:
    return queries.visible_result(request.user, round_id, reporter_id)


@login_required
def breakdown_page(request: HttpRequest, round_id: int, reporter_id: int) -> HttpResponse:
    round_, result = _result(request, round_id, reporter_id)
    context = {
        "round": round_,
        "result": result,
        "lines": queries.breakdown_lines(round_, result),
        "places": settings_of(round_).places,
    }
    return render(request, "scoring/breakdown.html", context)


@login_required
def score_sheet(request: HttpRequest, round_id: int, reporter_id: int) -> HttpResponse:
    round_, result = _result(request, round_id, reporter_id)
    data = excel.score_sheets(round_, [(result, queries.breakdown_lines(round_, result))])
    return attachment(data, f"{round_.name}-得分表-{result.reporter.person.name}.xlsx")


@login_required
def summary(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.view")
    data = excel.summary_workbook(round_, queries.results_by_group(round_))
    return attachment(data, f"{round_.name}-汇总表.xlsx")


@login_required
def round_workbook(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round as a round workbook, to score again offline with ``shuzhi score`` (the same
    results: tests/scoring/test_export_agrees.py). Holds every assessor's scores: admins only."""
    round_ = visible_round(request.user, round_id, "scoring.compute")
    names = {str(r.pk): str(r) for r in round_.reporters.select_related("person", "organization")}
    data = round_workbook_bytes(*engine_inputs(round_), names)
    return attachment(data, f"{round_.name}-考核工作簿.xlsx")


@login_required
def all_score_sheets(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.view")
    names, groups = queries.indicator_names(round_), queries.onsite_groups(round_)
    context = queries.line_context(round_)
    sheets = [
        (result, queries.breakdown_lines(round_, result, names, groups, context))
        for _, results in queries.results_by_group(round_)
        for result in results
    ]
    return attachment(excel.score_sheets(round_, sheets), f"{round_.name}-得分表.xlsx")


@login_required
def sensitivity_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.view")
    shifts, error = queries.stored_sensitivity(round_)
    rows = [(r.reporter, s, [_shift_text(w) for w in s.shifts]) for r, s in shifts]
    context = {
        "round": round_,
        "rows": rows,
        "fragile": sum(1 for _, s, _ in rows if not s.robust),
        "error": error,
    }
    return render(request, "scoring/sensitivity.html", context)


@login_required
def notice_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round_or_notice(request, round_id)
    publication = publication_of(round_)
    if publication is None:
        return render(request, "scoring/notice.html", {"round": round_, "publication": None})
    return _render_notice(request, round_, publication)


def _render_notice(
    request: HttpRequest, round_: Any, publication: Any, form: Any = None
) -> HttpResponse:
    today = timezone.localdate()
    can_amend = has_permission(request.user, "scoring.publish", round_.hearing_organization)
    initial = {"starts_on": publication.starts_on, "ends_on": publication.ends_on}
    context = {
        "amend_form": form
        or AmendPublicationForm(initial=initial | {"notice": publication.notice}),
        "can_amend": can_amend,
        "round": round_,
        "publication": publication,
        "groups": queries.results_by_group(round_),
        "on_notice": is_on_notice(publication, today),
        "places": settings_of(round_).places,
    }
    return render(request, "scoring/notice.html", context, status=400 if form else 200)


@login_required
@require_POST
def amend_notice(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.publish")
    publication = publication_of(round_)
    if publication is None:
        raise Http404
    form = AmendPublicationForm(request.POST)
    if form.is_valid():
        try:
            amend_publication(actor=signed_in_user(request), round=round_, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "公示信息已修改，并已记入审计日志。")
            return redirect("scoring:notice", round_id=round_.pk)
    return _render_notice(request, round_, publication, form)


def visible_round_or_notice(request: HttpRequest, round_id: int) -> Any:
    from shuzhi.rounds.models import Round

    round_ = Round.objects.select_related("hearing_organization").filter(pk=round_id).first()
    if round_ is None or not queries.notice_visible(request.user, round_):
        raise Http404
    return round_


def _shift_text(shift: engine.WeightShift) -> str:
    sign = "+" if shift.delta > 0 else ""
    return f"{source_label(shift.source)}权重 {sign}{shift.delta} → 第 {shift.rank} 名"
