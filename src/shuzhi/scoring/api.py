from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from shuzhi.accounts.access import signed_in_user
from shuzhi.rounds.models import Indicator, Reporter
from shuzhi.rounds.queries import visible_round
from shuzhi.scoring import queries, services
from shuzhi.scoring.computing import request_computation
from shuzhi.scoring.models import Computation, Result

router = Router(tags=["考核计分"])


class ResultOut(Schema):
    reporter_id: int
    organization_code: str
    person_name: str
    peer_group: str
    composite: Decimal
    rank: int | None
    group_size: int
    grade: str
    class_number: int | None
    honour: str
    interview: bool
    veto: str
    veto_reason: str
    pay_bonus_percent: Decimal


class LineOut(Schema):
    source: str
    item: str
    raw: str
    weight: str
    points: str
    note: str


class BreakdownOut(ResultOut):
    lines: list[LineOut]


class ScoreIn(Schema):
    reporter_id: int
    indicator_code: str
    points: Decimal | None
    reason: str = ""


class ScoreOut(Schema):
    reporter_id: int
    indicator_code: str
    points: Decimal | None


class ComputeIn(Schema):
    reason: str = ""


class ComputationOut(Schema):
    id: int
    status: str
    message: str


def _result_out(result: Result) -> dict[str, object]:
    fields = ResultOut.model_fields
    values = {name: getattr(result, name) for name in fields if hasattr(result, name)}
    values["organization_code"] = result.reporter.organization.code
    values["person_name"] = result.reporter.person.name
    return values


@router.get(
    "/rounds/{round_id}/results", response=list[ResultOut], summary="考核结果（按分组排名）"
)
def results(request: HttpRequest, round_id: int) -> list[dict[str, object]]:
    round_ = visible_round(request.user, round_id, "scoring.view")
    return [_result_out(r) for _, group in queries.results_by_group(round_) for r in group]


@router.get(
    "/rounds/{round_id}/results/{reporter_id}", response=BreakdownOut, summary="述职人得分明细"
)
def breakdown(request: HttpRequest, round_id: int, reporter_id: int) -> dict[str, object]:
    round_, result = queries.visible_result(request.user, round_id, reporter_id)
    return {**_result_out(result), "lines": queries.breakdown_lines(round_, result)}


@router.post(
    "/rounds/{round_id}/scores", response={200: ScoreOut, 400: dict}, summary="录入本人的指标得分"
)
def enter_score(request: HttpRequest, round_id: int, payload: ScoreIn) -> object:
    round_ = visible_round(request.user, round_id, "scoring.enter")
    reporter = get_object_or_404(Reporter, pk=payload.reporter_id, round=round_)
    indicator = get_object_or_404(Indicator, round=round_, code=payload.indicator_code)
    try:
        services.enter_score(
            actor=signed_in_user(request),
            reporter=reporter,
            indicator=indicator,
            points=payload.points,
            reason=payload.reason,
        )
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return {"reporter_id": reporter.pk, "indicator_code": indicator.code, "points": payload.points}


@router.post("/rounds/{round_id}/compute", response=ComputationOut, summary="计算考核结果")
def compute(request: HttpRequest, round_id: int, payload: ComputeIn) -> Computation:
    round_ = visible_round(request.user, round_id, "scoring.compute")
    try:
        return request_computation(
            actor=signed_in_user(request), round=round_, reason=payload.reason
        )
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error


@router.get(
    "/rounds/{round_id}/computations/{computation_id}",
    response=ComputationOut,
    summary="计算进度",
)
def computation(request: HttpRequest, round_id: int, computation_id: int) -> Computation:
    round_ = visible_round(request.user, round_id, "scoring.view")
    return get_object_or_404(Computation, pk=computation_id, round=round_)
