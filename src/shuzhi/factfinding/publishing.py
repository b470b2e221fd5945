"""Findings → rectification's per-organisation problem list, through ``core.events``:
``problems_raised`` adds them, ``finding_withdrawn`` takes them off again."""

from __future__ import annotations

from collections.abc import Iterable

from shuzhi.accounts.models import User
from shuzhi.core.events import (
    FindingWithdrawn,
    ProblemsRaised,
    RaisedProblem,
    finding_withdrawn,
    problems_raised,
)
from shuzhi.factfinding.models import Finding


def reference_of(finding: Finding) -> str:
    """The stem every revision of the finding is raised under."""
    return f"factfinding:finding:{finding.pk}"


def raise_findings(findings: Iterable[Finding]) -> None:
    """Publish findings not yet on the list, each referenced by its id and revision (idempotent)."""
    waiting = [f for f in findings if not f.raised]
    if not waiting:
        return
    problems = tuple(
        RaisedProblem(
            organization_id=f.organization_id,
            source=f.source,
            text=f"{f.text}（{f.responsibility}）",
            year=f.round.year,
            round_id=f.round_id,
            raised_by_id=f.recorded_by_id,
            reference=f"{reference_of(f)}:{f.revision}",
        )
        for f in waiting
    )
    problems_raised.publish(ProblemsRaised(problems))
    Finding.objects.filter(pk__in=[f.pk for f in waiting]).update(raised=True)
    for f in waiting:
        f.raised = True


def withdraw_finding(finding: Finding, *, actor: User, reason: str) -> None:
    """Take a finding already on the problem list off it again, with the reason."""
    if finding.raised:
        finding_withdrawn.publish(
            FindingWithdrawn(
                organization_id=finding.organization_id,
                reference=reference_of(finding),
                reason=reason,
                actor_id=actor.pk,
            )
        )
