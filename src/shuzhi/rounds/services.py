"""Creating rounds and enrolling reporters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.audit.services import record
from shuzhi.orgs import tree
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Post
from shuzhi.rounds.models import Period, Reporter, Round


@transaction.atomic
def create_round(
    *,
    actor: Any,
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
    *, actor: Any, round: Round, organizations: Iterable[Organization], peer_group: str = ""
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
