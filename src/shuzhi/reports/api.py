"""The reports API: reports in scope, their checks and versions, review decisions, a checker."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from shuzhi.accounts.access import require, scope_filter, signed_in_user
from shuzhi.reports import queries, services
from shuzhi.reports.checking import run_checks
from shuzhi.reports.checks import check_report, from_sections, from_text
from shuzhi.reports.conf import check_settings
from shuzhi.reports.models import DutyReport

router = Router(tags=["述职报告"])
MAX_CHECK_CHARS = 100_000


class ReportOut(Schema):
    id: int
    reporter_id: int
    round_id: int
    organization_code: str
    status: str
    updated_at: datetime


class VersionOut(Schema):
    number: int
    state: str
    submitted_at: datetime
    decisions: list[dict[str, Any]]


class ReportDetailOut(ReportOut):
    versions: list[VersionOut]
    checks: dict[str, Any]


class DecisionIn(Schema):
    decision: str
    reasons: str = ""
    gates: list[str] = []


class CheckIn(Schema):
    # About forty pages: far beyond any report, small enough to check within a request.
    text: str = Field("", max_length=MAX_CHECK_CHARS)
    sections: dict[str, Annotated[str, Field(max_length=MAX_CHECK_CHARS)]] = {}


class ErrorOut(Schema):
    detail: str


def _out(report: DutyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reporter_id": report.reporter_id,
        "round_id": report.round_id,
        "organization_code": report.organization.code,
        "status": report.status,
        "updated_at": report.updated_at,
    }


@router.get("/", response=list[ReportOut], summary="述职报告列表（在权限范围内）")
@paginate(LimitOffsetPagination)
def list_reports(request: HttpRequest, round_id: int | None = None) -> object:
    require(request.user, "reports.view")
    reports = DutyReport.objects.filter(
        scope_filter(request.user, "reports.view", "organization__path")
    ).select_related("organization")
    if round_id is not None:
        reports = reports.filter(round_id=round_id)
    return [_out(r) for r in reports.order_by("round_id", "organization__path")]


# Declared before /{id} so the path is not taken for an id.
@router.post("/check", response=dict[str, Any], summary="检查一段报告文本（不保存）")
def check_text(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    require(request.user, "reports.view")
    document = from_sections(payload.sections) if payload.sections else from_text(payload.text)
    return check_report(document, settings=check_settings()).as_dict()


@router.get("/{report_id}", response=ReportDetailOut, summary="述职报告详情、版本与自动检查")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = queries.visible_report(request.user, report_id)
    versions = queries.versions(report)
    return {
        **_out(report),
        "versions": [
            {
                "number": v.number,
                "state": v.state,
                "submitted_at": v.submitted_at,
                "decisions": [
                    {
                        "position": d.position,
                        "label": d.label,
                        "decision": d.decision,
                        "reasons": d.reasons,
                        "gates": d.gates,
                    }
                    for d in v.decisions.all()
                ],
            }
            for v in versions
        ],
        "checks": run_checks(report, versions[-1] if versions else None).as_dict(),
    }


@router.post(
    "/{report_id}/decisions",
    response={201: dict[str, Any], 400: ErrorOut, 403: ErrorOut},
    summary="签署当前审核环节（通过或退回）",
)
def decide(request: HttpRequest, report_id: int, payload: DecisionIn) -> Status:
    report = queries.visible_report(request.user, report_id)
    try:
        step = services.decide(
            actor=signed_in_user(request),
            report=report,
            decision=payload.decision,
            reasons=payload.reasons,
            gates=payload.gates,
        )
    except PermissionDenied as denied:
        raise HttpError(403, str(denied) or "无权审核") from None
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(201, {"position": step.position, "label": step.label, "decision": step.decision})
