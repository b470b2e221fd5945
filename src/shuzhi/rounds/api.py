from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from shuzhi.accounts.access import require
from shuzhi.rounds import queries
from shuzhi.rounds.indicator_system import indicator_rows
from shuzhi.rounds.models import Round
from shuzhi.rounds.services import settings_of

router = Router(tags=["述职评议考核"])


class RoundOut(Schema):
    id: int
    name: str
    year: int
    period: str
    hearing_organization_code: str
    reporter_count: int


class ReporterOut(Schema):
    id: int
    organization_code: str
    person_name: str
    peer_group: str


class RoundDetailOut(RoundOut):
    source_weights: dict[str, Decimal]
    peer_groups: list[str]
    reporters: list[ReporterOut]


class IndicatorOut(Schema):
    code: str
    parent_code: str
    name: str
    kind: str
    max_points: Decimal | None
    weight: Decimal
    cap: Decimal | None
    floor: Decimal | None
    veto_effect: str
    veto_cap_grade: str
    listing: str


def _round_out(round_: Round, reporter_count: int | None = None) -> dict[str, object]:
    return {
        "id": round_.pk,
        "name": round_.name,
        "year": round_.year,
        "period": round_.period,
        "hearing_organization_code": round_.hearing_organization.code,
        "reporter_count": round_.reporters.count() if reporter_count is None else reporter_count,
    }


@router.get("/", response=list[RoundOut], summary="考核轮次（在权限范围内）")
def list_rounds(request: HttpRequest) -> list[dict[str, object]]:
    require(request.user, "rounds.view")
    return [
        _round_out(r, getattr(r, "reporter_count", 0)) for r in queries.visible_rounds(request.user)
    ]


@router.get("/{round_id}", response=RoundDetailOut, summary="考核轮次详情与设置")
def round_detail(request: HttpRequest, round_id: int) -> dict[str, object]:
    round_ = queries.visible_round(request.user, round_id)
    settings = settings_of(round_)
    return {
        **_round_out(round_),
        "source_weights": {
            "indicators": settings.weight_indicators,
            "onsite": settings.weight_onsite,
            "superior": settings.weight_superior,
            "records": settings.weight_records,
            settings.level_1_name: settings.weight_level_1,
            settings.level_2_name: settings.weight_level_2,
        },
        "peer_groups": list(round_.peer_groups.values_list("name", flat=True)),
        "reporters": [
            ReporterOut(
                id=r.pk,
                organization_code=r.organization.code,
                person_name=r.person.name,
                peer_group=r.peer_group,
            )
            for r in queries.reporters_of(round_)
        ],
    }


@router.get("/{round_id}/indicators", response=list[IndicatorOut], summary="指标体系")
def indicators(request: HttpRequest, round_id: int) -> list[object]:
    return list(indicator_rows(queries.visible_round(request.user, round_id)))
