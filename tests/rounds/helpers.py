"""Builders for round tests: a round heard by county A with reporters in its townships."""

from __future__ import annotations

from decimal import Decimal

from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.models import Reporter, Round
from shuzhi.rounds.services import create_round, enroll_reporters, set_peer_groups
from tests.factories import make_person, make_post

D = Decimal

SYSTEM = [
    IndicatorRow(code="1", name="履行第一责任人职责", max_points=D(40)),
    IndicatorRow(code="1.1", parent_code="1", name="研究部署党建工作", max_points=D(20)),
    IndicatorRow(code="1.2", parent_code="1", name="落实主体责任", max_points=D(20)),
    IndicatorRow(code="2", name="基层组织建设", max_points=D(60)),
    IndicatorRow(code="B1", name="创新经验被上级推广", kind="bonus", cap=D(5), listing="positive"),
    IndicatorRow(code="D1", name="发生违纪问题", kind="deduction", floor=D(-10)),
    IndicatorRow(
        code="V1",
        name="发生重大责任事故",
        kind="constraint",
        veto_effect="cap_grade",
        veto_cap_grade="adequate",
        listing="negative",
    ),
    IndicatorRow(code="V2", name="党建工作获全国表彰", kind="constraint", veto_effect="affirm"),
]


def county_round(small_city, actor, year: int = 2025) -> tuple[Round, list[Reporter]]:
    """A round heard by county A with both its townships' secretaries as reporters."""
    make_post(small_city.town_a2, make_person("甲二书记", small_city.town_a2, code="P-SEC2"))
    round_ = create_round(actor=actor, hearing_organization=small_city.county_a, year=year)
    reporters = enroll_reporters(
        actor=actor, round=round_, organizations=[small_city.town_a1, small_city.town_a2]
    )
    set_peer_groups(actor=actor, round=round_, names=["乡镇组"])
    Reporter.objects.filter(round=round_).update(peer_group="乡镇组")
    return round_, [Reporter.objects.get(pk=r.pk) for r in reporters]
