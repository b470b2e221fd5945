"""Work-record pages: the home page, an organisation's record and progress, one entry, the
subtree's secretaries who are behind, a round's targets and its records source."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.orgs.models import Organization
from shuzhi.orgs.pickers import bind_pickers
from shuzhi.orgs.queries import grant_roots
from shuzhi.records import queries, rules, services
from shuzhi.records.forms import ConfirmForm, TargetsForm, WorkLogChangeForm, WorkLogForm
from shuzhi.records.models import WorkLog
from shuzhi.rounds.models import Round
from shuzhi.rounds.queries import visible_round


def visible_organization(request: HttpRequest, code: str) -> Organization:
    organization = queries.visible_organization(request.user, code)
    if organization is None:
        raise Http404  # another subtree is reported as missing, not as forbidden
    return organization


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.view")
    today = timezone.localdate()
    roots = list(grant_roots(request.user, "records.view")[:3])
    context = {
        "roots": roots,
        "today": today,
        "can_submit": has_permission(request.user, "records.submit"),
        "can_approve": has_permission(request.user, "records.approve"),
        "can_import": has_permission(request.user, "records.submit")
        or has_permission(request.user, "records.write"),
    }
    return render(request, "records/home.html", context)


def _chart(progress: queries.Progress) -> dict[str, Any]:
    """Chart.js data for the cumulative progress of each target, with its target line."""
    return {
        "labels": progress.months,
        "series": [
            {"label": label, "data": data, "target": target}
            for label, data, target in progress.series
        ],
    }


def render_organization(
    request: HttpRequest, organization: Organization, status: int = 200, **bound: BaseForm
) -> HttpResponse:
    year = _year(request)
    today = timezone.localdate()
    progress = queries.progress_of(organization, year, today)
    can_write = services.can_write_record(request.user, organization)
    can_confirm = organization.parent is not None and has_permission(
        request.user, "records.confirm", organization.parent
    )
    log_form = bound.get("log_form") or (
        WorkLogForm(initial={"occurred_on": today}) if can_write else None
    )
    if log_form is not None:
        bind_pickers(log_form, request.user, under=organization)
    context = {
        "organization": organization,
        "year": year,
        "progress": progress,
        "chart": _chart(progress),
        "logs": queries.logs_of(organization, year),
        "log_form": log_form,
        "confirm_form": bound.get("confirm_form") or (ConfirmForm() if can_confirm else None),
        "can_confirm": can_confirm,
        "secretary": services.secretary_on(organization, today),
    }
    return render(request, "records/organization.html", context, status=status)


@login_required
def organization_page(request: HttpRequest, code: str) -> HttpResponse:
    return render_organization(request, visible_organization(request, code))


@login_required
@require_POST
def log_work(request: HttpRequest, code: str) -> HttpResponse:
    organization = visible_organization(request, code)
    if not services.can_write_record(request.user, organization):
        raise PermissionDenied("records.write")
    form = WorkLogForm(request.POST, request.FILES)
    bind_pickers(form, request.user, under=organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.log_work(
                actor=signed_in_user(request),
                organization=organization,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                place=data["place"],
                text=data["text"],
                days=data["days"] or Decimal(0),
                participants=data["participants"],
                place_organization=data["place_organization"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "纪实已登记。")
            return redirect("records:organization", code=organization.code)
    return render_organization(request, organization, status=400, log_form=form)


@login_required
@require_POST
def confirm(request: HttpRequest, code: str) -> HttpResponse:
    organization = visible_organization(request, code)
    if organization.parent is None:
        raise Http404
    require(request.user, "records.confirm", organization.parent)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            count = services.confirm_month(
                actor=signed_in_user(request),
                organization=organization,
                month=form.cleaned_data["month"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已确认 {count} 条纪实。")
            return redirect("records:organization", code=organization.code)
    return render_organization(request, organization, status=400, confirm_form=form)


def _visible_log(request: HttpRequest, log_id: int) -> WorkLog:
    log = get_object_or_404(WorkLog.objects.select_related("organization", "person"), pk=log_id)
    if not has_permission(request.user, "records.view", log.organization):
        raise Http404
    return log


@login_required
def log_page(request: HttpRequest, log_id: int) -> HttpResponse:
    log = _visible_log(request, log_id)
    can_write = services.can_write_record(request.user, log.organization)
    form: WorkLogChangeForm | None = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("records.write")
        form = WorkLogChangeForm(request.POST)
        bind_pickers(form, request.user, under=log.organization)
        if form.is_valid():
            data = form.cleaned_data
            reason = data.pop("reason")
            data["days"] = data["days"] or Decimal(0)
            try:
                services.change_work_log(
                    actor=signed_in_user(request), log=log, reason=reason, **data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "纪实已修改。")
                return redirect("records:organization", code=log.organization.code)
    elif can_write:
        form = WorkLogChangeForm(initial={name: getattr(log, name) for name in services.LOG_FIELDS})
        bind_pickers(form, request.user, under=log.organization)
    status = 400 if request.method == "POST" else 200
    return render(request, "records/log.html", {"log": log, "form": form}, status=status)


@login_required
def secretaries_page(request: HttpRequest, code: str) -> HttpResponse:
    """The subtree's secretaries and their progress; those behind first (the admin's view)."""
    organization = visible_organization(request, code)
    year = _year(request)
    rows = queries.secretaries_progress(organization, year, timezone.localdate())
    rows.sort(key=lambda row: (not row.behind, row.percent, row.organization.path))
    context = {
        "organization": organization,
        "year": year,
        "rows": rows,
        "behind": sum(1 for row in rows if row.behind),
    }
    return render(request, "records/secretaries.html", context)


def _round(request: HttpRequest, round_id: int) -> Round:
    round_ = visible_round(request.user, round_id, "records.view")
    return round_


@login_required
def round_scores(request: HttpRequest, round_id: int) -> HttpResponse:
    """The records source of every reporter, with the lines that made it."""
    round_ = _round(request, round_id)
    answers = queries.records_scores(round_.pk)
    reporters = {r.pk: r for r in round_.reporters.select_related("person", "organization")}
    rows = [(reporters[rid], answer) for rid, answer in answers.items() if rid in reporters]
    rows.sort(key=lambda row: row[0].organization.path)
    context = {
        "round": round_,
        "rows": rows,
        "formula": queries.formula_of(round_),
        "targets": [rules.describe_target(t) for t in services.stored_targets(round_)],
        "can_manage": has_permission(request.user, "records.manage", round_.hearing_organization),
    }
    return render(request, "records/round_scores.html", context)


@login_required
def targets_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    require(request.user, "records.manage", round_.hearing_organization)
    current = {t.kind: t for t in services.stored_targets(round_)}
    formula = queries.formula_of(round_)
    initial: dict[str, Any] = {"base": formula.base, "completion_weight": formula.completion_weight}
    initial |= {f"target_{kind}": t.minimum for kind, t in current.items()}
    contact = current.get(rules.WorkKind.CONTACT_POINT)
    initial["days_per_place"] = contact.days_per_place if contact else Decimal(30)
    form = TargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = [
            rules.Target(
                kind.value,
                rules.TARGET_MEASURES[kind.value],
                data[f"target_{kind.value}"],
                data["days_per_place"] if kind == rules.WorkKind.CONTACT_POINT else Decimal(0),
            )
            for kind in rules.WorkKind
            if data[f"target_{kind.value}"]
        ]
        actor = signed_in_user(request)
        try:
            services.set_targets(actor=actor, round=round_, targets=targets)
            services.set_formula(
                actor=actor,
                round=round_,
                base=data["base"],
                completion_weight=data["completion_weight"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "纪实目标与计分公式已保存。")
            return redirect("records:round-scores", round_id=round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "records/targets.html", {"round": round_, "form": form}, status=status)
