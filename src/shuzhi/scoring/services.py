"""Entering the score sources of a round. Every change is audited; once the round's results
are published (frozen), a change needs a reason, which goes into the audit trail with it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import OnsiteTally, RecordsScoresRequest, records_scores_requested
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.indicators import IndicatorKind
from shuzhi.core.vocabulary.sources import ASSESSED_SOURCES, ScoreSource, VoterCategory
from shuzhi.rounds.models import Indicator, Reporter, Round
from shuzhi.scoring.models import (
    ConstraintHit,
    IndicatorScore,
    OnsiteEvaluation,
    Publication,
    ReporterAssessment,
    SourceOrigin,
)


def is_frozen(round: Round) -> bool:
    return Publication.objects.filter(round=round).exists()


def check_reason(round: Round, reason: str) -> str:
    """After publication every change must say why (公示后修改须说明理由)."""
    reason = reason.strip()
    if not reason and is_frozen(round):
        raise ValidationError("结果已公示冻结，修改必须填写理由。")
    return reason


def _entering(actor: User, reporter: Reporter, reason: str) -> str:
    require(actor, "scoring.enter", reporter.round.hearing_organization)
    return check_reason(reporter.round, reason)


def check_points(indicator: Indicator, points: Decimal) -> None:
    """Points an assessor may give: a scored leaf, not negative, not above its maximum."""
    if indicator.kind == IndicatorKind.CONSTRAINT:
        raise ValidationError(f"「{indicator.name}」是约束项，请登记触发情况而不是打分。")
    if indicator.children.exists():
        raise ValidationError(f"「{indicator.name}」有下级指标，只能给末级指标打分。")
    if points < 0:
        raise ValidationError(f"「{indicator.name}」的得分不能为负数。")
    if indicator.max_points is not None and points > indicator.max_points:
        raise ValidationError(
            f"「{indicator.name}」的得分 {points} 超过满分 {indicator.max_points.normalize():f}。"
        )
    if points.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError("得分最多保留两位小数。")


@transaction.atomic
def enter_score(
    *,
    actor: User,
    reporter: Reporter,
    indicator: Indicator,
    points: Decimal | None,
    reason: str = "",
) -> IndicatorScore | None:
    """Set (or, with None, clear) the actor's own points for one reporter on one indicator."""
    reason = _entering(actor, reporter, reason)
    if indicator.round_id != reporter.round_id:
        raise ValidationError("指标不属于该考核轮次。")
    existing = IndicatorScore.objects.filter(
        assessor=actor, reporter=reporter, indicator=indicator
    ).first()
    before = {"points": str(existing.points)} if existing else None
    if points is None:
        if existing is None:
            return None
        existing.delete()
        saved = None
        after = None
    else:
        check_points(indicator, points)
        saved, _ = IndicatorScore.objects.update_or_create(
            assessor=actor, reporter=reporter, indicator=indicator, defaults={"points": points}
        )
        after = {"points": str(points)}
    if before != after:
        record(
            actor=actor,
            action="scoring.score.enter",
            target=reporter,
            organization=reporter.organization,
            before={"indicator": indicator.code, **(before or {})},
            after={"indicator": indicator.code, **(after or {})},
            reason=reason,
        )
    return saved


@transaction.atomic
def record_onsite(
    *,
    actor: User,
    reporter: Reporter,
    voter_category: str,
    counts: Mapping[str, int],
    origin: str = SourceOrigin.MANUAL,
    reason: str = "",
) -> OnsiteEvaluation:
    """Enter (or import) one voter category's ballot counts for a reporter."""
    reason = _entering(actor, reporter, reason)
    if voter_category not in VoterCategory.values:
        raise ValidationError(f"测评人类别「{voter_category}」无效。")
    values = {grade: int(counts.get(grade, 0)) for grade in EvaluationGrade.values}
    if any(v < 0 for v in values.values()):
        raise ValidationError("票数不能为负数。")
    tally, before = _upsert_tally(reporter, voter_category, values, origin, None, "")
    record(
        actor=actor,
        action="scoring.onsite.record",
        target=reporter,
        organization=reporter.organization,
        before=before,
        after={"voter_category": voter_category, **values},
        reason=reason,
    )
    return tally


def _upsert_tally(
    reporter: Reporter,
    voter_category: str,
    values: Mapping[str, int],
    origin: str,
    meeting_id: int | None,
    digest: str,
    threshold: int | None = None,
) -> tuple[OnsiteEvaluation, dict[str, Any] | None]:
    existing = OnsiteEvaluation.objects.filter(
        reporter=reporter, voter_category=voter_category
    ).first()
    before = (
        {
            "voter_category": voter_category,
            **{g: getattr(existing, g) for g in EvaluationGrade.values},
        }
        if existing
        else None
    )
    tally, _ = OnsiteEvaluation.objects.update_or_create(
        reporter=reporter,
        voter_category=voter_category,
        defaults={**values, "origin": origin, "meeting_id": meeting_id, "digest": digest}
        # The meeting's merge threshold stays with the category through manual corrections.
        | ({"small_category_threshold": threshold} if threshold is not None else {}),
    )
    return tally, before


@transaction.atomic
def store_meeting_tallies(
    *,
    round_id: int,
    meeting_id: int,
    tallies: Sequence[OnsiteTally],
    digest: str,
    small_category_threshold: int | None = None,
) -> int:
    """Take the closed ballot box's tallies as the on-site source (from the meeting), with the
    threshold below which the meeting showed a voter category only merged."""
    reporters = {
        r.pk: r
        for r in Reporter.objects.filter(
            round_id=round_id, pk__in=[t.reporter_id for t in tallies]
        ).select_related("organization")
    }
    stored = 0
    for tally in tallies:
        reporter = reporters.get(tally.reporter_id)
        if reporter is None:
            continue  # a reporter of another round cannot be scored here
        values = {grade: int(tally.counts.get(grade, 0)) for grade in EvaluationGrade.values}
        _, before = _upsert_tally(
            reporter,
            tally.voter_category,
            values,
            SourceOrigin.MEETING,
            meeting_id,
            digest,
            small_category_threshold,
        )
        record(
            actor="述职评议会计票",
            action="scoring.onsite.receive",
            target=reporter,
            organization=reporter.organization,
            before=before,
            after={"voter_category": tally.voter_category, **values, "meeting": meeting_id},
            reason=f"评议会 {meeting_id} 计票（{digest[:12]}）"
            if is_frozen(reporter.round)
            else "",
        )
        stored += 1
    return stored


@transaction.atomic
def record_assessment(
    *,
    actor: User,
    reporter: Reporter,
    source: str,
    score: Decimal | None,
    note: str = "",
    origin: str = SourceOrigin.MANUAL,
    reason: str = "",
) -> ReporterAssessment | None:
    """Enter the superior's evaluation, the annual records or a level's assessment (0–100)."""
    reason = _entering(actor, reporter, reason)
    if source not in ASSESSED_SOURCES:
        raise ValidationError(f"来源「{source}」无效。")
    existing = ReporterAssessment.objects.filter(reporter=reporter, source=source).first()
    before = {"source": source, "score": str(existing.score)} if existing else None
    saved: ReporterAssessment | None = None
    if score is None:
        if existing:
            existing.delete()
    else:
        if not Decimal(0) <= score <= Decimal(100):
            raise ValidationError("得分须在 0 到 100 之间。")
        saved, _ = ReporterAssessment.objects.update_or_create(
            reporter=reporter,
            source=source,
            defaults={"score": score, "note": note, "origin": origin},
        )
    record(
        actor=actor,
        action="scoring.assessment.record",
        target=reporter,
        organization=reporter.organization,
        before=before,
        after={"source": source, "score": str(score)} if score is not None else None,
        reason=reason,
    )
    return saved


@transaction.atomic
def record_constraint_hit(
    *, actor: User, reporter: Reporter, indicator_code: str, reason: str, change_reason: str = ""
) -> ConstraintHit:
    """Register that a reporter hit a constraint item (veto etc.), named by its code, with the
    facts why."""
    change_reason = _entering(actor, reporter, change_reason)
    code = indicator_code.strip()
    indicator = Indicator.objects.filter(round_id=reporter.round_id, code=code).first()
    if indicator is None:
        raise ValidationError(f"约束项「{indicator_code}」不存在。")
    if indicator.kind != IndicatorKind.CONSTRAINT or indicator.round_id != reporter.round_id:
        raise ValidationError(f"「{indicator.name}」不是本轮的约束项。")
    if not reason.strip():
        raise ValidationError("请填写触发事由。")
    hit, _ = ConstraintHit.objects.update_or_create(
        reporter=reporter,
        indicator=indicator,
        defaults={"reason": reason.strip(), "recorded_by": actor},
    )
    record(
        actor=actor,
        action="scoring.constraint.hit",
        target=reporter,
        organization=reporter.organization,
        after={"indicator": indicator.code, "effect": indicator.veto_effect, "reason": reason},
        reason=change_reason,
    )
    return hit


@transaction.atomic
def withdraw_constraint_hit(*, actor: User, hit: ConstraintHit, reason: str = "") -> None:
    reporter = hit.reporter
    reason = _entering(actor, reporter, reason)
    record(
        actor=actor,
        action="scoring.constraint.withdraw",
        target=reporter,
        organization=reporter.organization,
        before={"indicator": hit.indicator.code, "reason": hit.reason},
        reason=reason,
    )
    hit.delete()


@transaction.atomic
def take_records_source(*, actor: User, round: Round, reason: str = "") -> int:
    """Take the round's records source (年度记录) from the records app: approved red/black
    points and work-record targets, as computed there; year-end totals need no re-approval
    (001). Every reporter it answers for is set, with the lines that made the score."""
    require(actor, "scoring.enter", round.hearing_organization)
    reason = check_reason(round, reason)
    answers: dict[int, Any] = {}
    for answer in records_scores_requested.ask(RecordsScoresRequest(round.pk)):
        answers.update(answer)
    reporter_ids = set(Reporter.objects.filter(round=round).values_list("pk", flat=True))
    answers = {rid: a for rid, a in answers.items() if rid in reporter_ids}
    existing = {
        a.reporter_id: a
        for a in ReporterAssessment.objects.filter(
            reporter__round=round, source=ScoreSource.RECORDS
        )
    }
    before = {str(rid): str(a.score) for rid, a in existing.items()}
    new, changed_rows = [], []
    for reporter_id, answer in answers.items():
        detail = json.dumps(
            [[ln.key, ln.label, ln.value] for ln in answer.lines], ensure_ascii=False
        )
        values = {
            "score": answer.score,
            "note": answer.formula[:200],
            "origin": SourceOrigin.RECORDS,
            "detail": detail,
        }
        if reporter_id in existing:
            row = existing[reporter_id]
            for name, value in values.items():
                setattr(row, name, value)
            changed_rows.append(row)
        else:
            new.append(
                ReporterAssessment(reporter_id=reporter_id, source=ScoreSource.RECORDS, **values)
            )
    ReporterAssessment.objects.bulk_create(new, batch_size=2000)
    ReporterAssessment.objects.bulk_update(
        changed_rows, ["score", "note", "origin", "detail"], batch_size=2000
    )
    record(
        actor=actor,
        action="scoring.records.take",
        target=round,
        organization=round.hearing_organization,
        before={"scores": before} if before else None,
        after={"scores": {str(rid): str(a.score) for rid, a in answers.items()}},
        reason=reason,
    )
    return len(answers)
