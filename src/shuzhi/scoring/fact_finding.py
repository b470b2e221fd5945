"""Fact-finding scores as a source the round weighs: the combined 百分测评 of the inspections or
the party-building audit score (004: 审计得分排名与年度考核挂钩), asked of the fact-finding app
through ``core.events`` and stored as one of the assessed sources chosen by the organiser."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.core.events import (
    FactFindingScore,
    FactFindingScoresRequest,
    fact_finding_scores_requested,
)
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCES
from shuzhi.rounds.models import Round
from shuzhi.scoring.models import SourceOrigin
from shuzhi.scoring.services import record_assessment

#: What fact-finding can answer, with the label the page shows.
KINDS = {"inspection": "视察百分测评", "audit": "党建审计得分"}


@dataclass(frozen=True)
class Taken:
    entered: int  # reporters whose source score was set
    without_score: int  # reporters of the round fact-finding has no score for


@transaction.atomic
def take_fact_finding_scores(
    *, actor: User, round: Round, kind: str, source: str, reason: str = ""
) -> Taken:
    """Set ``source`` for every reporter of the round from fact-finding's ``kind`` of score."""
    require(actor, "scoring.enter", round.hearing_organization)
    if kind not in KINDS:
        raise ValidationError(f"调研摸底得分类型「{kind}」无效。")
    if source not in ASSESSED_SOURCES:
        raise ValidationError(f"来源「{source}」无效。")
    scores: dict[int, FactFindingScore] = {}
    for answer in fact_finding_scores_requested.ask(FactFindingScoresRequest(round.pk, kind)):
        scores.update(answer)
    entered = missing = 0
    for reporter in round.reporters.select_related("round__hearing_organization", "organization"):
        found = scores.get(reporter.organization_id)
        if found is None:
            missing += 1
            continue
        record_assessment(
            actor=actor,
            reporter=reporter,
            source=source,
            score=found.score,
            note=found.note[:200],
            origin=SourceOrigin.IMPORT,
            reason=reason or f"取自调研摸底：{KINDS[kind]}",
        )
        entered += 1
    return Taken(entered, missing)
