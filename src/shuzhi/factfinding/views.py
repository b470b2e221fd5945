"""Fact-finding pages: rounds, inspection groups, visits (phone-sized), findings and 认账."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.factfinding import queries, services, workbook
from shuzhi.factfinding.forms import (
    AnswerForm,
    AssignUnitForm,
    EditFindingForm,
    EvidenceForm,
    FindingForm,
    FormGroupsForm,
    OpinionForm,
    OtherVisitForm,
    PaperImportForm,
    PlanAuditForm,
    RatingForm,
    RulingForm,
    VisitForm,
)
from shuzhi.factfinding.models import Finding, GroupUnit, InspectionGroup, Visit
from shuzhi.factfinding.rules import UNACKNOWLEDGED, Acknowledgement, VisitKind
from shuzhi.rounds.queries import visible_round, visible_rounds


def _done(request: HttpRequest, action: Callable[[], Any], message: str) -> str | None:
    """Run one service; a refusal comes back as its message, shown on the page."""
    try:
        action()
    except ValidationError as error:
        return "；".join(error.messages)
    messages.success(request, message)
    return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, "factfinding.view")
    user = signed_in_user(request)
    context = {
        "rounds": visible_rounds(user, "factfinding.view")[:20],
        "groups": queries.my_groups(user)[:20],
        "to_answer": queries.findings_page(user).filter(acknowledgement__in=UNACKNOWLEDGED)[:50],
    }
    return render(request, "factfinding/home.html", context)


def _round_context(request: HttpRequest, round_: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    under = round_.hearing_organization
    return {
        "round": round_,
        **queries.round_overview(round_.pk),
        "may_plan": has_permission(user, "factfinding.plan", under),
        "may_record": has_permission(user, "factfinding.record", under),
        "groups_form": FormGroupsForm(),
        "audit_form": PlanAuditForm(user=user, under=under),
        "visit_form": OtherVisitForm(user=user, under=under),
        "import_form": PaperImportForm(),
        "errors": [],
    }


@login_required
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.view")
    return render(request, "factfinding/round.html", _round_context(request, round_))


def _round_post(request: HttpRequest, round_id: int, **bound: Any) -> HttpResponse:
    """The round page again with a refused form and its errors."""
    round_ = visible_round(request.user, round_id, "factfinding.view")
    context = _round_context(request, round_) | bound
    return render(request, "factfinding/round.html", context, status=400)


@login_required
@require_POST
def form_groups(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.plan")
    form = FormGroupsForm(request.POST)
    error = "请检查输入。"
    if form.is_valid():
        error = (
            _done(
                request,
                lambda: services.form_groups(
                    actor=signed_in_user(request), round=round_, **form.cleaned_data
                ),
                "已组建视察组。",
            )
            or ""
        )
        if not error:
            return redirect("factfinding:round", round_id)
    return _round_post(request, round_id, groups_form=form, errors=[error])


@login_required
@require_POST
def other_visit(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.record")
    user = signed_in_user(request)
    form = OtherVisitForm(request.POST, user=user, under=round_.hearing_organization)
    if not form.is_valid():
        return _round_post(request, round_id, visit_form=form)
    visit = services.record_visit(actor=user, round=round_, **form.cleaned_data)
    return redirect("factfinding:visit", visit.pk)


@login_required
@require_POST
def import_paper(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.record")
    form = PaperImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _round_post(request, round_id, import_form=form)
    try:
        count = workbook.import_paper(
            actor=signed_in_user(request), round=round_, stream=form.cleaned_data["file"]
        )
    except WorkbookInvalid as invalid:
        return _round_post(
            request, round_id, import_form=form, errors=[str(e) for e in invalid.errors]
        )
    messages.success(request, f"已导入 {count} 条问题。")
    return redirect("factfinding:round", round_id)


@login_required
def export_findings(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = visible_round(request.user, round_id, "factfinding.plan")
    buffer = BytesIO()
    workbook.write_findings(round_, buffer, today=timezone.localdate())
    return attachment(buffer.getvalue(), f"{round_.name}问题清单.xlsx")


def _group(request: HttpRequest, pk: int) -> InspectionGroup:
    return get_object_or_404(queries.visible_groups(request.user), pk=pk)


@login_required
def group_page(request: HttpRequest, pk: int, **bound: Any) -> HttpResponse:
    group = _group(request, pk)
    user = signed_in_user(request)
    detail = queries.group_detail(group)
    units = [(u.organization_id, u.organization.name) for u in detail["units"]]
    context = {
        "group": group,
        **detail,
        "is_member": services.is_member(user, group),
        "may_plan": has_permission(user, "factfinding.plan", group.round.hearing_organization),
        "visit_form": VisitForm(units=units, initial={"visited_on": timezone.localdate()}),
        "assign_form": AssignUnitForm(user=user, under=group.round.hearing_organization),
        "errors": [],
        **bound,
    }
    return render(request, "factfinding/group.html", context, status=400 if bound else 200)


@login_required
@require_POST
def assign_unit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    user = signed_in_user(request)
    form = AssignUnitForm(request.POST, user=user, under=group.round.hearing_organization)
    if not form.is_valid():
        return group_page(request, pk, assign_form=form)
    error = _done(
        request,
        lambda: services.assign_unit(actor=user, group=group, **form.cleaned_data),
        "已加入视察计划。",
    )
    return group_page(request, pk, errors=[error]) if error else redirect("factfinding:group", pk)


@login_required
@require_POST
def record_visit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    user = signed_in_user(request)
    units = {
        u.organization_id: u
        for u in GroupUnit.objects.filter(group=group).select_related("organization")
    }
    form = VisitForm(request.POST, units=[(k, u.organization.name) for k, u in units.items()])
    if not form.is_valid():
        return group_page(request, pk, visit_form=form)
    data = form.cleaned_data
    visit = services.record_visit(
        actor=user,
        round=group.round,
        organization=units[int(data["unit"])].organization,
        kind=VisitKind.INSPECTION,
        visited_on=data["visited_on"],
        group=group,
        methods=data["methods"],
        notes=data["notes"],
    )
    return redirect("factfinding:visit", visit.pk)


def _visit(request: HttpRequest, pk: int) -> Visit:
    user = request.user
    visit = Visit.objects.select_related("organization", "group", "round").filter(pk=pk).first()
    if visit is None:
        raise Http404
    in_scope = queries.visible_visits(user).filter(pk=pk).exists()
    if not in_scope and not (
        visit.group and services.is_member(signed_in_user(request), visit.group)
    ):
        raise Http404
    return visit


@login_required
def visit_page(request: HttpRequest, pk: int, **bound: Any) -> HttpResponse:
    visit = _visit(request, pk)
    user = signed_in_user(request)
    may_record = has_permission(user, "factfinding.record", visit.organization) and (
        visit.group is None or services.is_member(user, visit.group)
    )
    context = {
        "visit": visit,
        **queries.visit_detail(visit),
        "may_record": may_record,
        "finding_form": FindingForm(),
        "opinion_form": OpinionForm(),
        "rating_form": RatingForm(),
        "evidence_form": EvidenceForm(),
        "errors": [],
        **bound,
    }
    return render(request, "factfinding/visit.html", context, status=400 if bound else 200)


VISIT_FORMS: dict[str, Any] = {
    "finding": (
        FindingForm,
        lambda a, v, d: services.record_finding(actor=a, visit=v, **d),
        "已记录问题。",
    ),
    "opinion": (
        OpinionForm,
        lambda a, v, d: services.add_opinion(actor=a, visit=v, **d),
        "已记录意见。",
    ),
    "rating": (RatingForm, lambda a, v, d: services.rate(actor=a, visit=v, **d), "已保存测评分。"),
    "evidence": (
        EvidenceForm,
        lambda a, v, d: services.attach_evidence(actor=a, visit=v, upload=d["file"]),
        "已上传。",
    ),
}


@login_required
@require_POST
def visit_action(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    if what not in VISIT_FORMS:
        raise Http404
    visit = _visit(request, pk)
    require(request.user, "factfinding.record", visit.organization)
    form_class, action, message = VISIT_FORMS[what]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return visit_page(request, pk, **{f"{what}_form": form})
    user = signed_in_user(request)
    error = _done(request, lambda: action(user, visit, form.cleaned_data), message)
    return visit_page(request, pk, errors=[error]) if error else redirect("factfinding:visit", pk)


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    require(request.user, "factfinding.view")
    user = signed_in_user(request)
    rows = [
        (
            f,
            has_permission(user, "factfinding.acknowledge", f.organization),
            f.organization.parent is not None
            and has_permission(user, "factfinding.rule", f.organization.parent),
        )
        for f in queries.findings_page(user)[:200]
    ]
    context = {
        "rows": rows,
        "answer_form": AnswerForm(),
        "ruling_form": RulingForm(),
        "Ack": Acknowledgement,
    }
    return render(request, "factfinding/findings.html", context)


def _finding(request: HttpRequest, pk: int) -> Finding:
    return get_object_or_404(
        queries.visible_findings(request.user).select_related("organization__parent", "audit"),
        pk=pk,
    )


def _after_edit(finding: Finding) -> HttpResponse:
    if finding.visit_id is not None:
        return redirect("factfinding:visit", finding.visit_id)
    return redirect("factfinding:audit", finding.audit_id)


@login_required
def edit_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a finding: only who may record it (an inspection's: its group's members)."""
    finding = _finding(request, pk)
    user = signed_in_user(request)
    if not services.may_edit_finding(user, finding):
        raise PermissionDenied("只能修改本组记录的问题。")
    if request.method == "POST":
        form = EditFindingForm(request.POST)
        if form.is_valid():
            try:
                services.edit_finding(actor=user, finding=finding, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已修改问题。")
                return _after_edit(finding)
        finding.refresh_from_db()  # the page shows what is stored beside what was typed
    else:
        form = EditFindingForm(
            initial={"responsibility": finding.responsibility, "text": finding.text}
        )
    context = {
        "finding": finding,
        "form": form,
        "editable": finding.acknowledgement == Acknowledgement.PENDING,
    }
    return render(
        request, "factfinding/edit_finding.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        error = _done(
            request,
            lambda: services.answer_finding(
                actor=signed_in_user(request), finding=finding, **form.cleaned_data
            ),
            "已提交。",
        )
        if error:
            messages.error(request, error)
    return redirect("factfinding:findings")


@login_required
@require_POST
def rule(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = RulingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "裁定须写明意见。")
        return redirect("factfinding:findings")
    try:
        services.rule_on_dispute(
            actor=signed_in_user(request), finding=finding, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("factfinding:findings")
