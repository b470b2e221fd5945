"""The fact-finding API: findings of a round, recording on a visit, 认账, audits and the draw."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from shuzhi.accounts.access import signed_in_user
from shuzhi.factfinding import audits, queries, services
from shuzhi.factfinding.models import Audit, Finding, Visit
from shuzhi.orgs.models import Organization
from shuzhi.rounds.queries import visible_round

router = Router(tags=["调研摸底"])
T = TypeVar("T")


class FindingOut(Schema):
    id: int
    organization_code: str
    source: str
    responsibility: str
    text: str
    acknowledgement: str
    raised: bool


class FindingIn(Schema):
    responsibility: str
    text: str


class RatingIn(Schema):
    score: Decimal


class AnswerIn(Schema):
    action: str  # accept | dispute
    reason: str = ""


class RulingIn(Schema):
    uphold: bool
    reason: str


class SampleOut(Schema):
    organization_code: str
    kind: str
    position: int


class AuditOut(Schema):
    id: int
    organization_code: str
    state: str
    seed: str | None  # published once the audit has started
    counts: dict[str, int]
    shortfalls: list[str]
    samples: list[SampleOut] | None  # hidden from the unit until the audit starts
    score: Decimal | None
    rectification_due: date | None
    rectification_state: str


class AuditIn(Schema):
    organization_code: str
    counts: dict[str, int] = {}
    seed: str = ""


def _refusing(action: Callable[[], T]) -> T:
    try:
        return action()
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from None


def _finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        organization_code=f.organization.code,
        source=f.source,
        responsibility=f.responsibility,
        text=f.text,
        acknowledgement=f.acknowledgement,
        raised=f.raised,
    )


def _audit_out(request: HttpRequest, audit: Audit) -> AuditOut:
    shown = queries.sees_sample(request.user, audit)
    return AuditOut(
        id=audit.pk,
        organization_code=audit.organization.code,
        state=audit.state,
        seed=audit.seed if shown else None,
        counts=audit.counts,
        shortfalls=audit.shortfalls if shown else [],
        samples=[
            SampleOut(organization_code=s.organization.code, kind=s.kind, position=s.position)
            for s in audit.samples.select_related("organization")
        ]
        if shown
        else None,
        score=audit.score,
        rectification_due=audit.rectification_due,
        rectification_state=audit.rectification_state,
    )


@router.get("/rounds/{round_id}/findings", response=list[FindingOut], summary="本轮发现的问题")
def round_findings(request: HttpRequest, round_id: int) -> list[FindingOut]:
    visible_round(request.user, round_id, "factfinding.view")
    return [
        _finding_out(f)
        for f in queries.findings_page(request.user, round_id).select_related("organization")
    ]


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visit = (
        Visit.objects.select_related("organization", "group", "round").filter(pk=visit_id).first()
    )
    if visit is None:
        raise Http404
    member = visit.group is not None and services.is_member(signed_in_user(request), visit.group)
    if not member and not queries.visible_visits(request.user).filter(pk=visit_id).exists():
        raise Http404
    return visit


@router.post("/visits/{visit_id}/findings", response={201: FindingOut}, summary="记录发现的问题")
def record_finding(request: HttpRequest, visit_id: int, payload: FindingIn) -> Status[FindingOut]:
    visit = _visit(request, visit_id)
    finding = _refusing(
        lambda: services.record_finding(
            actor=signed_in_user(request),
            visit=visit,
            responsibility=payload.responsibility,
            text=payload.text,
        )
    )
    return Status(201, _finding_out(finding))


@router.post("/visits/{visit_id}/rating", response={204: None}, summary="百分测评（本人）")
def rate(request: HttpRequest, visit_id: int, payload: RatingIn) -> Status[None]:
    visit = _visit(request, visit_id)
    _refusing(
        lambda: services.rate(actor=signed_in_user(request), visit=visit, score=payload.score)
    )
    return Status(204, None)


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    return get_object_or_404(
        queries.visible_findings(request.user).select_related("organization__parent", "audit"),
        pk=finding_id,
    )


@router.post("/findings/{finding_id}/answer", response=FindingOut, summary="认账或提出异议")
def answer(request: HttpRequest, finding_id: int, payload: AnswerIn) -> FindingOut:
    finding = _finding(request, finding_id)
    return _finding_out(
        _refusing(
            lambda: services.answer_finding(
                actor=signed_in_user(request),
                finding=finding,
                action=payload.action,
                reason=payload.reason,
            )
        )
    )


@router.post("/findings/{finding_id}/ruling", response=FindingOut, summary="上级裁定异议")
def ruling(request: HttpRequest, finding_id: int, payload: RulingIn) -> FindingOut:
    finding = _finding(request, finding_id)
    return _finding_out(
        _refusing(
            lambda: services.rule_on_dispute(
                actor=signed_in_user(request),
                finding=finding,
                uphold=payload.uphold,
                reason=payload.reason,
            )
        )
    )


def _audit(request: HttpRequest, audit_id: int) -> Audit:
    user = request.user
    return get_object_or_404(queries.visible_audits(user), pk=audit_id)


@router.get(
    "/audits/{audit_id}", response=AuditOut, summary="党建审计（抽样开始前对被审计单位隐藏）"
)
def audit(request: HttpRequest, audit_id: int) -> AuditOut:
    return _audit_out(request, _audit(request, audit_id))


@router.get("/audits/{audit_id}/verify", response=bool, summary="按记录的种子复核抽样")
def verify(request: HttpRequest, audit_id: int) -> bool:
    found = _audit(request, audit_id)
    if not queries.sees_sample(request.user, found):
        raise Http404
    return audits.verify_sample(found)


@router.post("/rounds/{round_id}/audits", response={201: AuditOut}, summary="立项并随机抽样")
def plan_audit(request: HttpRequest, round_id: int, payload: AuditIn) -> Status[AuditOut]:
    round_ = visible_round(request.user, round_id, "factfinding.view")
    organization = Organization.objects.filter(code=payload.organization_code).first()
    if organization is None:
        raise Http404
    created = _refusing(
        lambda: audits.plan_audit(
            actor=signed_in_user(request),
            round=round_,
            organization=organization,
            counts=payload.counts or None,
            seed=payload.seed,
        )
    )
    return Status(201, _audit_out(request, created))
