"""The rectification API: problem lists, the ledger, dashboards and the status flow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from shuzhi.accounts.access import require, signed_in_user
from shuzhi.orgs.models import Organization
from shuzhi.rectification import queries, rules, services
from shuzhi.rectification.models import Problem, RectificationItem

router = Router(tags=["问题整改"])
T = TypeVar("T")


class ProblemOut(Schema):
    id: int
    source: str
    text: str
    year: int
    status: str
    merged_sources: list[str]
    item_id: int | None


class ProblemIn(Schema):
    source: str
    text: str
    year: int
    reference: str = ""


class ItemOut(Schema):
    id: int
    problem_id: int
    organization_code: str
    problem: str
    measures: str
    first_responsible: str
    direct_responsible: str | None
    deadline: date
    status: str
    overdue: bool
    return_reason: str
    closed_on: date | None
    close_reason: str


class TransitionIn(Schema):
    reason: str = ""
    progress: str = ""


class DashboardRowOut(Schema):
    organization_code: str
    label: str
    closed_on_time: int
    closed_late: int
    open: int
    overdue: int


def _organization(request: HttpRequest, code: str) -> Organization:
    organization = queries.visible_organization(request.user, code)
    if organization is None:
        raise Http404
    return organization


def _item_out(item: RectificationItem, today: date) -> ItemOut:
    return ItemOut(
        id=item.pk,
        problem_id=item.problem_id,
        organization_code=item.organization.code,
        problem=item.problem.text,
        measures=item.measures,
        first_responsible=item.first_responsible.name,
        direct_responsible=item.direct_responsible.name if item.direct_responsible else None,
        deadline=item.deadline,
        status=item.status,
        overdue=item.is_overdue_on(today),
        return_reason=item.return_reason,
        closed_on=item.closed_on,
        close_reason=item.close_reason,
    )


def _refusing(action: Callable[[], T]) -> T:
    """Run a service; a rule it refuses becomes a 400 with the Chinese reason."""
    try:
        return action()
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from None


@router.get("/organizations/{code}/problems", response=list[ProblemOut], summary="问题清单")
def problem_list(request: HttpRequest, code: str) -> list[ProblemOut]:
    organization = _organization(request, code)
    return [
        ProblemOut(
            id=p.pk,
            source=p.source,
            text=p.text,
            year=p.year,
            status=queries.problem_status(p),
            merged_sources=[m.source for m in p.merged.all()],
            item_id=getattr(getattr(p, "item", None), "pk", None),
        )
        for p in queries.problem_list(organization)
    ]


@router.post(
    "/organizations/{code}/problems",
    response={201: ProblemOut},
    summary="录入问题（视察、审计、暗访）",
)
def add_problem(request: HttpRequest, code: str, payload: ProblemIn) -> Status:
    organization = _organization(request, code)
    require(request.user, "rectification.manage", organization)
    problem: Problem = _refusing(
        lambda: services.add_problem(
            actor=signed_in_user(request), organization=organization, **payload.dict()
        )
    )
    out = ProblemOut(
        id=problem.pk,
        source=problem.source,
        text=problem.text,
        year=problem.year,
        status=queries.problem_status(problem),
        merged_sources=[],
        item_id=None,
    )
    return Status(201, out)


@router.get("/organizations/{code}/items", response=list[ItemOut], summary="整改台账（含下级）")
def ledger(request: HttpRequest, code: str, subtree: bool = True) -> list[ItemOut]:
    organization = _organization(request, code)
    today = timezone.localdate()
    return [_item_out(item, today) for item in queries.ledger(organization, subtree=subtree)]


@router.get(
    "/organizations/{code}/dashboard", response=list[DashboardRowOut], summary="整改进度统计"
)
def dashboard(request: HttpRequest, code: str) -> list[DashboardRowOut]:
    rows = queries.subtree_dashboard(_organization(request, code))
    return [
        DashboardRowOut(
            organization_code=row.organization.code, label=row.label, **row.tally.as_dict()
        )
        for row in rows
    ]


def _item(request: HttpRequest, item_id: int) -> RectificationItem:
    item = queries.visible_item(request.user, item_id)
    if item is None:
        raise Http404
    return item


@router.get("/items/{item_id}", response=ItemOut, summary="整改事项")
def item_detail(request: HttpRequest, item_id: int) -> ItemOut:
    return _item_out(_item(request, item_id), timezone.localdate())


@router.post(
    "/items/{item_id}/{action}",
    response=ItemOut,
    summary="推进整改事项：start 开始、submit 提交销号、return 退回、close 销号",
)
def transition(request: HttpRequest, item_id: int, action: str, payload: TransitionIn) -> ItemOut:
    item = _item(request, item_id)
    try:
        chosen = rules.Action(action)
    except ValueError:
        raise HttpError(404, "未知操作") from None
    done = _refusing(
        lambda: services.transition(
            actor=signed_in_user(request), item=item, action=chosen, **payload.dict()
        )
    )
    return _item_out(_item(request, done.pk), timezone.localdate())
