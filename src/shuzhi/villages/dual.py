"""Services of 双述双评 (001): the village round, its village hearings (meetings of the meetings
app, convened through ``core.events``), the assessors' scores, the ranking, 公示 and objections.

The democratic evaluation's ballots are in ``evaluation.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import (
    VillageHearingClosed,
    VillageHearingRequest,
    village_hearing_requested,
)
from shuzhi.core.workbook import RowError, WorkbookInvalid
from shuzhi.meetings.rules import DEFAULT_GRADE_POINTS
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Period, Reporter, Round
from shuzhi.villages import rules
from shuzhi.villages.dual_workbook import ASSESSOR_SCORES, read_assessor_scores
from shuzhi.villages.models import (
    AssessorScore,
    DemocraticEvaluation,
    EvaluationBallot,
    Objection,
    VillageHearing,
    VillageRound,
    VillageRoundResult,
)

HALF_YEARS = (Period.FIRST_HALF, Period.SECOND_HALF)


def _audit(actor: User, target: object, action: str, organization: Organization, **after: object):  # type: ignore[no-untyped-def]
    record(
        actor=actor,
        action=f"villages.dual.{action}",
        target=target,
        organization=organization,
        after={key: str(value) for key, value in after.items()},
    )


def village_reporters(village_round: VillageRound) -> list[Reporter]:
    """The round's reporters for villages (the township's villages), in tree order."""
    return list(
        Reporter.objects.filter(round_id=village_round.round_id, organization__level="village")
        .select_related("organization", "person")
        .order_by("organization__path")
    )


def _locked(village_round: VillageRound) -> VillageRound:
    return VillageRound.objects.select_for_update().get(pk=village_round.pk)


def _not_published(village_round: VillageRound) -> None:
    if village_round.published_on is not None:
        raise ValidationError("结果已经公示，不能再修改。")


@transaction.atomic
def create_village_round(
    *,
    actor: User,
    round: Round,
    assessor_weight: int = rules.DEFAULT_ASSESSOR_WEIGHT,
    objection_days: int = rules.DEFAULT_OBJECTION_DAYS,
) -> VillageRound:
    """双述双评 of a half-year round held by a township (its villages are the reporters)."""
    township = round.hearing_organization
    require(actor, "villages.manage", township)
    if round.period not in HALF_YEARS:
        raise ValidationError("双述双评每半年进行一次，请选择上半年或下半年的考核。")
    if township.level != "township":
        raise ValidationError("双述双评由乡镇（街道）党委听取村党组织书记述职。")
    if VillageRound.objects.filter(round=round).exists():
        raise ValidationError("该考核已经开展双述双评。")
    village_round = VillageRound(
        round=round,
        township=township,
        assessor_weight=assessor_weight,
        objection_days=objection_days,
        created_by=actor,
    )
    village_round.full_clean()
    village_round.save()
    _audit(
        actor,
        village_round,
        "create",
        township,
        round=round.pk,
        assessor_weight=assessor_weight,
        objection_days=objection_days,
    )
    return village_round


@transaction.atomic
def convene_hearings(
    *, actor: User, village_round: VillageRound, held_on: date
) -> list[VillageHearing]:
    """A village hearing for each village of the round that has none yet: a meeting of kind
    "village hearing" hosted by the village, asked of the meetings app."""
    require(actor, "villages.manage", village_round.township)
    village_round = _locked(village_round)
    _not_published(village_round)
    held = set(village_round.hearings.values_list("village_id", flat=True))
    created = []
    for reporter in village_reporters(village_round):
        if reporter.organization_id in held:
            continue
        answers = village_hearing_requested.ask(
            VillageHearingRequest(
                round_id=village_round.round_id,
                village_id=reporter.organization_id,
                reporter_id=reporter.pk,
                held_on=held_on,
                actor_id=actor.pk,
            )
        )
        if not answers:
            raise ValidationError("述职评议会模块未接入，无法召开村级述职会。")
        created.append(
            VillageHearing.objects.create(
                village_round=village_round, village=reporter.organization, meeting_pk=answers[0]
            )
        )
    if not created:
        raise ValidationError("没有需要召开向党员群众述职会的村。")
    _audit(
        actor,
        village_round,
        "hearings",
        village_round.township,
        villages=len(created),
        held_on=held_on.isoformat(),
    )
    return created


def hearing_closed(closed: VillageHearingClosed) -> None:
    """Keep a village hearing's counts per grade (all categories together) and its digest."""
    counts: dict[str, int] = {}
    for tally in closed.tallies:
        for grade, number in tally.counts.items():
            counts[grade] = counts.get(grade, 0) + number
    VillageHearing.objects.filter(meeting_pk=closed.meeting_id).update(
        counts=counts, digest=closed.digest, closed=True
    )


@transaction.atomic
def enter_assessor_scores(
    *,
    actor: User,
    village_round: VillageRound,
    kind: str,
    assessor: str,
    scores: Mapping[Organization, Decimal],
) -> list[AssessorScore]:
    """One assessor's scores of the villages (replacing that assessor's earlier ones)."""
    require(actor, "villages.manage", village_round.township)
    village_round = _locked(village_round)
    _not_published(village_round)
    assessor = assessor.strip()
    if kind not in rules.AssessorKind.values:
        raise ValidationError("请选择评分人类别。")
    if not assessor:
        raise ValidationError("请填写评分人。")
    villages = {r.organization_id for r in village_reporters(village_round)}
    for village, score in scores.items():
        if village.pk not in villages:
            raise ValidationError(f"{village.name}不是本次双述双评的村。")
        if not Decimal(0) <= score <= Decimal(100):
            raise ValidationError(f"{village.name}的得分应在 0 至 100 之间。")
    AssessorScore.objects.filter(
        village_round=village_round, kind=kind, assessor=assessor, village__in=list(scores)
    ).delete()
    rows = AssessorScore.objects.bulk_create(
        AssessorScore(
            village_round=village_round,
            village=village,
            kind=kind,
            assessor=assessor,
            score=score,
            entered_by=actor,
        )
        for village, score in scores.items()
    )
    _audit(
        actor,
        village_round,
        "assessor_scores",
        village_round.township,
        kind=kind,
        assessor=assessor,
        scores={v.code: str(s) for v, s in scores.items()},
    )
    return rows


@transaction.atomic
def import_assessor_scores(*, actor: User, village_round: VillageRound, stream: IO[bytes]) -> int:
    """The assessors' scores from the round's sheet: each assessor's rows go through
    ``enter_assessor_scores`` (replacing that assessor's earlier scores of those villages, as
    the page does); any error or refusal keeps nothing. Returns the number of scores."""
    require(actor, "villages.manage", village_round.township)
    _not_published(village_round)
    villages = {r.organization.code: r.organization for r in village_reporters(village_round)}
    rows = read_assessor_scores(stream, {code: v.name for code, v in villages.items()})
    by_assessor: dict[tuple[str, str], dict[Organization, Decimal]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.kind, row.assessor)
        by_assessor.setdefault(key, {})[villages[row.code]] = row.score
        first_row.setdefault(key, row.number)
    errors: list[RowError] = []
    for (kind, assessor), scores in by_assessor.items():
        try:
            enter_assessor_scores(
                actor=actor,
                village_round=village_round,
                kind=kind,
                assessor=assessor,
                scores=scores,
            )
        except ValidationError as error:
            number = first_row[(kind, assessor)]
            errors += [RowError(ASSESSOR_SCORES.name, number, "", m) for m in error.messages]
    if errors:
        raise WorkbookInvalid(errors)  # rolls back every assessor written before
    _audit(
        actor,
        village_round,
        "assessor_scores_import",
        village_round.township,
        assessors=len(by_assessor),
        scores=len(rows),
    )
    return len(rows)


def _evaluation_scores(village_round: VillageRound) -> dict[int, Decimal | None]:
    """Each village's democratic score, from its counted evaluation's ballots (one query)."""
    grades: dict[int, list[str]] = {}
    for village_id, grade in EvaluationBallot.objects.filter(
        evaluation__village_round=village_round
    ).values_list("evaluation__village_id", "grade"):
        grades.setdefault(village_id, []).append(grade)
    return {
        village_id: rules.evaluation_score(values, DEFAULT_GRADE_POINTS)
        for village_id, values in grades.items()
    }


def _assessor_scores(village_round: VillageRound) -> dict[int, Decimal | None]:
    scores: dict[int, list[tuple[str, Decimal]]] = {}
    for village_id, kind, score in village_round.assessor_scores.values_list(
        "village_id", "kind", "score"
    ):
        scores.setdefault(village_id, []).append((kind, score))
    return {village_id: rules.assessor_score(rows) for village_id, rows in scores.items()}


@transaction.atomic
def rank_villages(*, actor: User, village_round: VillageRound) -> list[VillageRoundResult]:
    """Rank the township's villages by assessors' score × weight + democratic score × the rest.
    Every village needs assessors' scores and a counted democratic evaluation."""
    require(actor, "villages.manage", village_round.township)
    village_round = _locked(village_round)
    _not_published(village_round)
    villages = [r.organization for r in village_reporters(village_round)]
    counted = set(
        DemocraticEvaluation.objects.filter(
            village_round=village_round, counted_at__isnull=False
        ).values_list("village_id", flat=True)
    )
    assessed = _assessor_scores(village_round)
    evaluated = _evaluation_scores(village_round)
    ready: dict[int, tuple[Decimal, Decimal]] = {}
    for v in villages:
        assessor, democratic = assessed.get(v.pk), evaluated.get(v.pk)
        if assessor is not None and democratic is not None and v.pk in counted:
            ready[v.pk] = (assessor, democratic)
    problems = [
        f"{v.name}：{'缺少考评打分' if assessed.get(v.pk) is None else '民主评议尚未计票'}"
        for v in villages
        if v.pk not in ready
    ]
    if not villages:
        raise ValidationError("本次考核没有村级述职人。")
    if problems:
        raise ValidationError(["以下村还不能排名：", *problems])
    totals = {
        pk: rules.combined_score(assessor, democratic, village_round.assessor_weight)
        for pk, (assessor, democratic) in ready.items()
    }
    ranks = rules.competition_ranks(totals)
    village_round.results.all().delete()
    results = VillageRoundResult.objects.bulk_create(
        VillageRoundResult(
            village_round=village_round,
            village=v,
            assessor_score=ready[v.pk][0],
            evaluation_score=ready[v.pk][1],
            total=totals[v.pk],
            rank=ranks[v.pk],
        )
        for v in villages
    )
    _audit(
        actor,
        village_round,
        "rank",
        village_round.township,
        results={v.code: f"{ranks[v.pk]}:{totals[v.pk]}" for v in villages},
    )
    return results


@transaction.atomic
def publish_results(
    *, actor: User, village_round: VillageRound, published_on: date
) -> VillageRound:
    """公示 the ranking: objections are taken from ``published_on`` for the period's days."""
    require(actor, "villages.manage", village_round.township)
    village_round = _locked(village_round)
    _not_published(village_round)
    if not village_round.results.exists():
        raise ValidationError("请先计算排名，再公示结果。")
    village_round.published_on = published_on
    village_round.objections_close_on = published_on + timedelta(
        days=village_round.objection_days - 1
    )
    village_round.save(update_fields=["published_on", "objections_close_on"])
    _audit(
        actor,
        village_round,
        "publish",
        village_round.township,
        published_on=published_on.isoformat(),
        objections_close_on=village_round.objections_close_on.isoformat(),
    )
    return village_round


@transaction.atomic
def record_objection(
    *,
    actor: User,
    village_round: VillageRound,
    raised_by: str,
    text: str,
    raised_on: date,
    village: Organization | None = None,
) -> Objection:
    """An objection received during 公示 (who raised it, what, when)."""
    require(actor, "villages.manage", village_round.township)
    refusal = objection_window(village_round, raised_on)
    if refusal:
        raise ValidationError(refusal)
    if not raised_by.strip() or not text.strip():
        raise ValidationError("请填写提出人和异议内容。")
    if unposted := _not_posted(village_round, village):
        raise ValidationError(unposted)
    objection = Objection.objects.create(
        village_round=village_round,
        village=village,
        raised_by=raised_by.strip(),
        text=text.strip(),
        raised_on=raised_on,
        recorded_by=actor,
    )
    _audit(
        actor,
        objection,
        "objection",
        village_round.township,
        raised_by=objection.raised_by,
        text=objection.text,
        raised_on=raised_on.isoformat(),
        village=village.code if village else "",
    )
    return objection


#: Receipt numbers: random (a count would tell the filer how many objections came before),
#: in letters and digits that cannot be misread (no 0/O, 1/I/L).
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def _not_posted(village_round: VillageRound, village: Organization | None) -> str | None:
    """Why an objection cannot name ``village`` (it is not on the posted ranking), or None."""
    if village is not None and not village_round.results.filter(village=village).exists():
        return f"{village.name}不在本次公示的名单中。"
    return None


def objection_window(village_round: VillageRound, day: date) -> str | None:
    """Why an objection cannot be taken on ``day`` (outside 公示, or the result final), or None."""
    refusal = rules.objection_refusal(
        day, village_round.published_on, village_round.objections_close_on
    )
    if refusal:
        return refusal
    if village_round.finalized_at is not None:
        return "结果已经确定，不能再受理异议。"
    return None


@transaction.atomic
def file_objection(
    *,
    village_round: VillageRound,
    name: str,
    contact: str,
    filer_kind: str,
    text: str,
    village: Organization | None = None,
    today: date | None = None,
) -> Objection:
    """An objection filed by a party member or a member of the masses on the public page (no
    account) during 公示: real name and contact (实名反映), the text, optionally the village;
    the filer is given the receipt number. The township answers it as any other."""
    village_round = _locked(village_round)
    today = today or timezone.localdate()
    refusal = objection_window(village_round, today)
    if refusal:
        raise ValidationError(refusal)
    name, contact, text = name.strip(), contact.strip(), text.strip()
    problems = []
    if not name:
        problems.append("请填写真实姓名（公示异议须实名反映）。")
    if not contact:
        problems.append("请填写联系电话或其他联系方式，以便答复。")
    if filer_kind not in rules.FilerKind.values:
        problems.append("请选择身份（党员或群众）。")
    if not text:
        problems.append("请填写异议内容。")
    if len(name) > 50 or len(contact) > 50:
        problems.append("姓名和联系方式各不超过 50 字。")
    if len(text) > 2000:
        problems.append("异议内容不超过 2000 字。")
    if unposted := _not_posted(village_round, village):
        problems.append(unposted)
    if problems:
        raise ValidationError(problems)
    receipt = new_receipt()
    while Objection.objects.filter(receipt=receipt).exists():  # 31^10: practically never
        receipt = new_receipt()
    objection = Objection.objects.create(
        village_round=village_round,
        village=village,
        raised_by=name,
        filer_kind=filer_kind,
        contact=contact,
        receipt=receipt,
        text=text,
        raised_on=today,
    )
    # The audit names the filing, not the filer's contact (kept on the objection only).
    record(
        actor="公众（公示页面）",
        action="villages.dual.objection_filed",
        target=objection,
        organization=village_round.township,
        after={
            "receipt": receipt,
            "raised_by": name,
            "filer_kind": filer_kind,
            "village": village.code if village else "",
            "text": text,
        },
    )
    return objection


@transaction.atomic
def answer_objection(
    *, actor: User, objection: Objection, answer: str, now: datetime | None = None
) -> Objection:
    village_round = objection.village_round
    require(actor, "villages.manage", village_round.township)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_by_id is not None:
        raise ValidationError("该异议已经答复。")
    if not answer.strip():
        raise ValidationError("请填写答复意见。")
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = now or timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    _audit(actor, objection, "answer", village_round.township, answer=objection.answer)
    return objection


@transaction.atomic
def finalize(*, actor: User, village_round: VillageRound, today: date) -> VillageRound:
    """The result is final only after the 公示 period with every objection answered."""
    require(actor, "villages.manage", village_round.township)
    village_round = _locked(village_round)
    if village_round.finalized_at is not None:
        raise ValidationError("结果已经确定。")
    unanswered = village_round.objections.filter(answered_by__isnull=True).count()
    refusal = rules.finalization_refusal(today, village_round.objections_close_on, unanswered)
    if refusal:
        raise ValidationError(refusal)
    village_round.finalized_at = timezone.now()
    village_round.save(update_fields=["finalized_at"])
    _audit(
        actor,
        village_round,
        "finalize",
        village_round.township,
        objections=village_round.objections.count(),
    )
    return village_round
