"""Branch star ratings against the template, dynamic clearing, the distribution, and points."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from shuzhi.core.events import SecretaryPointsRequest, secretary_points_requested
from shuzhi.rectification.models import Problem
from shuzhi.villages import queries, ratings, rules
from shuzhi.villages.models import StarRating
from tests.factories import make_org, make_person, make_post, make_user

pytestmark = pytest.mark.django_db

FULL = {s.key: s.max_points for s in rules.SIX_STANDARDS}


def _points(share: str) -> dict[str, Decimal]:
    return {k: (v * Decimal(share)).quantize(Decimal("0.01")) for k, v in FULL.items()}


@pytest.fixture
def branch(small_city):  # type: ignore[no-untyped-def]
    return make_org(
        "甲一1村第一支部", small_city.village_a1, code="C-A1-1-1", kind="branch", field="rural"
    )


@pytest.fixture
def cadre(small_city):  # type: ignore[no-untyped-def]
    return make_user("town_cadre", "reviewer", small_city.town_a1)


def test_the_six_standards_are_the_default_template(branch, cadre):
    rating = ratings.rate_branch(
        actor=cadre, branch=branch, year=2025, points=FULL, evidence="检查记录"
    )
    assert rating.stars == 5 and rating.total == Decimal(100)
    assert set(rating.points) == {s.key for s in rules.SIX_STANDARDS}
    assert rating.township.code == "C-A1" and rating.county.code == "C-A"


def test_points_beyond_a_standards_maximum_are_refused(branch, cadre):
    too_many = {**FULL, "members": Decimal(21)}
    with pytest.raises(ValidationError, match="应在 0 到 20 分之间"):
        ratings.rate_branch(actor=cadre, branch=branch, year=2025, points=too_many, evidence="x")


def test_two_stars_or_below_get_a_plan_and_a_re_rating_replaces_the_rating(branch, cadre):
    low = ratings.rate_branch(
        actor=cadre, branch=branch, year=2025, points=_points("0.55"), evidence="检查"
    )
    assert low.stars == 1 and rules.needs_clearing(low.stars)
    assert (
        Problem.objects.filter(
            organization=branch, reference__startswith=f"{low.reference}:"
        ).count()
        == 6
    )
    again = ratings.rate_branch(
        actor=cadre, branch=branch, year=2025, points=_points("0.85"), evidence="复查"
    )
    assert again.stars == 4
    assert list(StarRating.objects.filter(branch=branch, is_current=True)) == [again]


def test_another_townships_cadre_cannot_rate(branch, small_city):
    with pytest.raises(PermissionDenied):
        ratings.rate_branch(
            actor=make_user("b_cadre", "reviewer", small_city.town_b1),
            branch=branch,
            year=2025,
            points=FULL,
            evidence="x",
        )


def test_confirmed_points_feed_the_rating_and_records_can_read_them(small_city, branch, cadre):
    secretary = make_person("支部书记", branch)
    make_post(branch, secretary)
    enterer = make_user("branch_sec", "secretary", branch)
    entry = ratings.enter_points(
        actor=enterer, branch=branch, rule_code="honour", occurred_on=date(2025, 4, 1)
    )
    lost = ratings.enter_points(
        actor=enterer, branch=branch, rule_code="absent", occurred_on=date(2025, 5, 1)
    )
    with pytest.raises(ValidationError, match="录入人不能确认"):
        ratings.confirm_points(
            actor=enterer_as_rater(enterer, small_city), entry=entry, accept=True
        )
    ratings.confirm_points(actor=cadre, entry=entry, accept=True)
    ratings.confirm_points(actor=cadre, entry=lost, accept=True)
    assert ratings.confirmed_points(branch, 2025) == Decimal(3)
    rating = ratings.rate_branch(
        actor=cadre, branch=branch, year=2025, points=_points("0.85"), evidence="x"
    )
    assert rating.secretary_points == Decimal(3) and rating.total == Decimal("88.00")
    (answer,) = secretary_points_requested.ask(
        SecretaryPointsRequest(person_id=secretary.pk, year=2025)
    )
    assert answer.total == "3.00" and [line.points for line in answer.lines] == ["5.00", "-2.00"]


def enterer_as_rater(enterer, small_city):  # type: ignore[no-untyped-def]
    from shuzhi.accounts.access import forget_grants
    from shuzhi.accounts.models import RoleGrant

    RoleGrant.objects.create(user=enterer, role="reviewer", organization=small_city.town_a1)
    forget_grants(enterer)
    return enterer


@given(
    st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙"]), st.integers(min_value=1, max_value=5)))
)
def test_distributions_count_every_branch_exactly_once(rows: list[tuple[str, int]]) -> None:
    counted = rules.distribution(rows)
    assert sum(sum(c.values()) for c in counted.values()) == len(rows)
    assert counted == {k: Counter(s for g, s in rows if g == k) for k in {g for g, _ in rows}}


def test_the_county_distribution_counts_each_branch_once_with_the_change(small_city, cadre):
    branches = [
        make_org(
            f"支部{i}",
            small_city.village_a1,
            code=f"B{i}",
            kind="branch",
            field="rural" if i % 2 else "community",
        )
        for i in range(6)
    ]
    for i, b in enumerate(branches):
        ratings.rate_branch(
            actor=cadre,
            branch=b,
            year=2025,
            points=_points("0.95" if i < 3 else "0.65"),
            evidence="x",
        )
    ratings.rate_branch(
        actor=cadre, branch=branches[5], year=2025, points=_points("0.75"), evidence="复查"
    )
    ratings.rate_branch(
        actor=cadre, branch=branches[0], year=2024, points=_points("0.5"), evidence="x"
    )
    table = queries.star_distribution(small_city.county_a, 2025)
    assert sum(table.totals) == 6
    assert table.totals == [0, 2, 1, 0, 3] and table.change == [-1, 2, 1, 0, 3]
    by_field = queries.star_distribution(small_city.county_a, 2025, by="field")
    assert sorted(total for _, _, total in by_field.groups) == [3, 3]


def test_a_township_cadre_rates_a_branch_on_the_page(branch, cadre):
    client = Client()
    client.force_login(cadre)
    data = {f"points_{k}": str(v) for k, v in _points("0.9").items()} | {
        "evidence": "查阅会议记录",
        "year": "2025",
    }
    response = client.post(f"/villages/branches/{branch.code}/rate/", data)
    assert response.status_code == 302
    page = client.get(f"/villages/branches/{branch.code}/").content.decode()
    assert "5 星" in page
    stars = client.get("/villages/stars/?year=2025").content.decode()
    assert 'id="star-chart-data"' in stars and "甲1镇党委" in stars


def test_each_level_of_root_counts_its_branches_once_including_those_outside_a_county(
    small_city,
):
    """The distribution finds ratings by stored township or county; a branch directly under
    the city (no county) is still counted at the city, and each root counts only its own."""
    root = make_user("stars_root", is_superuser=True)
    inside = [
        make_org(f"村支部{i}", small_city.village_a1, code=f"VB{i}", kind="branch")
        for i in range(2)
    ]
    outside = make_org("市直支部", small_city.city, code="CB", kind="branch")
    for b in [*inside, outside]:
        ratings.rate_branch(actor=root, branch=b, year=2025, points=_points("0.95"), evidence="x")
    totals = {
        org.code: sum(queries.star_distribution(org, 2025, "county").totals)
        for org in (
            small_city.city,
            small_city.county_a,
            small_city.county_b,
            small_city.town_a1,
            small_city.village_a1,
        )
    }
    assert totals == {"C": 3, "C-A": 2, "C-B": 0, "C-A1": 2, "C-A1-1": 2}
    groups = queries.star_distribution(small_city.city, 2025, "county").groups
    assert sorted((label, total) for label, _, total in groups) == [
        ("甲县委", 2),
        ("（未归属）", 1),
    ]
