"""Pages for one problem (item, merge, escalation) and one ledger item (roadmap, evidence, flow)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, signed_in_user
from shuzhi.audit.models import AuditEntry
from shuzhi.rectification import queries, rules, services
from shuzhi.rectification.forms import (
    EscalateForm,
    EvidenceForm,
    ItemForm,
    MergeForm,
    MilestoneForm,
    TransitionForm,
)
from shuzhi.rectification.models import Evidence, Milestone, Problem, RectificationItem

HISTORY_LABELS = {
    "rectification.item.create": "立项",
    "rectification.item.start": "开始整改",
    "rectification.item.submit": "提交销号",
    "rectification.item.return": "退回",
    "rectification.item.close": "销号",
    "rectification.item.overdue": "逾期",
    "rectification.milestone.add": "添加节点",
    "rectification.milestone.done": "完成节点",
    "rectification.evidence.add": "上传佐证材料",
}


def _visible_problem(request: HttpRequest, problem_id: int) -> Problem:
    problem = get_object_or_404(
        Problem.objects.select_related("organization", "item", "escalated_to__organization"),
        pk=problem_id,
    )
    if not has_permission(request.user, "rectification.view", problem.organization):
        raise Http404
    return problem


def _visible_item(request: HttpRequest, item_id: int) -> RectificationItem:
    item = queries.visible_item(request.user, item_id)
    if item is None:
        raise Http404  # another subtree's item is reported as missing, not as forbidden
    return item


@login_required
def problem_page(request: HttpRequest, problem_id: int) -> HttpResponse:
    return _render_problem(request, _visible_problem(request, problem_id))


def _render_problem(request: HttpRequest, problem: Problem, **bound: BaseForm) -> HttpResponse:
    organization = problem.organization
    can_manage = has_permission(request.user, "rectification.manage", organization)
    forms: dict[str, Any] = {}
    if can_manage and problem.is_active:
        forms = {
            "item_form": ItemForm(organization=organization),
            "merge_form": MergeForm(problem=problem),
            "escalate_form": EscalateForm(),
        }
    context = {
        "problem": problem,
        "organization": organization,
        "status": queries.problem_status(problem),
        # Escalated problems live in the parent's list, which the owner may not be able to open.
        "upper_visible": problem.escalated_to is not None
        and has_permission(request.user, "rectification.view", problem.escalated_to.organization),
        "merged": problem.merged.all(),
        "item": getattr(problem, "item", None),
        "can_manage": can_manage,
        **forms,
        **bound,
    }
    return render(request, "rectification/problem.html", context, status=400 if bound else 200)


def _problem_form(
    request: HttpRequest,
    problem_id: int,
    form_name: str,
    make_form: Callable[[Problem], BaseForm],
    perform: Callable[[Problem, dict[str, Any]], HttpResponse],
) -> HttpResponse:
    problem = _visible_problem(request, problem_id)
    form = make_form(problem)
    if form.is_valid():
        try:
            return perform(problem, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    return _render_problem(request, problem, **{form_name: form})


@login_required
@require_POST
def create_item(request: HttpRequest, problem_id: int) -> HttpResponse:
    def perform(problem: Problem, data: dict[str, Any]) -> HttpResponse:
        milestones = [(data["milestone"], data["milestone_date"])] if data["milestone"] else []
        item = services.create_item(
            actor=signed_in_user(request),
            problem=problem,
            measures=data["measures"],
            deadline=data["deadline"],
            first_responsible=data["first_responsible"],
            direct_responsible=data["direct_responsible"],
            milestones=milestones,
        )
        messages.success(request, "已列入整改台账。")
        return redirect("rectification:item", item_id=item.pk)

    return _problem_form(
        request,
        problem_id,
        "item_form",
        lambda p: ItemForm(request.POST, organization=p.organization),
        perform,
    )


@login_required
@require_POST
def merge(request: HttpRequest, problem_id: int) -> HttpResponse:
    def perform(problem: Problem, data: dict[str, Any]) -> HttpResponse:
        services.merge_problems(
            actor=signed_in_user(request),
            keep=problem,
            duplicate=data["duplicate"],
            reason=data["reason"],
        )
        messages.success(request, "已合并重复问题，来源均已保留。")
        return redirect("rectification:problem", problem_id=problem.pk)

    return _problem_form(
        request, problem_id, "merge_form", lambda p: MergeForm(request.POST, problem=p), perform
    )


@login_required
@require_POST
def escalate(request: HttpRequest, problem_id: int) -> HttpResponse:
    def perform(problem: Problem, data: dict[str, Any]) -> HttpResponse:
        upper = services.escalate_problem(
            actor=signed_in_user(request), problem=problem, reason=data["reason"]
        )
        messages.success(request, f"已上移至{upper.organization.name}。")
        return redirect("rectification:problem", problem_id=problem.pk)

    return _problem_form(
        request, problem_id, "escalate_form", lambda _: EscalateForm(request.POST), perform
    )


@login_required
def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    return _render_item(request, _visible_item(request, item_id))


def _render_item(request: HttpRequest, item: RectificationItem, **bound: BaseForm) -> HttpResponse:
    sides = services.sides_of(request.user, item)
    owner = rules.Side.OWNER in sides and item.status != "closed"
    actions = rules.actions_for(rules.Status(item.status), sides)
    context = {
        "item": item,
        "organization": item.organization,
        "milestones": item.milestones.all(),
        "evidence": item.evidence.all(),
        "owner": owner,
        "owner_actions": [a for a in actions if a in (rules.Action.START, rules.Action.SUBMIT)],
        "superior_actions": [a for a in actions if a in (rules.Action.RETURN, rules.Action.CLOSE)],
        "history": [
            (entry, HISTORY_LABELS.get(entry.action, entry.action))
            for entry in AuditEntry.objects.filter(
                object_type=item._meta.label, object_id=str(item.pk)
            ).order_by("pk")
        ],
        "today": timezone.localdate(),
        "milestone_form": MilestoneForm(),
        "evidence_form": EvidenceForm(),
        "transition_form": TransitionForm(),
        **bound,
    }
    return render(request, "rectification/item.html", context, status=400 if bound else 200)


def _item_form(
    request: HttpRequest,
    item_id: int,
    form_name: str,
    make_form: Callable[[], BaseForm],
    perform: Callable[[RectificationItem, dict[str, Any]], str],
) -> HttpResponse:
    item = _visible_item(request, item_id)
    form = make_form()
    if form.is_valid():
        try:
            messages.success(request, perform(item, form.cleaned_data))
            return redirect("rectification:item", item_id=item.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _render_item(request, item, **{form_name: form})


@login_required
@require_POST
def add_milestone(request: HttpRequest, item_id: int) -> HttpResponse:
    def perform(item: RectificationItem, data: dict[str, Any]) -> str:
        services.add_milestone(actor=signed_in_user(request), item=item, **data)
        return "已添加节点。"

    return _item_form(
        request, item_id, "milestone_form", lambda: MilestoneForm(request.POST), perform
    )


@login_required
@require_POST
def complete_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=milestone_id)
    item = _visible_item(request, milestone.item_id)
    milestone.item = item
    try:
        services.complete_milestone(
            actor=signed_in_user(request), milestone=milestone, done_on=timezone.localdate()
        )
        messages.success(request, "节点已完成。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("rectification:item", item_id=item.pk)


@login_required
@require_POST
def upload_evidence(request: HttpRequest, item_id: int) -> HttpResponse:
    def perform(item: RectificationItem, data: dict[str, Any]) -> str:
        services.attach_evidence(
            actor=signed_in_user(request), item=item, upload=data["file"], note=data["note"]
        )
        return "已上传佐证材料。"

    return _item_form(
        request,
        item_id,
        "evidence_form",
        lambda: EvidenceForm(request.POST, request.FILES),
        perform,
    )


@login_required
@require_POST
def transition(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    try:
        chosen = rules.Action(action)
    except ValueError:
        raise Http404 from None

    def perform(item: RectificationItem, data: dict[str, Any]) -> str:
        done = services.transition(actor=signed_in_user(request), item=item, action=chosen, **data)
        return f"状态已更新为「{done.get_status_display()}」。"

    return _item_form(
        request, item_id, "transition_form", lambda: TransitionForm(request.POST), perform
    )


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    _visible_item(request, evidence.item_id)
    return FileResponse(evidence.file.open("rb"), filename=evidence.original_name)
