"""Rectification's answers to the common-problems analysis: a round's problems in a subtree, and
a common problem rooted above (上挖根源、顶层施策) taken onto the upper level's list and ledger."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import (
    CommonProblemRootedAbove,
    OverdueItem,
    OverdueRequest,
    ProblemFact,
    RoundProblemsRequest,
)
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter
from shuzhi.rectification import services
from shuzhi.rectification.models import (
    Problem,
    RectificationItem,
    active_condition,
    overdue_condition,
    text_digest,
)
from shuzhi.rectification.rules import Status


def _of_round(request: RoundProblemsRequest) -> QuerySet[Problem]:
    return (
        Problem.objects.filter(subtree_filter(request.organization_path, "organization__path"))
        .filter(Q(round_id=request.round_id) | Q(round_id__isnull=True, year=request.year))
        .filter(active_condition())
        .exclude(source=ProblemSource.COMMON)
    )


def rectified_problems(request: RoundProblemsRequest) -> set[int]:
    """The ids of the round's problems under the path whose item is closed: one query."""
    return set(_of_round(request).filter(item__status=Status.CLOSED).values_list("pk", flat=True))


def round_problems(request: RoundProblemsRequest) -> list[ProblemFact]:
    """The round's active problems under the path, with their ledger state: one query."""
    problems = (
        _of_round(request)
        .values_list("pk", "organization_id", "text", "source", "item__status")
        .order_by("pk")
    )
    if request.problem_ids is not None:
        problems = problems.filter(pk__in=request.problem_ids)
    return [
        ProblemFact(
            problem_id=pk,
            organization_id=organization_id,
            text=text,
            source=source,
            has_item=status is not None,
            rectified=status == Status.CLOSED,
        )
        for pk, organization_id, text, source, status in problems
    ]


def overdue_items(request: OverdueRequest) -> list[OverdueItem]:
    """Open items past their deadline under the path (the rule's SQL form): one query."""
    rows = (
        RectificationItem.objects.filter(
            subtree_filter(request.organization_path, "organization__path"),
            overdue_condition(request.today),
        )
        .values_list("organization_id", "organization__path", "deadline")
        .order_by("organization__path", "deadline")
    )
    return [OverdueItem(pk, path, deadline) for pk, path, deadline in rows]


@transaction.atomic
def take_common_problem(event: CommonProblemRootedAbove) -> Problem:
    """One problem of the upper level (source: common) with its ledger item; each member problem
    is linked to it like an escalated one. Sent again, it changes nothing."""
    actor = User.objects.get(pk=event.actor_id)
    organization = Organization.objects.get(pk=event.organization_id)
    text = event.text.strip()
    upper, created = Problem.objects.get_or_create(
        organization=organization,
        reference=event.reference[:100],
        text_digest=text_digest(text),
        defaults={
            "text": text,
            "source": ProblemSource.COMMON,
            "year": event.year,
            "round_id": event.round_id,
            "raised_by": actor,
        },
    )
    if not created:
        return upper
    linked = Problem.objects.filter(
        pk__in=event.member_problem_ids, escalated_to__isnull=True
    ).update(escalated_to=upper)
    record(
        actor=actor,
        action="rectification.problem.common",
        target=upper,
        organization=organization,
        after={"reference": upper.reference, "member_count": len(event.member_problem_ids)},
        reason=f"共性问题上移，关联下级问题 {linked} 个",
    )
    services.create_item(
        actor=actor, problem=upper, measures=event.measures, deadline=event.deadline
    )
    return upper
