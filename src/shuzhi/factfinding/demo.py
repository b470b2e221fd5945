"""The fact-finding part of the demo city: inspection groups with visits rated by several
members (百分测评 combined by ``rules.combine_ratings``), an unannounced visit awaiting 认账, and
two party-building audits (one reported, one drawn and not yet started).

Runs after the rounds exist (demo order 35, before rectification), through the services a user
would call. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from shuzhi.accounts.models import RoleGrant, User
from shuzhi.accounts.roles import Role
from shuzhi.factfinding import audits, services
from shuzhi.factfinding.models import InspectionGroup
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round

FINDINGS = [
    ("落实“三会一课”制度", "部分支部2025年党课不足4次，记录由一人代写"),
    ("党员发展工作", "发展对象培养考察记录缺少季度考察意见"),
    ("阵地建设", "村级党群服务中心工作日下午无人值守"),
    ("党费收缴管理", "3名党员连续6个月未交纳党费，支部未督促"),
    ("软弱涣散村整顿", "整顿方案确定的5项任务有2项未按期完成"),
    ("基层党建责任清单", "责任清单未分解到班子成员，考核时无据可查"),
]
OPINIONS = ["班子抓党建的意识较强，但措施针对性不够", "群众对便民服务评价较好，建议固定开放时间"]
#: How many members rate each demo inspection visit: 7 shows the trimmed mean (5 or more: the
#: highest and lowest dropped), 4 the plain mean.
RATERS_PER_VISIT = (7, 4)


def _raters(group: InspectionGroup, inspector: User, city: Organization) -> list[User]:
    """The group's members as accounts (the demo inspector first): each rates for themself.
    The other members get accounts without a password, so only the demo inspector signs in."""
    raters = [inspector]
    others = (
        group.members.filter(is_leader=False)
        .select_related("representative__person")
        .order_by("pk")[: max(RATERS_PER_VISIT) - 1]
    )
    for n, member in enumerate(others, start=2):
        person = member.representative.person
        user = User.objects.create_user(
            username=f"inspector-{n}", password=None, display_name=person.name, person=person
        )
        RoleGrant.objects.create(user=user, role=Role.INSPECTOR, organization=city)
        raters.append(user)
    return raters


def build_demo(seed: int) -> None:
    city = Organization.objects.filter(code="QL").first()
    admin = User.objects.filter(username="admin").first()
    inspector = User.objects.filter(username="inspector").first()
    round_ = Round.objects.filter(hearing_organization=city, year=2025).first() if city else None
    if city is None or admin is None or inspector is None or round_ is None:
        return  # not the demo city, or no 2025 round
    if InspectionGroup.objects.filter(round=round_).exists():
        return
    rng = random.Random(seed + 35)
    groups = services.form_groups(actor=admin, round=round_, group_count=5)
    # The demo inspector is the leader of the first group, so that account can record visits.
    leader = groups[0].members.get(is_leader=True).representative.person
    User.objects.filter(pk=inspector.pk).update(person=leader)
    inspector.person = leader
    raters = _raters(groups[0], inspector, city)
    counties = list(Organization.objects.filter(parent=city).order_by("path"))
    for n, county in enumerate(counties):
        services.assign_unit(
            actor=admin,
            group=groups[n % len(groups)],
            organization=county,
            planned_on=date(2025, 11, 3 + n),
            methods=["hearing", "materials", "site", "discussion", "rating"],
        )
    visited = [u.organization for u in groups[0].units.select_related("organization")][:2]
    for county, how_many in zip(visited, RATERS_PER_VISIT, strict=False):
        visit = services.record_visit(
            actor=inspector,
            round=round_,
            organization=county,
            kind="inspection",
            group=groups[0],
            visited_on=date(2025, 11, 5),
            methods=["hearing", "site"],
            notes="听取县委书记汇报，实地察看2个村党群服务中心",
        )
        for responsibility, text in rng.sample(FINDINGS, 3):
            services.record_finding(
                actor=inspector, visit=visit, responsibility=responsibility, text=text
            )
        for opinion in OPINIONS:
            services.add_opinion(actor=inspector, visit=visit, text=opinion)
        for rater in raters[:how_many]:
            services.rate(actor=rater, visit=visit, score=Decimal(rng.randint(72, 96)))
    _unannounced(round_, admin)
    _audits(round_, admin, seed)


def _unannounced(round_: Round, admin: User) -> None:
    township = Organization.objects.filter(code="QL-01-01").first()
    secretary = User.objects.filter(username="secretary").first()
    if township is None or secretary is None:
        return
    visit = services.record_visit(
        actor=admin,
        round=round_,
        organization=township,
        kind="unannounced",
        visited_on=date(2025, 11, 12),
        notes="工作日下午14:30到达，服务大厅无人",
    )
    accepted = services.record_finding(
        actor=admin, visit=visit, responsibility="便民服务", text="镇便民服务大厅工作日下午无人值守"
    )
    services.record_finding(
        actor=admin, visit=visit, responsibility="作风建设", text="值班记录与实际值班人员不符"
    )
    services.answer_finding(actor=secretary, finding=accepted, action="accept")


def _audits(round_: Round, admin: User, seed: int) -> None:
    first, second = Organization.objects.filter(parent=round_.hearing_organization).order_by(
        "path"
    )[:2]
    reported = audits.plan_audit(
        actor=admin, round=round_, organization=first, seed=f"demo-{seed}-1"
    )
    audits.start_audit(actor=admin, audit=reported, today=date(2025, 10, 9))
    sample = reported.samples.select_related("organization").first()
    audits.record_audit_finding(
        actor=admin,
        audit=reported,
        sampled=sample.organization if sample else None,
        responsibility="党费收缴管理",
        text="党费收缴台账未按月登记",
    )
    for item in reported.checklist.all():
        audits.score_item(actor=admin, item=item, awarded=item.max_points * Decimal("0.85"))
    audits.issue_report(
        actor=admin,
        audit=reported,
        conclusion="党建工作总体规范，个别制度执行不严",
        today=date(2025, 10, 20),
    )
    # Drawn but not started: the sample stays hidden from the county until the auditors arrive.
    audits.plan_audit(actor=admin, round=round_, organization=second, seed=f"demo-{seed}-2")
