"""Party-building audit pages: plan (the draw), the audit, its report and rectification."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, signed_in_user
from shuzhi.core.http import DOCX, attachment
from shuzhi.factfinding import audits, queries
from shuzhi.factfinding.documents import write_audit_report
from shuzhi.factfinding.forms import (
    AuditFindingForm,
    IssueForm,
    PlanAuditForm,
    RectificationReportForm,
    ReviewForm,
    ScoreItemForm,
)
from shuzhi.factfinding.models import Audit, ChecklistItem
from shuzhi.factfinding.views import _done, _round_post
from shuzhi.orgs.models import Organization
from shuzhi.rounds.queries import visible_round


@login_required
@require_POST
def plan(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.plan")
    user = signed_in_user(request)
    form = PlanAuditForm(request.POST, user=user, under=round_.hearing_organization)
    if not form.is_valid():
        return _round_post(request, round_id, audit_form=form)
    try:
        audit = audits.plan_audit(
            actor=user,
            round=round_,
            organization=form.cleaned_data["organization"],
            counts=form.counts(),
            seed=form.cleaned_data["seed"],
        )
    except ValidationError as error:
        return _round_post(request, round_id, audit_form=form, errors=error.messages)
    return redirect("factfinding:audit", audit.pk)


def _audit(request: HttpRequest, pk: int) -> Audit:
    user = request.user
    return get_object_or_404(queries.visible_audits(user), pk=pk)


@login_required
def audit_page(request: HttpRequest, pk: int, **bound: Any) -> HttpResponse:
    audit = _audit(request, pk)
    user = signed_in_user(request)
    auditor = has_permission(user, "factfinding.audit", audit.round.hearing_organization)
    detail = queries.audit_detail(audit)
    reported = audit.state in queries.REPORTED
    context = {
        "audit": audit,
        **detail,
        "sees_sample": queries.sees_sample(user, audit),
        "sees_findings": auditor or reported,
        "auditor": auditor,
        "unit": has_permission(user, "factfinding.acknowledge", audit.organization),
        "finding_form": AuditFindingForm(
            samples=[(s.organization_id, s.organization.name) for s in detail["samples"]]
        ),
        "issue_form": IssueForm(),
        "report_form": RectificationReportForm(),
        "review_form": ReviewForm(),
        "errors": [],
        **bound,
    }
    return render(request, "factfinding/audit.html", context, status=400 if bound else 200)


def _after(request: HttpRequest, pk: int, error: str | None) -> HttpResponse:
    return audit_page(request, pk, errors=[error]) if error else redirect("factfinding:audit", pk)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    user = signed_in_user(request)
    today = timezone.localdate()
    return _after(
        request,
        pk,
        _done(
            request,
            lambda: audits.start_audit(actor=user, audit=audit, today=today),
            "审计已开始。",
        ),
    )


@login_required
@require_POST
def score_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    audit = _audit(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id, audit=audit)
    form = ScoreItemForm(request.POST)
    if not form.is_valid():
        return audit_page(request, pk, errors=["得分格式不正确。"])
    user = signed_in_user(request)
    awarded = form.cleaned_data["awarded"]
    return _after(
        request,
        pk,
        _done(
            request, lambda: audits.score_item(actor=user, item=item, awarded=awarded), "已评分。"
        ),
    )


@login_required
@require_POST
def add_finding(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    samples = [
        (s.organization_id, s.organization.name)
        for s in audit.samples.select_related("organization")
    ]
    form = AuditFindingForm(request.POST, samples=samples)
    if not form.is_valid():
        return audit_page(request, pk, finding_form=form)
    data = form.cleaned_data
    sampled = Organization.objects.filter(pk=data["sampled"]).first() if data["sampled"] else None
    user = signed_in_user(request)
    return _after(
        request,
        pk,
        _done(
            request,
            lambda: audits.record_audit_finding(
                actor=user,
                audit=audit,
                sampled=sampled,
                responsibility=data["responsibility"],
                text=data["text"],
            ),
            "已记录问题。",
        ),
    )


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return audit_page(request, pk, issue_form=form)
    user = signed_in_user(request)
    today = timezone.localdate()
    return _after(
        request,
        pk,
        _done(
            request,
            lambda: audits.issue_report(actor=user, audit=audit, today=today, **form.cleaned_data),
            "审计报告已出具。",
        ),
    )


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    user = signed_in_user(request)
    if audit.state not in queries.REPORTED and not has_permission(
        user, "factfinding.audit", audit.round.hearing_organization
    ):
        raise Http404
    buffer = BytesIO()
    write_audit_report(audit, buffer)
    return attachment(buffer.getvalue(), f"{audit.organization.name}党建审计报告.docx", DOCX)


@login_required
@require_POST
def submit_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = RectificationReportForm(request.POST)
    if not form.is_valid():
        return audit_page(request, pk, report_form=form)
    user = signed_in_user(request)
    text = form.cleaned_data["text"]
    return _after(
        request,
        pk,
        _done(
            request,
            lambda: audits.submit_rectification_report(actor=user, audit=audit, text=text),
            "整改报告已提交。",
        ),
    )


@login_required
@require_POST
def review_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return audit_page(request, pk, review_form=form)
    user = signed_in_user(request)
    return _after(
        request,
        pk,
        _done(
            request,
            lambda: audits.review_rectification_report(
                actor=user, audit=audit, **form.cleaned_data
            ),
            "已处理。",
        ),
    )
