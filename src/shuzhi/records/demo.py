"""The records part of the demo city: a year (2025) of every Qinghe township secretary's work
record, confirmed month by month, the county's points table, twelve monthly joint meetings and
their bulletins, and this year's record so far for the demo secretary. Deterministic for a
given seed (and, for this year's entries, the day).

Work-record entries are written in bulk (a year is thousands of rows); their rules are the
services' (tests/records); the red/black flow goes through the services like a user would.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shuzhi.accounts.models import User
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Post
from shuzhi.records import merit_services
from shuzhi.records.models import MeritRule, WorkLog
from shuzhi.records.rules import WorkKind

YEAR = 2025

TEXTS = {
    WorkKind.PARTY_MEETING: "主持召开党建工作专题会议，研究基层组织建设重点任务",
    WorkKind.DEPLOYMENT: "部署“三会一课”落实和软弱涣散村党组织整顿工作",
    WorkKind.VILLAGE_VISIT: "走访村党组织，听取村“两委”汇报，查看党员活动阵地",
    WorkKind.PARTY_LESSON: "为全镇党员讲专题党课",
    WorkKind.CONTACT_POINT: "到联系点驻点，解决村集体经济发展难题",
    WorkKind.PROJECT: "推进党建引领乡村治理项目",
    WorkKind.VILLAGE_DAYS: "下村驻点，开展调研和群众走访",
}

RULES = [
    ("R1", "red", "获评市级以上先进基层党组织或表彰", Decimal(3)),
    ("R2", "red", "党建工作经验在市级以上推广", Decimal(2)),
    ("R3", "red", "党建引领项目成效突出", Decimal(1)),
    ("B1", "black", "“三会一课”等组织生活落实不到位", Decimal(2)),
    ("B2", "black", "明察暗访发现问题被通报", Decimal(3)),
    ("B3", "black", "党建工作任务逾期未完成", Decimal(1)),
]


def _plan(
    rng: random.Random, villages: list[Organization], diligence: float
) -> list[tuple[WorkKind, Decimal, Organization | None]]:
    """A month's work: days in villages (003: 180 a year when diligent), a stay at each contact
    point (001: a month a year each), and a few meetings, visits, lessons or projects."""

    def scaled(days: int) -> Decimal:
        return (Decimal(days) * Decimal(str(diligence))).quantize(Decimal("0.1"))

    plan: list[tuple[WorkKind, Decimal, Organization | None]] = [
        (WorkKind.VILLAGE_DAYS, scaled(rng.randint(3, 5)), None) for _ in range(4)
    ]
    plan += [(WorkKind.CONTACT_POINT, scaled(rng.randint(2, 4)), v) for v in villages[:3]]
    others = [WorkKind.PARTY_MEETING, WorkKind.DEPLOYMENT, WorkKind.VILLAGE_VISIT, WorkKind.PROJECT]
    plan += [(rng.choice(others), Decimal(0), None) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        plan.append((WorkKind.PARTY_LESSON, Decimal(0), None))
    return plan


def _entries(
    rng: random.Random,
    post: Post,
    villages: list[Organization],
    until: date,
    actor: User,
    confirmer: User | None,
    diligence: float,
) -> list[WorkLog]:
    """One secretary's entries from January to ``until``; ``diligence`` scales the days."""
    rows = []
    now = timezone.now()
    whole_year = until == date(until.year, 12, 31)
    for month in range(1, until.month + 1):
        plan = _plan(rng, villages, diligence)
        last = (date(until.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        days_of_month = sorted(rng.sample(range(1, last + 1), k=len(plan)))
        # The level above has checked every month but the current one.
        confirmed = confirmer is not None and (whole_year or month < until.month)
        for (kind, days, point), day in zip(plan, days_of_month, strict=True):
            occurred_on = date(until.year, month, day)
            if occurred_on > until:
                continue
            village = point or (rng.choice(villages) if villages else None)
            rows.append(
                WorkLog(
                    organization=post.organization,
                    person=post.person,
                    kind=kind,
                    occurred_on=occurred_on,
                    days=days,
                    place=village.name if village else post.organization.name,
                    place_organization=point,
                    participants="镇党委班子成员、驻村干部",
                    text=TEXTS[kind],
                    created_by=actor,
                    confirmed_by=confirmer if confirmed else None,
                    confirmed_at=now if confirmed else None,
                )
            )
    return rows


def build_demo(*, seed: int) -> None:
    county = Organization.objects.filter(code="QL-01").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["secretary", "county_admin", "reviewer"])
    }
    if county is None or len(users) < 3 or MeritRule.objects.filter(organization=county).exists():
        return  # not the demo city, or already built
    rng = random.Random(seed + 45)
    today = timezone.localdate()
    admin, reviewer = users["county_admin"], users["reviewer"]
    posts = list(
        Post.objects.current()
        .filter(
            organization__parent=county, organization__level="township", role=PostRole.SECRETARY
        )
        .select_related("organization", "person")
        .order_by("organization__code")
    )
    villages = {
        post.organization_id: list(post.organization.children.order_by("code")[:6])
        for post in posts
    }
    rows: list[WorkLog] = []
    for index, post in enumerate(posts):
        # Some secretaries keep up, some fall behind: the progress page has something to show.
        diligence = (0.6, 1.0, 1.4)[index % 3]
        rows += _entries(
            rng,
            post,
            villages[post.organization_id],
            date(YEAR, 12, 31),
            admin,
            reviewer,
            diligence,
        )
    demo_post = next((p for p in posts if p.organization.code == "QL-01-01"), None)
    if demo_post is not None and today.year > YEAR:
        until = today - timedelta(days=1)
        rows += _entries(
            rng,
            demo_post,
            villages[demo_post.organization_id],
            until,
            users["secretary"],
            reviewer,
            1.0,
        )
    WorkLog.objects.bulk_create(rows, batch_size=1000)

    rules = [
        merit_services.set_rule(
            actor=admin, organization=county, code=c, color=k, title=t, points=p
        )
        for c, k, t, p in RULES
    ]
    unit = (
        Organization.objects.filter(parent=county, code__startswith="QL-01-D")
        .order_by("code")
        .first()
        or county
    )
    for month in range(1, 13):
        merits = []
        for _ in range(rng.randint(1, 3)):
            post = rng.choice(posts)
            rule = rng.choice(rules)
            merits.append(
                merit_services.submit_merit(
                    actor=admin,
                    submitting_unit=unit,
                    organization=post.organization,
                    person=post.person,
                    rule=rule,
                    occurred_on=date(YEAR, month, rng.randint(1, 20)),
                    facts=f"{post.organization.name}{rule.title}（演示）",
                )
            )
        meeting = merit_services.hold_joint_meeting(
            actor=admin,
            organization=county,
            month=date(YEAR, month, 1),
            held_on=date(YEAR, month, 25),
            approvers=[admin, reviewer],
        )
        for number, merit in enumerate(merits):
            rejected = number == 2  # now and then a submission does not hold up
            merit_services.decide_merit(
                actor=reviewer,
                meeting=meeting,
                merit=merit,
                approve=not rejected,
                note="事实依据不足" if rejected else "",
            )
        merit_services.publish_bulletin(actor=reviewer, meeting=meeting)
