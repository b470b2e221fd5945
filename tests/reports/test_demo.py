from __future__ import annotations

import pytest

from shuzhi.core.events import ClearanceRequest, report_clearance_requested
from shuzhi.reports.checking import run_checks
from shuzhi.reports.demo import build_demo
from shuzhi.reports.models import DutyReport
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_org, make_person, make_post

pytestmark = pytest.mark.django_db


def test_no_round_means_no_demo_reports(small_city):
    build_demo(seed=1)
    assert not DutyReport.objects.exists()


def test_demo_builds_six_reports_in_different_states(small_city):
    round_ = Round.objects.create(name="演示", year=2026, hearing_organization=small_city.county_a)
    for n in range(6):
        town = make_org(f"演示{n}镇党委", small_city.county_a)
        person = make_person(f"书记{n}", town)
        make_post(town, person)
        Reporter.objects.create(round=round_, organization=town, person=person, speaking_order=n)
    build_demo(seed=7)
    reports = list(DutyReport.objects.order_by("reporter__speaking_order"))
    assert [r.status for r in reports] == ["passed"] * 3 + ["under_review", "returned", "draft"]
    request = ClearanceRequest(tuple(r.reporter_id for r in reports))
    (answers,) = report_clearance_requested.ask(request)
    cleared = [answers[r.reporter_id].cleared for r in reports]
    assert cleared == [True] * 3 + [False] * 3
    assert run_checks(reports[5]).by_rule("shares").status == "fail"  # type: ignore[union-attr]
    copying = run_checks(reports[3], reports[3].versions.get()).by_rule("copying")
    assert copying is not None and copying.status == "fail"
    build_demo(seed=7)  # a second run adds nothing
    assert DutyReport.objects.count() == 6


def test_demo_texts_speak_of_the_reporters_own_area() -> None:
    import random

    from shuzhi.reports.demo_texts import area_word, boastful_sections, good_sections

    assert [area_word(n) for n in ("中共云溪县委", "青岚经开区党工委", "下长镇党委")] == [
        "县",
        "区",
        "镇",
    ]
    county = " ".join(
        text
        for variant in range(5)
        for text in good_sections(random.Random(variant), "中共云溪县委", variant).values()
    ) + " ".join(boastful_sections(random.Random(1), "中共云溪县委").values())
    assert "镇" not in county
    township = " ".join(good_sections(random.Random(0), "下长镇党委", 0).values())
    assert "全镇" in township or "镇党委" in township or "镇纪委" in township
