"""Findings → rectification's per-organisation problem list (``core.events.problems_raised``)."""

from __future__ import annotations

from collections.abc import Iterable

from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.factfinding.models import Finding


def raise_findings(findings: Iterable[Finding]) -> None:
    """Publish findings not yet on the list, each referenced by its own id (idempotent)."""
    waiting = [f for f in findings if not f.raised]
    if not waiting:
        return
    problems = tuple(
        problem
        for f in waiting
        for problem in ProblemsRaised.numbered(
            [f"{f.text}（{f.responsibility}）"],
            organization_id=f.organization_id,
            source=f.source,
            year=f.round.year,
            reference=f"factfinding:finding:{f.pk}",
            round_id=f.round_id,
            raised_by_id=f.recorded_by_id,
        ).problems
    )
    problems_raised.publish(ProblemsRaised(problems))
    Finding.objects.filter(pk__in=[f.pk for f in waiting]).update(raised=True)
    for f in waiting:
        f.raised = True
