"""Entering score sources: the score grid (htmx, one cell at a time) and the other sources."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.indicators import IndicatorKind
from shuzhi.rounds.models import Indicator, Reporter
from shuzhi.rounds.queries import visible_round, visible_rounds
from shuzhi.rounds.services import settings_of
from shuzhi.scoring import fact_finding, queries, services, sources_workbook
from shuzhi.scoring.forms import (
    AssessmentForm,
    FactFindingForm,
    HitForm,
    OnsiteForm,
    ScoreCellForm,
    UploadForm,
)
from shuzhi.scoring.models import ConstraintHit
from shuzhi.scoring.workbook import RoundWorkbookError


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, "scoring.view")
    rounds = list(visible_rounds(request.user, "scoring.view"))
    enterable = {
        r.pk
        for r in rounds
        if has_permission(request.user, "scoring.enter", r.hearing_organization)
    }
    return render(request, "scoring/index.html", {"rounds": rounds, "enterable": enterable})


@login_required
def entry_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    context = {
        "round": round_,
        "grid": queries.entry_grid(round_, signed_in_user(request)),
        "frozen": services.is_frozen(round_),
    }
    return render(request, "scoring/entry.html", context)


@login_required
@require_POST
def save_cell(
    request: HttpRequest, round_id: int, reporter_id: int, indicator_id: int
) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    reporter = get_object_or_404(Reporter, pk=reporter_id, round=round_)
    indicator = get_object_or_404(Indicator, pk=indicator_id, round=round_)
    form = ScoreCellForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.enter_score(
                actor=signed_in_user(request),
                reporter=reporter,
                indicator=indicator,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as problem:
            error = problem.messages[0]
    else:
        error = "请输入数字（最多两位小数）。"
    context = {
        "round": round_,
        "reporter": reporter,
        "indicator": indicator,
        "value": request.POST.get("points", ""),
        "error": error,
        "saved": not error,
    }
    # htmx swaps only 2xx answers, so a refused cell comes back as 200 with its error shown.
    failed = error and not request.headers.get("HX-Request")
    return render(request, "scoring/_cell.html", context, status=400 if failed else 200)


@login_required
def sources_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    return _render_sources(request, round_)


def _render_sources(request: HttpRequest, round_: Any, **bound: Any) -> HttpResponse:
    context = {
        "round": round_,
        "rows": queries.source_rows(round_),
        "constraints": round_.indicators.filter(kind=IndicatorKind.CONSTRAINT),
        "onsite_form": OnsiteForm(),
        "assessment_form": AssessmentForm(level_names=_level_names(round_)),
        "hit_form": HitForm(),
        "upload_form": UploadForm(),
        "fact_finding_form": FactFindingForm(),
        "frozen": services.is_frozen(round_),
        "errors": [],
        **bound,
    }
    return render(request, "scoring/sources.html", context, status=400 if bound else 200)


def _level_names(round_: Any) -> dict[str, str]:
    settings = settings_of(round_)
    return {"level_1": settings.level_1_name, "level_2": settings.level_2_name}


def _reporter(round_: Any, form: Any) -> Reporter:
    return get_object_or_404(Reporter, pk=form.cleaned_data["reporter"], round=round_)


@login_required
@require_POST
def save_source(request: HttpRequest, round_id: int, kind: str) -> HttpResponse:
    """One of: on-site tally, other source's score, constraint hit."""
    round_ = visible_round(request.user, round_id, "scoring.enter")
    actor = signed_in_user(request)
    forms = {"onsite": OnsiteForm, "assessment": AssessmentForm, "hit": HitForm}
    form = forms[kind](request.POST) if kind in forms else None
    if form is None:
        return HttpResponse(status=404)
    if not form.is_valid():
        return _render_sources(request, round_, **{f"{kind}_form": form})
    data = form.cleaned_data
    try:
        if isinstance(form, OnsiteForm):
            services.record_onsite(
                actor=actor,
                reporter=_reporter(round_, form),
                voter_category=data["voter_category"],
                counts={g: data[g] for g in EvaluationGrade.values},
                reason=data["reason"],
            )
        elif isinstance(form, AssessmentForm):
            services.record_assessment(
                actor=actor,
                reporter=_reporter(round_, form),
                source=data["source"],
                score=data["score"],
                note=data["note"],
                reason=data["reason"],
            )
        else:
            services.record_constraint_hit(
                actor=actor,
                reporter=_reporter(round_, form),
                indicator_code=data["indicator"],
                reason=data["facts"],
                change_reason=data["reason"],
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_sources(request, round_, **{f"{kind}_form": form})
    messages.success(request, "已保存。")
    return redirect("scoring:sources", round_id=round_.pk)


@login_required
@require_POST
def withdraw_hit(request: HttpRequest, round_id: int, hit_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    hit = get_object_or_404(ConstraintHit, pk=hit_id, reporter__round=round_)
    try:
        services.withdraw_constraint_hit(
            actor=signed_in_user(request), hit=hit, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        return _render_sources(request, round_, errors=error.messages)
    messages.success(request, "已撤销。")
    return redirect("scoring:sources", round_id=round_.pk)


@login_required
@require_POST
def import_sources(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_sources(request, round_, upload_form=form)
    try:
        count = sources_workbook.import_sources(
            actor=signed_in_user(request),
            round=round_,
            stream=form.cleaned_data["file"],
            reason=form.cleaned_data["reason"],
        )
    except RoundWorkbookError as error:
        return _render_sources(
            request, round_, upload_form=form, errors=[str(e) for e in error.errors]
        )
    except ValidationError as error:
        return _render_sources(request, round_, upload_form=form, errors=error.messages)
    messages.success(request, f"已导入 {count} 行。")
    return redirect("scoring:sources", round_id=round_.pk)


@login_required
@require_POST
def take_records(request: HttpRequest, round_id: int) -> HttpResponse:
    """Take the records source as the records app computes it (no re-approval, 001)."""
    round_ = visible_round(request.user, round_id, "scoring.enter")
    try:
        count = services.take_records_source(
            actor=signed_in_user(request), round=round_, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        return _render_sources(request, round_, errors=error.messages)
    messages.success(request, f"已从日常纪实取得 {count} 名述职人的年度记录得分。")
    return redirect("scoring:sources", round_id=round_.pk)


@login_required
@require_POST
def take_fact_finding(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    form = FactFindingForm(request.POST)
    if not form.is_valid():
        return _render_sources(request, round_, fact_finding_form=form)
    try:
        taken = fact_finding.take_fact_finding_scores(
            actor=signed_in_user(request), round=round_, **form.cleaned_data
        )
    except ValidationError as error:
        return _render_sources(request, round_, fact_finding_form=form, errors=error.messages)
    messages.success(
        request, f"已取得 {taken.entered} 名述职人的得分，{taken.without_score} 名无得分。"
    )
    return redirect("scoring:sources", round_id=round_.pk)


@login_required
def sources_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "scoring.enter")
    return attachment(sources_workbook.template(), "评分来源导入模板.xlsx")


def can(request: HttpRequest, permission: str, round_: Any) -> bool:
    return has_permission(request.user, permission, round_.hearing_organization)
