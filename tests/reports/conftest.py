from __future__ import annotations

from dataclasses import dataclass

import pytest

from shuzhi.accounts.models import User
from shuzhi.orgs.models import Person
from shuzhi.reports import services
from shuzhi.reports.models import DutyReport
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_user
from tests.reports.texts import GOOD_SECTIONS


@dataclass
class ReviewSetting:
    round: Round
    reporter: Reporter
    secretary: User  # the reporter's own account
    step1: User  # reviewer at the hearing body (county A)
    step2: User  # the hearing body's secretary
    step3: User  # reviewer one level up (the city)
    outsider: User  # reviewer in county B


@pytest.fixture
def review(small_city) -> ReviewSetting:
    return review_setting(small_city)


def review_setting(small_city) -> ReviewSetting:  # type: ignore[no-untyped-def]
    """A township reporter heard by county A, its secretary's account and a reviewer per step."""
    round_ = Round.objects.create(
        name="甲县2026年度述职评议考核", year=2026, hearing_organization=small_city.county_a
    )
    person = Person.objects.get(code="P-SEC")
    reporter = Reporter.objects.create(round=round_, organization=small_city.town_a1, person=person)
    secretary = make_user("town_sec", "secretary", small_city.town_a1, person=person)
    return ReviewSetting(
        round_,
        reporter,
        secretary,
        make_user("county_reviewer", "reviewer", small_city.county_a),
        make_user("county_secretary", "secretary", small_city.county_a),
        make_user("city_reviewer", "reviewer", small_city.city),
        make_user("other_reviewer", "reviewer", small_city.county_b),
    )


def drafted(review: ReviewSetting, sections: dict[str, str] | None = None) -> DutyReport:
    report = services.open_report(actor=review.secretary, reporter=review.reporter)
    return services.save_draft(
        actor=review.secretary, report=report, sections=sections or GOOD_SECTIONS, answers={}
    )


ALL_GATES = ["gate_problems", "gate_causes", "gate_measures", "gate_materials"]


def pass_step(actor: User, report: DutyReport):  # type: ignore[no-untyped-def]
    return services.decide(actor=actor, report=report, decision="pass", gates=ALL_GATES)
