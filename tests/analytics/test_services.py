"""Themes stored for a round: build, rename, merge, split, root above — audited."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuzhi.analytics import services
from shuzhi.analytics.models import Theme, ThemeMember
from shuzhi.audit.models import AuditEntry
from shuzhi.rectification.models import Problem, RectificationItem
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def build(county):  # type: ignore[no-untyped-def]
    return services.build_themes(actor=county.admin, round=county.round, organization=county.county)


def test_building_groups_every_problem_of_the_subtree_once(county) -> None:  # type: ignore[no-untyped-def]
    theme_set = build(county)
    members = list(ThemeMember.objects.filter(theme_set=theme_set))
    assert theme_set.problem_count == len(members) == county.count
    assert len({m.problem_id for m in members}) == len(members)
    assert AuditEntry.objects.filter(action="analytics.themes.build").count() == 1


def test_problems_of_another_subtree_are_left_out(county, small_city) -> None:  # type: ignore[no-untyped-def]
    other = Problem.objects.create(
        organization=small_city.town_b1, source="self", text="乙县的问题", year=2025,
        round_id=county.round.pk,
    )  # fmt: skip
    theme_set = build(county)
    assert not ThemeMember.objects.filter(theme_set=theme_set, problem_id=other.pk).exists()


def test_building_again_gives_the_same_themes(county) -> None:  # type: ignore[no-untyped-def]
    first = [
        (t.name, sorted(t.members.values_list("problem_id", flat=True)))
        for t in build(county).themes.all()
    ]
    second = [
        (t.name, sorted(t.members.values_list("problem_id", flat=True)))
        for t in build(county).themes.all()
    ]
    assert first == second


def test_rename_is_audited(county) -> None:  # type: ignore[no-untyped-def]
    theme = build(county).themes.first()
    services.rename_theme(actor=county.admin, theme=theme, name="党费问题")
    theme.refresh_from_db()
    assert theme.name == "党费问题"
    entry = AuditEntry.objects.get(action="analytics.theme.rename")
    assert entry.after == {"name": "党费问题"}


def test_merge_moves_the_problems_and_drops_the_other_theme(county) -> None:  # type: ignore[no-untyped-def]
    keep, other = list(build(county).themes.all())[:2]
    total = keep.members.count() + other.members.count()
    services.merge_themes(actor=county.admin, keep=keep, other=other)
    assert keep.members.count() == total
    assert not Theme.objects.filter(pk=other.pk).exists()
    assert set(other.words) <= set(Theme.objects.get(pk=keep.pk).words)
    assert AuditEntry.objects.filter(action="analytics.theme.merge").exists()


def test_a_theme_is_not_merged_into_itself(county) -> None:  # type: ignore[no-untyped-def]
    theme = build(county).themes.first()
    with pytest.raises(ValidationError):
        services.merge_themes(actor=county.admin, keep=theme, other=theme)


def test_split_parts_a_merged_theme_back_by_topic(county) -> None:  # type: ignore[no-untyped-def]
    keep, other = list(build(county).themes.all())[:2]
    services.merge_themes(actor=county.admin, keep=keep, other=other)
    first, second = services.split_theme(actor=county.admin, theme=Theme.objects.get(pk=keep.pk))
    for part in (first, second):
        labels = Counter(county.labels[t] for t in part.members.values_list("text", flat=True))
        assert len(labels) == 1, labels
    assert AuditEntry.objects.filter(action="analytics.theme.split").exists()


def test_rooting_a_theme_above_gives_the_county_one_common_problem_with_an_item(county) -> None:  # type: ignore[no-untyped-def]
    theme = build(county).themes.first()
    member_ids = set(theme.members.values_list("problem_id", flat=True))
    services.root_above(
        actor=county.admin, theme=theme, text="党费收缴标准不统一", measures="县委统一制定党费收缴办法",
        deadline=date(2026, 6, 30),
    )  # fmt: skip
    upper = Problem.objects.get(reference=f"theme:{theme.pk}")
    assert upper.organization == county.county
    assert upper.source == "common"
    item = RectificationItem.objects.get(problem=upper)
    assert item.deadline == date(2026, 6, 30)
    assert (
        set(Problem.objects.filter(escalated_to=upper).values_list("pk", flat=True)) == member_ids
    )
    theme.refresh_from_db()
    assert theme.is_rooted_above
    assert AuditEntry.objects.filter(action="analytics.theme.root_above").exists()


def test_a_theme_rooted_above_is_not_changed_nor_rebuilt(county) -> None:  # type: ignore[no-untyped-def]
    theme_set = build(county)
    theme, other = list(theme_set.themes.all())[:2]
    services.root_above(
        actor=county.admin, theme=theme, text="", measures="统一整改", deadline=date(2026, 6, 30)
    )
    with pytest.raises(ValidationError):
        services.merge_themes(actor=county.admin, keep=other, other=theme)
    with pytest.raises(ValidationError):
        services.split_theme(actor=county.admin, theme=theme)
    with pytest.raises(ValidationError):
        build(county)


def test_common_problems_are_not_grouped_again(county) -> None:  # type: ignore[no-untyped-def]
    theme = build(county).themes.first()
    services.root_above(
        actor=county.admin, theme=theme, text="", measures="统一整改", deadline=date(2026, 6, 30)
    )
    facts = services.round_problems(county.round, county.county)
    assert all(f.source != "common" for f in facts)
    assert len(facts) == county.count


def test_only_an_admin_of_the_subtree_builds_themes(county, small_city) -> None:  # type: ignore[no-untyped-def]
    outsider = make_user("b_admin", "admin", small_city.county_b)
    viewer = make_user("a_viewer", "viewer", small_city.county_a)
    for user in (outsider, viewer):
        with pytest.raises(PermissionDenied):
            services.build_themes(actor=user, round=county.round, organization=county.county)
