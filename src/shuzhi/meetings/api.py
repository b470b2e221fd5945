"""The meeting's JSON API: meetings in scope, their state and results, the raw-ballot export,
and the anonymous ballot endpoint (authenticated by its one-time token alone)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel

from shuzhi.accounts.access import require
from shuzhi.meetings import ballots, queries, services, throttle
from shuzhi.meetings.models import BoxState

router = Router(tags=["述职评议会"])


class MeetingOut(Schema):
    id: int
    title: str
    held_on: date
    round_id: int
    hosting_organization: str
    state: str
    reporter_count: int


class AgendaOut(Schema):
    position: int
    reporter_id: int
    name: str
    organization: str
    minutes: int


class ResultOut(Schema):
    reporter_id: int
    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    good_or_fair_percent: str | None
    score: str | None


class MeetingDetailOut(MeetingOut):
    present: int
    representatives: int
    composition_holds: bool
    ballots_cast: int
    tokens_issued: int
    digest: str
    agenda: list[AgendaOut]
    valid_ballots: int | None = None
    invalid_ballots: int | None = None
    results: list[ResultOut] | None = None


# The ballot endpoint's schemas are plain pydantic models: ninja's Schema runs a root
# validator that reads every field through a Django-aware getter, which costs a voter's
# request more than the ballot's own checks and buys nothing for a JSON body.
class BallotIn(BaseModel):
    token: str
    ratings: dict[str, Any]
    comment: str = ""


class ReceiptOut(BaseModel):
    receipt: str
    meeting_title: str
    repeated: bool


class RefusalOut(BaseModel):
    errors: list[str]


def _meeting_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "title": m.title,
        "held_on": m.held_on,
        "round_id": m.round_id,
        "hosting_organization": m.hosting_organization.code,
        "state": m.state,
        "reporter_count": getattr(m, "reporter_count", None) or m.agenda.count(),
    }


@router.get("/", response=list[MeetingOut], summary="述职评议会列表（在权限范围内）")
def list_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "meetings.view")
    return [_meeting_out(m) for m in queries.visible_meetings(request.user)[:200]]


@router.get("/{int:meeting_id}", response=MeetingDetailOut, summary="会议详情；关闭票箱后含结果")
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = queries.meeting_for(request.user, meeting_id)
    composition = services.composition(meeting)
    turnout = queries.turnout(meeting)
    out = _meeting_out(meeting) | {
        "present": composition.present,
        "representatives": composition.representatives,
        "composition_holds": composition.holds,
        "ballots_cast": turnout.cast,
        "tokens_issued": turnout.issued,
        "digest": meeting.digest,
        "agenda": [
            {
                "position": item.position,
                "reporter_id": item.reporter_id,
                "name": item.reporter.person.name,
                "organization": item.reporter.organization.name,
                "minutes": item.minutes,
            }
            for item in queries.agenda(meeting)
        ],
    }
    if meeting.state == BoxState.CLOSED:
        results = queries.results(meeting)
        out["valid_ballots"] = results.tally.valid
        out["invalid_ballots"] = results.tally.invalid
        out["results"] = [
            {
                "reporter_id": row.item.reporter_id,
                "counts": row.groups,
                "totals": row.totals,
                "good_or_fair_percent": _text(row.good_or_fair_percent),
                "score": _text(row.score),
            }
            for row in results.rows
        ]
    return out


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@router.get("/{int:meeting_id}/export", summary="原始测评票导出（票箱关闭后；不含任何投票人信息）")
def export(request: HttpRequest, meeting_id: int) -> Any:
    meeting = queries.meeting_for(request.user, meeting_id, "meetings.export")
    if meeting.state != BoxState.CLOSED:
        raise HttpError(409, "票箱关闭前不能导出测评票。")
    return json.loads(queries.export_of(meeting, "json"))


def _refusal(status: int, errors: list[str]) -> HttpResponse:
    """A refusal of a guessed token, not logged line by line (the throttle warns once)."""
    return throttle.unlogged(JsonResponse({"errors": errors}, status=status))


@router.post(
    "/ballots",
    auth=None,
    response={200: ReceiptOut, 400: RefusalOut, 429: RefusalOut},
    summary="提交测评票（凭一次性测评码；同一张票重复提交返回同一回执）",
)
def submit(request: HttpRequest, payload: BallotIn) -> Status | HttpResponse:
    if throttle.TOKEN.blocked(request):
        return _refusal(429, [throttle.token_message()])
    try:
        receipt = ballots.submit_ballot(
            raw_token=payload.token,
            data={"ratings": payload.ratings, "comment": payload.comment},
        )
    except ValidationError as error:
        if ballots.find_token(payload.token) is None:
            throttle.TOKEN.failed(request)
            return _refusal(400, error.messages)
        return Status(400, {"errors": error.messages})
    return Status(
        200,
        {
            "receipt": receipt.code,
            "meeting_title": receipt.meeting_title,
            "repeated": receipt.repeated,
        },
    )
