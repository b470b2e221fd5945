"""Who may act on which step of the review chain (Django-aware, but no state changes)."""

from __future__ import annotations

from typing import Any

from shuzhi.accounts.access import grant_scopes, has_permission
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization
from shuzhi.reports.models import ReviewChainStep, StepScope
from shuzhi.rounds.models import Round

# 000: a county secretary's report passes the city organisation department → the city
# secretary → the provincial organisation department.
DEFAULT_CHAIN = [
    ("组织部初审", "reviewer", StepScope.HEARING),
    ("党委（党组）书记审定", "secretary", StepScope.HEARING),
    ("上级组织部复核", "reviewer", StepScope.ABOVE),
]


def steps_of(round_: Round) -> list[ReviewChainStep]:
    """The round's chain, created with the default three steps the first time it is asked for."""
    steps = list(ReviewChainStep.objects.filter(round=round_).order_by("position"))
    if not steps:
        steps = [
            ReviewChainStep.objects.create(
                round=round_, position=n, label=label, role=role, scope=scope
            )
            for n, (label, role, scope) in enumerate(DEFAULT_CHAIN, 1)
        ]
    return steps


def step_organization(step: ReviewChainStep, round_: Round) -> Organization:
    hearing = round_.hearing_organization
    if step.scope == StepScope.ABOVE and hearing.parent_id is not None:
        return Organization.objects.get(pk=hearing.parent_id)
    return hearing


def may_act(user: Any, step: ReviewChainStep, round_: Round) -> bool:
    """The step's role granted at the step's organisation or above it; superusers may act."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    place = step_organization(step, round_)
    return any(
        scope.role == step.role and tree.is_within(place.path, scope.path)
        for scope in grant_scopes(user)
    )


def may_draft(user: Any, report_organization: Organization, reporter_person_id: int) -> bool:
    """The reporter's own account, or a secretary granted at exactly that organisation.

    A county secretary's grant covers the townships below for reviewing, not for writing
    their secretaries' reports.
    """
    if not has_permission(user, "reports.draft", report_organization):
        return False
    if user.is_superuser or user.person_id == reporter_person_id:
        return True
    return any(
        scope.role == "secretary" and scope.organization_id == report_organization.pk
        for scope in grant_scopes(user)
    )
