"""Creating rounds and enrolling reporters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record, snapshot
from shuzhi.orgs import tree
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Post
from shuzhi.rounds.models import (
    PeerGroup,
    Period,
    Reporter,
    Round,
    RoundSettings,
    Stage,
    StageSchedule,
)


@transaction.atomic
def create_round(
    *,
    actor: User,
    hearing_organization: Organization,
    year: int,
    period: str = Period.ANNUAL,
    name: str = "",
) -> Round:
    """Open a round heard by ``hearing_organization``."""
    require(actor, "rounds.manage", hearing_organization)
    round_ = Round(
        hearing_organization=hearing_organization,
        year=year,
        period=period,
        name=name or f"{hearing_organization.name}{year}年度述职评议考核",
    )
    round_.full_clean()
    round_.save()
    RoundSettings.objects.create(round=round_)  # the defaults of DOMAIN.md until edited
    record(
        actor=actor,
        action="rounds.round.create",
        target=round_,
        organization=hearing_organization,
        after={"year": year, "period": period, "name": round_.name},
    )
    return round_


@transaction.atomic
def enroll_reporters(
    *, actor: User, round: Round, organizations: Iterable[Organization], peer_group: str = ""
) -> list[Reporter]:
    """Enrol the current secretary of each organisation; each must lie below the hearing body."""
    require(actor, "rounds.manage", round.hearing_organization)
    organizations = list(organizations)
    secretaries = {
        post.organization_id: post.person
        for post in Post.objects.current()
        .filter(organization__in=organizations, role=PostRole.SECRETARY)
        .select_related("person")
    }
    enrolled = []
    for organization in organizations:
        if organization.pk == round.hearing_organization_id or not tree.is_within(
            organization.path, round.hearing_organization.path
        ):
            raise ValidationError(f"「{organization.name}」不是听取述职组织的下级组织。")
        person = secretaries.get(organization.pk)
        if person is None:
            raise ValidationError(f"「{organization.name}」没有现任书记，无法列为述职人。")
        reporter, created = Reporter.objects.get_or_create(
            round=round,
            organization=organization,
            defaults={"person": person, "peer_group": peer_group},
        )
        if created:
            record(
                actor=actor,
                action="rounds.reporter.enroll",
                target=reporter,
                organization=organization,
                after={"person": person.code, "peer_group": peer_group},
            )
        enrolled.append(reporter)
    return enrolled


@transaction.atomic
def enroll_by_codes(
    *, actor: User, round: Round, codes: Sequence[str], peer_group: str = ""
) -> list[Reporter]:
    """Enrol the organisations with these codes (as typed on the groups page), all or none."""
    organizations = list(Organization.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {o.code for o in organizations})
    if missing:
        raise ValidationError(f"找不到编码为「{'、'.join(missing)}」的党组织。")
    if peer_group and not round.peer_groups.filter(name=peer_group).exists():
        raise ValidationError(f"分组「{peer_group}」不存在。")
    return enroll_reporters(
        actor=actor, round=round, organizations=organizations, peer_group=peer_group
    )


def settings_of(round: Round) -> RoundSettings:
    """The round's settings, created with the defaults on first use."""
    found, _ = RoundSettings.objects.get_or_create(round=round)
    return found


@transaction.atomic
def update_settings(*, actor: User, round: Round, values: dict[str, Any]) -> RoundSettings:
    """Change the round's settings; the weight sums are checked before anything is saved."""
    require(actor, "rounds.manage", round.hearing_organization)
    current = settings_of(round)
    fields = list(values)
    before = snapshot(current, fields)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    record(
        actor=actor,
        action="rounds.settings.update",
        target=round,
        organization=round.hearing_organization,
        before=before,
        after=snapshot(current, fields),
    )
    return current


@transaction.atomic
def set_peer_groups(*, actor: User, round: Round, names: list[str]) -> None:
    """Make the round's peer groups exactly ``names`` (in that order); a group still holding
    reporters cannot be removed."""
    require(actor, "rounds.manage", round.hearing_organization)
    cleaned = [name.strip() for name in names if name.strip()]
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError("分组名称不能重复。")
    in_use = set(
        round.reporters.exclude(peer_group="").values_list("peer_group", flat=True).distinct()
    )
    missing = sorted(in_use - set(cleaned))
    if missing:
        raise ValidationError(f"分组「{'、'.join(missing)}」仍有述职人，不能删除。")
    before = list(round.peer_groups.values_list("name", flat=True))
    round.peer_groups.exclude(name__in=cleaned).delete()
    for order, name in enumerate(cleaned):
        PeerGroup.objects.update_or_create(round=round, name=name, defaults={"order": order})
    record(
        actor=actor,
        action="rounds.peer_groups.set",
        target=round,
        organization=round.hearing_organization,
        before={"groups": before},
        after={"groups": cleaned},
    )


@transaction.atomic
def assign_peer_group(*, actor: User, reporter: Reporter, peer_group: str) -> Reporter:
    """Put a reporter in one of the round's peer groups (or none, with an empty name)."""
    round_ = reporter.round
    require(actor, "rounds.manage", round_.hearing_organization)
    if peer_group and not round_.peer_groups.filter(name=peer_group).exists():
        raise ValidationError(f"分组「{peer_group}」不存在。")
    before = reporter.peer_group
    reporter.peer_group = peer_group
    reporter.save(update_fields=["peer_group"])
    record(
        actor=actor,
        action="rounds.reporter.assign_group",
        target=reporter,
        organization=round_.hearing_organization,
        before={"peer_group": before},
        after={"peer_group": peer_group},
    )
    return reporter


@transaction.atomic
def set_stage_dates(
    *, actor: User, round: Round, dates: dict[str, tuple[date, date] | None]
) -> None:
    """Schedule (or, with None, unschedule) stages of the round; each must end after it starts."""
    require(actor, "rounds.manage", round.hearing_organization)
    before = {s.stage: [s.starts_on.isoformat(), s.ends_on.isoformat()] for s in round.stages.all()}
    for stage, span in dates.items():
        if stage not in Stage.values:
            raise ValidationError(f"阶段「{stage}」无效。")
        if span is None:
            StageSchedule.objects.filter(round=round, stage=stage).delete()
            continue
        starts_on, ends_on = span
        if ends_on < starts_on:
            raise ValidationError(f"「{Stage(stage).label}」的结束日期不能早于开始日期。")
        StageSchedule.objects.update_or_create(
            round=round, stage=stage, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
    after = {s.stage: [s.starts_on.isoformat(), s.ends_on.isoformat()] for s in round.stages.all()}
    record(
        actor=actor,
        action="rounds.stages.set",
        target=round,
        organization=round.hearing_organization,
        before=before,
        after=after,
    )
