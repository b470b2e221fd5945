from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from shuzhi.accounts.models import User
from shuzhi.factfinding import services
from shuzhi.factfinding.models import InspectionGroup, Visit
from shuzhi.orgs.models import Organization, Person, Representative
from shuzhi.rounds.models import Round
from tests.factories import make_org, make_person, make_user

CATEGORIES = ["party_congress", "peoples_congress", "cppcc", "grassroots_member", "masses"]


@dataclass
class Scene:
    round: Round
    admin: User  # admin at the city (the hearing body)
    inspector: User  # inspector at the city, member of group 1
    outsider_inspector: User  # inspector at the city, in no group
    town_secretary: User  # secretary of township A1
    county_reviewer: User  # reviewer at county A: the township's superior
    group: InspectionGroup
    town: Organization


@pytest.fixture
def scene(small_city) -> Scene:  # type: ignore[no-untyped-def]
    city = small_city.city
    round = Round.objects.create(name="2025年度述职评议", year=2025, hearing_organization=city)
    for n in range(10):
        person = make_person(f"代表{n}", city, code=f"REP{n:02d}")
        Representative.objects.create(organization=city, person=person, category=CATEGORIES[n % 5])
    admin = make_user("ff_admin", "admin", city)
    group = services.form_groups(actor=admin, round=round, group_count=2)[0]
    member_person = group.members.first().representative.person  # type: ignore[union-attr]
    inspector = make_user("ff_inspector", "inspector", city, person=member_person)
    outsider = make_user("ff_outsider", "inspector", city, person=make_person("外人", city))
    services.assign_unit(
        actor=admin, group=group, organization=small_city.town_a1, methods=["hearing", "site"]
    )
    return Scene(
        round=round,
        admin=admin,
        inspector=inspector,
        outsider_inspector=outsider,
        town_secretary=make_user(
            "ff_town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
        ),
        county_reviewer=make_user("ff_county_rev", "reviewer", small_city.county_a),
        group=group,
        town=small_city.town_a1,
    )


def inspection(scene: Scene, on: date = date(2025, 11, 5)) -> Visit:
    return services.record_visit(
        actor=scene.inspector,
        round=scene.round,
        organization=scene.town,
        kind="inspection",
        visited_on=on,
        group=scene.group,
        methods=["hearing"],
    )


def unannounced(scene: Scene) -> Visit:
    return services.record_visit(
        actor=scene.admin,
        round=scene.round,
        organization=scene.town,
        kind="unannounced",
        visited_on=date(2025, 11, 8),
    )


def add_orgs(parent: Organization, field: str, n: int, prefix: str) -> list[Organization]:
    return [
        make_org(
            f"{prefix}{i}", parent, code=f"{parent.code}-{prefix}{i}", kind="branch", field=field
        )
        for i in range(n)
    ]
