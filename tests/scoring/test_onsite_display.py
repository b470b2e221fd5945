"""Small voter categories are shown only merged, as the meeting showed them (anonymity)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shuzhi.core.events import OnsiteEvaluationClosed, OnsiteTally, onsite_evaluation_closed
from shuzhi.scoring import queries
from shuzhi.scoring.models import OnsiteEvaluation
from shuzhi.scoring.onsite_display import display_groups, merge_onsite_lines
from tests.rounds.helpers import county_round

LABELS = {"leader": "领导班子成员", "masses": "群众代表", "member": "党员代表"}


def _line(item: str, raw: str, weight: str, points: str, votes: int) -> dict[str, str]:
    note = f"{votes} 票"
    return {"source": "onsite", "item": item, "raw": raw, "weight": weight, "points": points} | {
        "note": note
    }


def test_small_categories_become_one_line_with_the_same_points() -> None:
    lines = [
        {"source": "indicators", "item": "1", "raw": "9", "weight": "", "points": "9", "note": ""},
        _line("leader", "40", "50", "6", 2),
        _line("member", "90", "20", "5.4", 12),
        _line("masses", "80", "30", "7.2", 2),
    ]
    groups = display_groups({"leader": 2, "member": 12, "masses": 2}, threshold=3)
    shown = merge_onsite_lines(lines, groups, LABELS)
    assert [line["item"] for line in shown] == [
        "1",
        "其他类别（合并：领导班子成员、群众代表）",
        "member",
    ]
    merged = shown[1]
    assert (merged["note"], merged["weight"], merged["points"]) == ("4 票", "80", "13.2")
    assert merged["raw"] == "55.00"  # (50 × 40 + 30 × 80) / 80
    assert sum(Decimal(line["points"]) for line in shown) == sum(
        Decimal(line["points"]) for line in lines
    )
    # Without a threshold from the meeting (manual entry) every category is its own line.
    assert merge_onsite_lines(lines, display_groups({"leader": 2}, None), LABELS) == lines


def _close_box(round_: Any, tallies: list[OnsiteTally]) -> None:
    """As the meeting does when its box closes, with a small-category threshold of 3."""
    onsite_evaluation_closed.publish(
        OnsiteEvaluationClosed(
            round_id=round_.pk,
            meeting_id=7,
            tallies=tuple(tallies),
            digest="abc",
            small_category_threshold=3,
        )
    )


@pytest.mark.django_db
def test_the_meeting_threshold_is_stored_and_used_for_the_groups(small_city, city_admin) -> None:
    round_, reporters = county_round(small_city, city_admin)
    tallies = [
        OnsiteTally(reporters[0].pk, "leader", {"good": 2}),
        OnsiteTally(reporters[0].pk, "member", {"good": 5}),
        OnsiteTally(reporters[1].pk, "leader", {"poor": 1, "fair": 1}),
        OnsiteTally(reporters[1].pk, "member", {"average": 5}),
    ]
    _close_box(round_, tallies)
    assert set(OnsiteEvaluation.objects.values_list("small_category_threshold", flat=True)) == {3}
    # leader (2 ballots) alone is too small, so it is folded in with the smallest shown one.
    assert queries.onsite_groups(round_) == {"merged": ["member", "leader"]}


@pytest.mark.django_db
def test_sources_page_shows_small_meeting_categories_only_merged(small_city, city_admin) -> None:
    from django.test import Client

    round_, reporters = county_round(small_city, city_admin)
    tallies = [
        OnsiteTally(reporters[0].pk, "leader", {"good": 2}),
        OnsiteTally(reporters[0].pk, "member", {"good": 5}),
        OnsiteTally(reporters[1].pk, "leader", {"poor": 1, "fair": 1}),
        OnsiteTally(reporters[1].pk, "member", {"average": 4, "poor": 1}),
    ]
    _close_box(round_, tallies)
    client = Client()
    client.force_login(city_admin)
    url = f"/scoring/{round_.pk}/sources/onsite/"
    # A hand-entered tally stays on its own line and can still be corrected.
    form = {"reporter": reporters[1].pk, "voter_category": "masses", "good": 1}
    assert client.post(url, form | {"fair": 0, "average": 0, "poor": 0}).status_code == 302
    assert client.post(url, form | {"fair": 1, "average": 0, "poor": 0}).status_code == 302
    html = client.get(f"/scoring/{round_.pk}/sources/").content.decode()
    assert "其他类别（合并：领导班子成员、党员代表） 7/0/0/0" in html
    assert "其他类别（合并：领导班子成员、党员代表） 0/1/4/2" in html
    assert "领导班子成员 2/0/0/0" not in html and "领导班子成员 0/1/0/1" not in html
    assert "群众代表 1/1/0/0" in html
    assert OnsiteEvaluation.objects.get(voter_category="masses").fair == 1
