from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from shuzhi.accounts.models import User
from shuzhi.orgs.models import Organization, Person
from shuzhi.records import merit_services, services
from shuzhi.records.models import JointMeeting, MeritRecord, MeritRule, WorkLog
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_org, make_person, make_post, make_user

YEAR = 2026


@dataclass
class Cast:
    """Township A1's secretary, the county above it, a department that submits, a round."""

    town_sec: User  # the secretary of township A1 (person P-SEC), granted there
    county_rev: User  # reviewer at county A: confirms townships' entries, approves at meetings
    county_admin: User  # admin at county A: targets, points table, approvals
    county_sec: User  # a secretary granted at county A: not township A1's record
    department: Organization  # a county department that submits red/black entries
    submitter: User  # inspector at the department
    secretary: Person
    round: Round
    reporter: Reporter
    red: MeritRule
    black: MeritRule


@pytest.fixture
def cast(small_city) -> Cast:  # type: ignore[no-untyped-def]
    secretary = Person.objects.get(code="P-SEC")
    department = make_org("甲县委组织部", small_city.county_a, code="C-A-ZZB", kind="party_group")
    admin = make_user("county_adm", "admin", small_city.county_a)
    round_ = Round.objects.create(
        name="甲县2026年度", year=YEAR, hearing_organization=small_city.county_a
    )
    reporter = Reporter.objects.create(
        round=round_, organization=small_city.town_a1, person=secretary
    )
    red = merit_services.set_rule(
        actor=admin,
        organization=small_city.county_a,
        code="R1",
        color="red",
        title="获评上级表彰",
        points=Decimal(3),
    )
    black = merit_services.set_rule(
        actor=admin,
        organization=small_city.county_a,
        code="B1",
        color="black",
        title="组织生活不规范",
        points=Decimal(2),
    )
    return Cast(
        town_sec=make_user("town_sec", "secretary", small_city.town_a1, person=secretary),
        county_rev=make_user("county_rev", "reviewer", small_city.county_a),
        county_admin=admin,
        county_sec=make_user("county_sec", "secretary", small_city.county_a),
        department=department,
        submitter=make_user("zzb", "inspector", department),
        secretary=secretary,
        round=round_,
        reporter=reporter,
        red=red,
        black=black,
    )


def log(
    cast: Cast,
    organization: Organization,
    day: date,
    kind: str = "village_days",
    days: str = "1",
    **kw,
) -> WorkLog:  # type: ignore[no-untyped-def]
    return services.log_work(
        actor=kw.pop("actor", cast.town_sec),
        organization=organization,
        kind=kind,
        occurred_on=day,
        place=kw.pop("place", "甲一1村"),
        text=kw.pop("text", "驻村走访，召开党员大会"),
        days=Decimal(days),
        **kw,
    )


def submit(
    cast: Cast, organization: Organization, rule: MeritRule, day: date = date(YEAR, 3, 5), **kw
) -> MeritRecord:  # type: ignore[no-untyped-def]
    return merit_services.submit_merit(
        actor=kw.pop("actor", cast.submitter),
        submitting_unit=kw.pop("unit", cast.department),
        organization=organization,
        rule=rule,
        occurred_on=day,
        facts=kw.pop("facts", "经核实"),
        **kw,
    )


def meeting(cast: Cast, month: date = date(YEAR, 3, 1)) -> JointMeeting:
    return merit_services.hold_joint_meeting(
        actor=cast.county_admin,
        organization=cast.round.hearing_organization,
        month=month,
        held_on=month.replace(day=28),
        approvers=[cast.county_rev, cast.county_admin],
    )


__all__ = ["YEAR", "Cast", "log", "make_person", "make_post", "meeting", "submit"]
