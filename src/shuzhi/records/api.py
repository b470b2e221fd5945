"""The records API: a secretary's progress and entries, logging from a phone app, the bulletin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from shuzhi.accounts.access import signed_in_user
from shuzhi.orgs.models import Organization
from shuzhi.records import queries, services
from shuzhi.records.models import WorkLog

router = Router(tags=["日常纪实"])


class TargetOut(Schema):
    kind: str
    label: str
    achieved: Decimal
    expected: Decimal
    percent: int


class ProgressOut(Schema):
    organization_code: str
    year: int
    percent: int
    behind: bool
    targets: list[TargetOut]


class LogIn(Schema):
    kind: str
    occurred_on: date
    place: str
    text: str
    days: Decimal = Decimal(0)
    participants: str = ""


class LogOut(Schema):
    id: int
    kind: str
    occurred_on: date
    place: str
    days: Decimal
    text: str
    confirmed: bool


class BulletinEntryOut(Schema):
    color: str
    organization_code: str
    person: str | None
    rule: str
    facts: str
    points: Decimal


def _organization(request: HttpRequest, code: str) -> Organization:
    organization = queries.visible_organization(request.user, code)
    if organization is None:
        raise Http404
    return organization


def _log_out(log: WorkLog) -> LogOut:
    return LogOut(
        id=log.pk,
        kind=log.kind,
        occurred_on=log.occurred_on,
        place=log.place,
        days=log.days,
        text=log.text,
        confirmed=log.is_confirmed,
    )


@router.get("/organizations/{code}/progress", response=ProgressOut, summary="纪实目标完成情况")
def progress(request: HttpRequest, code: str, year: int | None = None) -> ProgressOut:
    organization = _organization(request, code)
    today = timezone.localdate()
    found = queries.progress_of(organization, year or today.year, today)
    return ProgressOut(
        organization_code=organization.code,
        year=found.year,
        percent=found.percent,
        behind=found.behind,
        targets=[
            TargetOut(
                kind=t.target.kind,
                label=t.label,
                achieved=t.achieved,
                expected=t.expected,
                percent=t.percent,
            )
            for t in found.targets
        ],
    )


@router.get("/organizations/{code}/logs", response=list[LogOut], summary="纪实记录")
def logs(request: HttpRequest, code: str, year: int | None = None) -> list[LogOut]:
    organization = _organization(request, code)
    return [
        _log_out(log) for log in queries.logs_of(organization, year or timezone.localdate().year)
    ]


@router.post("/organizations/{code}/logs", response={201: LogOut}, summary="登记纪实")
def add_log(request: HttpRequest, code: str, payload: LogIn) -> Status:
    organization = _organization(request, code)
    if not services.can_write_record(request.user, organization):
        raise PermissionDenied("records.write")
    try:
        log = services.log_work(
            actor=signed_in_user(request), organization=organization, **payload.dict()
        )
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from None
    return Status(201, _log_out(log))


@router.get("/meetings/{meeting_id}/bulletin", response=list[BulletinEntryOut], summary="月度通报")
def bulletin(request: HttpRequest, meeting_id: int) -> list[BulletinEntryOut]:
    meeting = queries.visible_meetings(request.user).filter(pk=meeting_id).first()
    if meeting is None or meeting.published_at is None:
        raise Http404
    return [
        BulletinEntryOut(
            color=e.color,
            organization_code=e.organization.code,
            person=e.person.name if e.person else None,
            rule=e.rule.title,
            facts=e.facts,
            points=e.points,
        )
        for e in queries.bulletin_entries(meeting)
    ]
