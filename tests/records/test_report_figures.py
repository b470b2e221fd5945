"""The secretary's own work-record figures, asked for by the duty-report editor and check
through core.events (reports never imports records)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shuzhi.core.events import WorkRecordRequest, work_record_figures_requested
from shuzhi.records import rules, services
from tests.records.conftest import YEAR, log, make_person

pytestmark = pytest.mark.django_db


def _ask(cast):  # type: ignore[no-untyped-def]
    answers = work_record_figures_requested.ask(
        WorkRecordRequest(
            round_id=cast.round.pk,
            organization_id=cast.reporter.organization_id,
            person_id=cast.secretary.pk,
        )
    )
    assert len(answers) == 1
    return {figure.kind: figure for figure in answers[0]}


def test_the_record_answers_confirmed_and_logged_figures_per_kind_against_targets(small_city, cast):
    services.set_targets(
        actor=cast.county_admin,
        round=cast.round,
        targets=[
            rules.Target("village_days", "days", Decimal(180)),
            rules.Target("party_lesson", "count", Decimal(4)),
        ],
    )
    log(cast, small_city.town_a1, date(YEAR, 3, 10), days="20")
    log(cast, small_city.town_a1, date(YEAR, 3, 12), kind="party_lesson", days="0")
    log(cast, small_city.town_a1, date(YEAR, 4, 2), days="5")  # April: not confirmed
    log(cast, small_city.town_a1, date(YEAR - 1, 12, 2), days="9")  # another year
    log(cast, small_city.town_a1, date(YEAR, 3, 20), kind="project", days="0")
    services.confirm_month(
        actor=cast.county_rev, organization=small_city.town_a1, month=date(YEAR, 3, 1)
    )
    figures = _ask(cast)
    assert list(figures) == ["party_lesson", "project", "village_days"]  # vocabulary order
    days = figures["village_days"]
    assert (days.confirmed, days.logged, days.target) == (20, 25, 180)
    assert days.sentence == "全年下基层驻村20天（目标180天）"
    assert days.units == ("天",) and "驻村" in days.cues
    assert figures["party_lesson"].sentence == "全年讲党课1次（目标4次）"
    project = figures["project"]
    assert project.target is None and project.sentence == "全年推进党建项目1次"
    assert project.units == ("次", "个", "项")


def test_without_targets_of_its_own_the_round_offers_the_seeds_examples(small_city, cast):
    figures = _ask(cast)
    assert figures["village_days"].sentence == "全年下基层驻村0天（目标180天）"
    assert figures["contact_point"].sentence == "全年联系点0个（每个不少于30天，目标3个）"
    assert figures["contact_point"].logged == 0


def test_another_persons_entries_are_not_the_reporters(small_city, cast):
    log(cast, small_city.town_a1, date(YEAR, 3, 10), days="7")
    assert _ask(cast)["village_days"].logged == 7
    successor = make_person("甲一新书记", small_city.town_a1)
    answers = work_record_figures_requested.ask(
        WorkRecordRequest(cast.round.pk, cast.reporter.organization_id, successor.pk)
    )
    assert {f.kind: f.logged for f in answers[0]}["village_days"] == 0
