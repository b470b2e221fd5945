"""Every change to themes: build, rename, merge, split, root above; each audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.analytics import themes
from shuzhi.analytics.models import Theme, ThemeMember, ThemeSet
from shuzhi.audit.services import record
from shuzhi.core.events import (
    CommonProblemRootedAbove,
    ProblemFact,
    RoundProblemsRequest,
    common_problem_rooted_above,
    round_problems_requested,
)
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round

MANAGE = "analytics.manage"


def round_problems(round_: Round, organization: Organization) -> list[ProblemFact]:
    """The round's problems under ``organization``, as rectification answers them."""
    request = RoundProblemsRequest(round_.pk, round_.year, organization.path)
    return [fact for answer in round_problems_requested.ask(request) for fact in answer]


def _previous_set(round_: Round, organization: Organization) -> ThemeSet | None:
    return (
        ThemeSet.objects.filter(organization=organization, round__year__lt=round_.year)
        .order_by("-round__year", "-pk")
        .first()
    )


@transaction.atomic
def build_themes(*, actor: User, round: Round, organization: Organization) -> ThemeSet:
    """Group the round's problems under ``organization`` into themes, replacing an earlier
    grouping (its names, merges and splits) unless one of its themes was rooted above."""
    require(actor, MANAGE, organization)
    theme_set, _ = ThemeSet.objects.get_or_create(round=round, organization=organization)
    if theme_set.themes.filter(rooted_above_at__isnull=False).exists():
        raise ValidationError("已有主题上移为上级问题，不能重新归类")
    facts = round_problems(round, organization)
    grouped = themes.group([fact.text for fact in facts])
    theme_set.themes.all().delete()
    theme_set.built_by = actor
    theme_set.problem_count = len(facts)
    theme_set.save()
    _store(theme_set, grouped, facts)
    record(
        actor=actor,
        action="analytics.themes.build",
        target=theme_set,
        organization=organization,
        after={"round": round.pk, "problem_count": len(facts), "theme_count": len(grouped)},
    )
    return theme_set


def _store(theme_set: ThemeSet, grouped: list[themes.Theme], facts: list[ProblemFact]) -> None:
    previous = _previous_set(theme_set.round, theme_set.organization)
    earlier = list(previous.themes.order_by("position", "pk")) if previous else []
    links = themes.link([t.words for t in earlier], [g.words for g in grouped])
    stored = Theme.objects.bulk_create(
        Theme(
            theme_set=theme_set,
            name=g.name,
            words=list(g.words),
            position=position,
            previous=earlier[link] if link is not None else None,
        )
        for position, (g, link) in enumerate(zip(grouped, links, strict=True))
    )
    ThemeMember.objects.bulk_create(
        (
            ThemeMember(
                theme_set=theme_set,
                theme=theme,
                problem_id=facts[i].problem_id,
                organization_id=facts[i].organization_id,
                text=facts[i].text,
            )
            for theme, g in zip(stored, grouped, strict=True)
            for i in g.members
        ),
        batch_size=2000,
    )


def _require_changeable(actor: User, theme: Theme) -> Organization:
    organization = theme.theme_set.organization
    require(actor, MANAGE, organization)
    if theme.is_rooted_above:
        raise ValidationError(f"主题“{theme.name}”已上移，不能再调整")
    return organization


@transaction.atomic
def rename_theme(*, actor: User, theme: Theme, name: str) -> Theme:
    organization = theme.theme_set.organization
    require(actor, MANAGE, organization)
    name = name.strip()
    if not name:
        raise ValidationError("请填写主题名称")
    before = theme.name
    theme.name = name[:100]
    theme.save(update_fields=["name"])
    record(
        actor=actor,
        action="analytics.theme.rename",
        target=theme,
        organization=organization,
        before={"name": before},
        after={"name": theme.name},
    )
    return theme


@transaction.atomic
def merge_themes(*, actor: User, keep: Theme, other: Theme) -> Theme:
    """Move ``other``'s problems into ``keep`` and drop ``other``; the words of both explain it."""
    organization = _require_changeable(actor, keep)
    _require_changeable(actor, other)
    if keep.pk == other.pk or keep.theme_set_id != other.theme_set_id:
        raise ValidationError("只能合并同一归类中的两个不同主题")
    moved = ThemeMember.objects.filter(theme=other).update(theme=keep)
    keep.words = list(dict.fromkeys([*keep.words, *other.words]))
    keep.save(update_fields=["words"])
    record(
        actor=actor,
        action="analytics.theme.merge",
        target=keep,
        organization=organization,
        before={"merged": other.name, "merged_id": other.pk},
        after={"name": keep.name, "moved": moved},
    )
    other.delete()
    return keep


@transaction.atomic
def split_theme(*, actor: User, theme: Theme) -> tuple[Theme, Theme]:
    """Part a theme in two by its texts; the second part becomes a new theme after it."""
    organization = _require_changeable(actor, theme)
    members = list(theme.members.order_by("pk"))
    parts = themes.split([m.text for m in members])
    if parts is None:
        raise ValidationError("该主题的问题表述相同，无法拆分")
    first, second = parts
    theme.words = list(first.words)
    theme.save(update_fields=["words"])
    Theme.objects.filter(theme_set=theme.theme_set, position__gt=theme.position).update(
        position=F("position") + 1
    )
    created = Theme.objects.create(
        theme_set=theme.theme_set,
        name=second.name,
        words=list(second.words),
        position=theme.position + 1,
        previous=theme.previous,
    )
    ThemeMember.objects.filter(pk__in=[members[i].pk for i in second.members]).update(theme=created)
    record(
        actor=actor,
        action="analytics.theme.split",
        target=theme,
        organization=organization,
        after={"kept": len(first.members), "new_theme": created.pk, "moved": len(second.members)},
    )
    return theme, created


@transaction.atomic
def root_above(*, actor: User, theme: Theme, text: str, measures: str, deadline: date) -> Theme:
    """Mark a theme rooted above (上挖根源、顶层施策): the organisation the grouping is of takes
    it as one problem of its own (source: common) with its own ledger item."""
    theme_set = theme.theme_set
    organization = _require_changeable(actor, theme)
    text = text.strip() or f"共性问题：{theme.name}"
    if not measures.strip():
        raise ValidationError("请填写整改措施")
    member_ids: Sequence[int] = list(theme.members.values_list("problem_id", flat=True))
    theme.rooted_above_at = timezone.now()
    theme.rooted_above_text = text
    theme.save(update_fields=["rooted_above_at", "rooted_above_text"])
    common_problem_rooted_above.publish(
        CommonProblemRootedAbove(
            organization_id=organization.pk,
            text=text,
            year=theme_set.round.year,
            round_id=theme_set.round_id,
            actor_id=actor.pk,
            reference=theme.reference,
            member_problem_ids=tuple(member_ids),
            measures=measures.strip(),
            deadline=deadline,
        )
    )
    record(
        actor=actor,
        action="analytics.theme.root_above",
        target=theme,
        organization=organization,
        after={
            "common_problem": text,
            "problem_count": len(member_ids),
            "deadline": deadline.isoformat(),
        },
    )
    return theme
