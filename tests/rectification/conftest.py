from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuzhi.accounts.models import User
from shuzhi.core.events import RaisedProblem
from shuzhi.orgs.models import Person
from shuzhi.rectification import services
from shuzhi.rectification.models import Problem, RectificationItem
from tests.factories import make_person, make_post, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class Cast:
    """Who acts on a township's items: its own secretary and the county above it."""

    owner: User  # secretary of township A1, personally first responsible
    deputy: Person
    superior: User  # reviewer at county A: may sign off township items
    county_admin: User  # admin at county A: manages townships and signs off their items
    outsider: User  # reviewer at county B: sign-off scope elsewhere
    town_secretary_role: User  # a secretary role at township A1 without being the person


@pytest.fixture
def cast(small_city) -> Cast:  # type: ignore[no-untyped-def]
    secretary = Person.objects.get(code="P-SEC")
    deputy = make_person("甲一副书记", small_city.town_a1, code="P-DEP")
    make_post(small_city.town_a1, deputy, role="deputy_secretary")
    owner = make_user("town_sec", "secretary", small_city.town_a1, person=secretary)
    return Cast(
        owner=owner,
        deputy=deputy,
        superior=make_user("county_rev", "reviewer", small_city.county_a),
        county_admin=make_user("county_adm", "admin", small_city.county_a),
        outsider=make_user("other_rev", "reviewer", small_city.county_b),
        town_secretary_role=make_user("town_clerk", "secretary", small_city.town_a1),
    )


def raise_problem(organization, text="组织生活不规范", source="superior", year=2025, **kw):  # type: ignore[no-untyped-def]
    created = services.intake_problems(
        [
            RaisedProblem(
                organization.pk,
                source,
                text,
                year,
                reference=kw.pop("reference", "critique:1"),
                **kw,
            )
        ]
    )
    return created[0] if created else Problem.objects.get(organization=organization, text=text)


@pytest.fixture
def item(small_city, cast) -> RectificationItem:  # type: ignore[no-untyped-def]
    problem = raise_problem(small_city.town_a1)
    return services.create_item(
        actor=cast.owner,
        problem=problem,
        measures="每月召开一次组织生活会并留存记录",
        deadline=date(2026, 6, 30),
        milestones=[("制定计划", date(2026, 3, 1))],
    )


def submit(item: RectificationItem, actor: User) -> RectificationItem:
    """Evidence, start and submit: the owner's side of the flow."""
    from shuzhi.rectification.rules import Action

    services.attach_evidence(actor=actor, item=item, upload=png())
    services.transition(actor=actor, item=item, action=Action.START)
    return services.transition(actor=actor, item=item, action=Action.SUBMIT, progress="已整改")


def close_out(item: RectificationItem, cast: Cast) -> RectificationItem:
    """Take an item through to sign-off by the county above."""
    from shuzhi.rectification.rules import Action

    submit(item, cast.owner)
    return services.transition(actor=cast.superior, item=item, action=Action.CLOSE, reason="核实")


def item_for(
    problem: Problem, cast: Cast, deadline: date = date(2026, 1, 31), actor: User | None = None
) -> RectificationItem:
    return services.create_item(
        actor=actor or cast.owner, problem=problem, measures="整改", deadline=deadline
    )
