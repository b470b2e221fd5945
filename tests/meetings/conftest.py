"""A city round with four township reporters, a meeting hosted by the city, and its people.

Reporters are cleared for the agenda by a local receiver standing in for the reports app."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache

from shuzhi.accounts.models import User
from shuzhi.core.events import Clearance, ClearanceRequest, report_clearance_requested
from shuzhi.meetings import ballots, box, services
from shuzhi.meetings.models import AgendaItem, Meeting
from shuzhi.orgs.models import Organization, Representative
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_org, make_person, make_post, make_user
from tests.signals import isolated


def clear_all(request: ClearanceRequest) -> dict[int, Clearance]:
    return {rid: Clearance(True) for rid in request.reporter_ids}


@pytest.fixture
def cleared() -> Iterator[None]:
    with isolated(report_clearance_requested) as signal:
        signal.answer_with(clear_all, uid="test")
        yield


@dataclass
class MeetingWorld:
    city: Organization
    round: Round
    reporters: list[Reporter]
    host: User
    superior: User
    meeting: Meeting

    @property
    def items(self) -> list[AgendaItem]:
        return list(self.meeting.agenda.select_related("reporter").order_by("position"))


def make_reporters(round_: Round, parents: list[Organization], count: int) -> list[Reporter]:
    reporters = []
    for n in range(count):
        parent = parents[n % len(parents)]
        org = make_org(f"测试{n + 1}镇党委", parent, code=f"{parent.code}-T{n + 1}")
        person = make_person(f"书记{n + 1}", org)
        make_post(org, person)
        reporters.append(
            Reporter.objects.create(round=round_, organization=org, person=person, speaking_order=n)
        )
    return reporters


def build_world(small_city) -> MeetingWorld:  # type: ignore[no-untyped-def]
    """The round, its reporters on the agenda of a city meeting (reporters must be cleared)."""
    city = small_city.city
    round_ = Round.objects.create(
        name="测试市2026年度述职评议考核", year=2026, hearing_organization=city
    )
    reporters = make_reporters(round_, [small_city.county_a, small_city.county_b], 4)
    host = make_user("host", "host", city)
    superior = make_user("boss", "secretary", city)
    meeting = services.create_meeting(actor=host, round=round_, held_on=date(2026, 12, 20))
    services.add_to_agenda(actor=host, meeting=meeting, reporters=reporters)
    return MeetingWorld(city, round_, reporters, host, superior, meeting)


@pytest.fixture
def world(small_city, cleared) -> MeetingWorld:  # type: ignore[no-untyped-def]
    return build_world(small_city)


def sign_in_people(world: MeetingWorld, representatives: int, leaders: int) -> None:
    for n in range(representatives):
        person = make_person(f"代表{n}", world.city)
        Representative.objects.create(organization=world.city, person=person, category="masses")
        services.sign_in(actor=world.host, meeting=world.meeting, person=person)
    for n in range(leaders):
        person = make_person(f"领导{n}", world.city)
        services.sign_in(actor=world.host, meeting=world.meeting, person=person)


def open_formal(world: MeetingWorld) -> Meeting:
    sign_in_people(world, representatives=2, leaders=4)
    world.meeting = box.open_box(actor=world.host, meeting=world.meeting)
    return world.meeting


def all_graded(world: MeetingWorld, *grades: str, comment: str = "") -> dict[str, object]:
    ids = [r.pk for r in world.reporters]
    return {
        "ratings": {str(rid): {"grade": g} for rid, g in zip(ids, grades, strict=False)},
        "comment": comment,
    }


def issue(world: MeetingWorld, category: str = "masses", count: int = 3) -> list[str]:
    return ballots.issue_tokens(
        actor=world.host, meeting=world.meeting, category=category, count=count
    )


def make_meeting_for(organization: Organization, *, closed: bool = False) -> Meeting:
    """A meeting hosted by ``organization`` with one reporter, for access tests."""
    from shuzhi.meetings import rules
    from shuzhi.meetings.models import BallotBox

    round_ = Round.objects.create(
        name=f"{organization.name}考核", year=2026, hearing_organization=organization
    )
    (reporter,) = make_reporters(round_, [organization], 1)
    meeting = Meeting.objects.create(
        round=round_,
        hosting_organization=organization,
        title=f"{organization.name}述职评议会",
        held_on=date(2026, 12, 20),
        sign_in_code=f"code-{organization.pk}",
        state="closed" if closed else "preparing",
        digest=rules.genesis(0, False) if closed else "",
    )
    for rehearsal in (False, True):
        BallotBox.objects.create(meeting=meeting, rehearsal=rehearsal)
    AgendaItem.objects.create(meeting=meeting, reporter=reporter, position=1)
    return meeting


@pytest.fixture(autouse=True)
def private_cache(settings: Any) -> Iterator[None]:
    """A per-test in-memory cache, so scan sign-in counters never leak between tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()
