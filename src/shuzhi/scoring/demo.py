"""The demo city's assessment: 青岚市委 hears its 9 county and 2 development-zone secretaries
for 2025 (the 2024 round's indicator system copied forward), and 清河县委 hears its township
secretaries. Scores, on-site tallies and the superior's evaluation are generated from the seed,
then computed; the county round is published (公示) from the day the demo is built."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.orgs.models import Organization
from shuzhi.rounds.indicator_rules import IndicatorRow
from shuzhi.rounds.indicator_system import copy_indicator_system, save_indicator_system
from shuzhi.rounds.models import Indicator, Reporter, Round, StageSchedule
from shuzhi.rounds.services import create_round, enroll_reporters, set_peer_groups
from shuzhi.scoring.computing import store_results
from shuzhi.scoring.models import Computation, IndicatorScore, OnsiteEvaluation, ReporterAssessment
from shuzhi.scoring.publication import publish_results
from shuzhi.scoring.services import record_constraint_hit

D = Decimal
R = IndicatorRow

# 抓基层党建 indicators modelled on the source articles' six focus areas (000) and the
# bonus / deduction / veto items of 001–003.
SYSTEM = [
    R(code="1", name="履行第一责任人职责", max_points=D(25)),
    R(code="1.1", parent_code="1", name="专题研究基层党建工作", max_points=D(10)),
    R(code="1.2", parent_code="1", name="落实党建工作责任清单", max_points=D(8)),
    R(code="1.3", parent_code="1", name="基层党建联系点工作", max_points=D(7)),
    R(code="2", name="基层组织建设", max_points=D(30)),
    R(code="2.1", parent_code="2", name="软弱涣散党组织整顿", max_points=D(12)),
    R(code="2.2", parent_code="2", name="村（社区）“两委”班子建设", max_points=D(10)),
    R(code="2.3", parent_code="2", name="党员发展与教育管理", max_points=D(8)),
    R(code="3", name="服务型党组织建设", max_points=D(20)),
    R(code="4", name="基层党建工作保障", max_points=D(15)),
    R(code="5", name="问题整改落实", max_points=D(10)),
    R(code="B1", name="党建工作经验获上级推广", kind="bonus", cap=D(3), listing="positive"),
    R(code="D1", name="年度党建审计发现问题", kind="deduction", floor=D(-5)),
    R(
        code="C1",
        name="班子成员发生严重违纪违法问题",
        kind="constraint",
        veto_effect="veto_excellence",
        listing="negative",
    ),
    R(
        code="C2",
        name="发生重大群体性事件或安全事故",
        kind="constraint",
        veto_effect="cap_grade",
        veto_cap_grade="adequate",
        listing="negative",
    ),
    R(code="C3", name="党建工作获中央表彰", kind="constraint", veto_effect="affirm"),
]
CATEGORY_VOTERS = {"leader": 12, "representative": 30, "member": 20, "masses": 15}


def _actor() -> User:
    found = User.objects.filter(is_superuser=True).order_by("pk").first()
    return found or User.objects.create_user(
        username="demo_scoring", password=None, is_superuser=True, is_staff=True
    )


def _assessors(actor: User) -> list[User]:
    others = list(User.objects.filter(username="reviewer"))
    return [actor, *others]


def _open_round(
    actor: User, hearing: Organization, year: int, groups: dict[str, list[Organization]]
) -> Round:
    round_ = create_round(actor=actor, hearing_organization=hearing, year=year)
    set_peer_groups(actor=actor, round=round_, names=list(groups))
    for name, organizations in groups.items():
        with_secretary = [o for o in organizations if o.posts.filter(role="secretary").exists()]
        enroll_reporters(actor=actor, round=round_, organizations=with_secretary, peer_group=name)
    start = date(year + 1, 1, 5)
    for offset, stage in enumerate(("reports", "review", "meeting", "scoring", "publication")):
        begins = start + timedelta(days=10 * offset)
        StageSchedule.objects.create(
            round=round_, stage=stage, starts_on=begins, ends_on=begins + timedelta(days=9)
        )
    return round_


def _score(round_: Round, rng: random.Random, assessors: list[User]) -> None:
    """Each reporter gets a 'strength' and every source scatters around it."""
    items = list(
        Indicator.objects.filter(round=round_, children__isnull=True).exclude(kind="constraint")
    )
    scores, tallies, assessments = [], [], []
    for reporter in round_.reporters.order_by("pk"):
        strength = rng.uniform(0.62, 0.97)
        for item in items:
            for assessor in assessors:
                if item.kind == "normal":
                    assert item.max_points is not None
                    share = min(1.0, max(0.3, rng.gauss(strength, 0.05)))
                    points = (item.max_points * D(str(round(share, 2)))).quantize(D("0.5"))
                elif item.kind == "bonus":
                    points = D(rng.choice((0, 0, 0, 1, 2)))
                else:
                    points = D(rng.choice((0, 0, 0, 0, 1, 2)))
                scores.append(
                    IndicatorScore(
                        assessor=assessor, reporter=reporter, indicator=item, points=points
                    )
                )
        for category, voters in CATEGORY_VOTERS.items():
            good = round(voters * min(1.0, max(0.0, rng.gauss(strength - 0.15, 0.1))))
            fair = round((voters - good) * 0.6)
            poor = rng.choice((0, 0, 1)) if voters - good - fair > 0 else 0
            tallies.append(
                OnsiteEvaluation(
                    reporter=reporter,
                    voter_category=category,
                    good=good,
                    fair=fair,
                    average=voters - good - fair - poor,
                    poor=poor,
                    origin="import",
                )
            )
        assessments.append(
            ReporterAssessment(
                reporter=reporter,
                source="superior",
                score=D(str(round(min(99.0, rng.gauss(strength * 100, 4)), 1))),
                origin="import",
            )
        )
    # Bulk-written like an import of last season's sheets; the audit trail records the run.
    IndicatorScore.objects.bulk_create(scores)
    OnsiteEvaluation.objects.bulk_create(tallies)
    ReporterAssessment.objects.bulk_create(assessments)
    record(
        actor="演示数据",
        action="scoring.demo.seed",
        target=round_,
        organization=round_.hearing_organization,
        after={"scores": len(scores), "tallies": len(tallies), "assessments": len(assessments)},
    )


def _compute(round_: Round, actor: User) -> None:
    computation = Computation.objects.create(round=round_, requested_by=actor)
    store_results(computation)
    computation.status = Computation.Status.DONE
    computation.message = "演示数据计算完成。"
    computation.save()


# The county's earlier rounds, scored and published, so year over year has three years to show.
HISTORY_YEARS = (2023, 2024)


def _past_round(
    actor: User,
    county: Organization,
    year: int,
    groups: dict[str, list[Organization]],
    rng: random.Random,
) -> None:
    round_ = _open_round(actor, county, year, groups)
    save_indicator_system(actor=actor, round=round_, rows=SYSTEM)
    _score(round_, rng, _assessors(actor))
    _compute(round_, actor)
    publish_results(
        actor=actor,
        round=round_,
        starts_on=date(year + 1, 2, 1),
        ends_on=date(year + 1, 2, 7),
        notice=f"经县委常委会研究，现将{year}年度乡镇（街道）党委书记抓基层党建工作述职评议考核结果予以公示。",
    )


def build_demo(*, seed: int) -> None:
    city = Organization.objects.filter(code="QL").first()
    if city is None or Round.objects.filter(hearing_organization=city).exists():
        return  # no demo city, or already built
    rng = random.Random(seed * 31 + 10)
    actor = _actor()
    units = list(Organization.objects.filter(parent=city, level="county", field="regional"))
    groups = {
        "县（市、区）": [u for u in units if u.kind != "working_committee"],
        "开发区": [u for u in units if u.kind == "working_committee"],
    }
    last_year = create_round(actor=actor, hearing_organization=city, year=2024)
    save_indicator_system(actor=actor, round=last_year, rows=SYSTEM)
    city_round = _open_round(actor, city, 2025, groups)
    copy_indicator_system(actor=actor, source=last_year, target=city_round)
    _score(city_round, rng, _assessors(actor))
    record_constraint_hit(
        actor=actor,
        reporter=Reporter.objects.filter(round=city_round).order_by("pk")[2],
        indicator_code="C1",
        reason="班子成员因违纪受到党内警告处分（演示）",
    )
    _compute(city_round, actor)

    county = Organization.objects.get(code="QL-01")
    towns = list(Organization.objects.filter(parent=county, level="township"))
    town_groups = {
        "镇": [t for t in towns if t.kind != "working_committee"],
        "街道": [t for t in towns if t.kind == "working_committee"],
    }
    for year in HISTORY_YEARS:
        _past_round(actor, county, year, town_groups, random.Random(seed * 31 + year))
    county_round = _open_round(actor, county, 2025, town_groups)
    save_indicator_system(actor=actor, round=county_round, rows=SYSTEM)
    _score(county_round, rng, _assessors(actor))
    _compute(county_round, actor)
    today = timezone.localdate()
    publish_results(
        actor=actor,
        round=county_round,
        starts_on=today,
        ends_on=today + timedelta(days=6),
        notice="经县委常委会研究，现将2025年度乡镇（街道）党委书记抓基层党建工作述职评议考核结果予以公示。",
    )
