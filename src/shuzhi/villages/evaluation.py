"""The democratic evaluation (民主评议) of 双述双评: all party members and masses representatives
of a village vote once each, anonymously, over a window of days.

The ballot box keeps the meetings app's secrecy rules (``meetings.rules``, its public module):
ballots have random keys, no token, person, time or sequence; the receipt is a keyed hash
(``HMAC(K_e, token + ballot)``, the key derived from ``SECRET_KEY`` and never stored); counting
spends the unused slips, writes the ballots again in receipt order and fixes a digest over them.
Voting by the roll records that the member has voted in ``ElectorVoted`` — never which ballot —
and the receipt of such a ballot is keyed over a random nonce that is thrown away.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.meetings import rules as box_rules
from shuzhi.orgs.models import Organization, Person
from shuzhi.villages import rules
from shuzhi.villages.dual_workbook import read_roll
from shuzhi.villages.models import (
    DemocraticEvaluation,
    Elector,
    ElectorVoted,
    EvaluationBallot,
    EvaluationToken,
    VillageRound,
)
from shuzhi.villages.rules import EvaluationMode

TOKEN_BYTES = 20  # 160 bits, as the meeting's slips
SLIP_ORDER = secrets.SystemRandom()


class VoteRefused(ValidationError):
    """A vote the box does not take (outside the window, a second vote, an unknown slip)."""


class UnknownVoter(VoteRefused):
    """An unknown slip, or a name and personnel code not on the roll: the voters' pages count
    these against the client's address (``villages.throttle``)."""


@dataclass(frozen=True)
class Receipt:
    receipt: str
    village_name: str
    repeated: bool = False


def receipt_key(evaluation_id: int) -> bytes:
    return salted_hmac(
        "shuzhi.villages.evaluation.receipt", str(evaluation_id), algorithm="sha256"
    ).digest()


def genesis(evaluation_id: int) -> str:
    return box_rules.sha256(f"shuzhi-village-evaluation:{evaluation_id}")


def canonical(grade: str) -> str:
    return box_rules.canonical_json({"grade": grade})


def _audit(actor: User, evaluation: DemocraticEvaluation, action: str, **after: object) -> None:
    record(
        actor=actor,
        action=f"villages.evaluation.{action}",
        target=evaluation,
        organization=evaluation.village,
        after={key: str(value) for key, value in after.items()},
    )


@transaction.atomic
def open_evaluations(
    *,
    actor: User,
    village_round: VillageRound,
    villages: Iterable[Organization],
    mode: str,
    opens_at: datetime,
    closes_at: datetime,
) -> list[DemocraticEvaluation]:
    """A democratic evaluation for each village, over the same window."""
    require(actor, "villages.manage", village_round.township)
    if village_round.published_on is not None:
        raise ValidationError("结果已经公示，不能再组织民主评议。")
    if mode not in EvaluationMode.values:
        raise ValidationError("请选择投票方式。")
    if closes_at <= opens_at:
        raise ValidationError("民主评议的结束时间应晚于开始时间。")
    enrolled = set(
        village_round.round.reporters.filter(organization__level="village").values_list(
            "organization_id", flat=True
        )
    )
    evaluations = []
    for village in villages:
        if village.pk not in enrolled:
            raise ValidationError(f"{village.name}不是本次双述双评的村。")
        if DemocraticEvaluation.objects.filter(
            village_round=village_round, village=village
        ).exists():
            raise ValidationError(f"{village.name}已经组织了民主评议。")
        evaluation = DemocraticEvaluation.objects.create(
            village_round=village_round,
            village=village,
            mode=mode,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        _audit(
            actor,
            evaluation,
            "open",
            mode=mode,
            opens_at=opens_at.isoformat(),
            closes_at=closes_at.isoformat(),
        )
        evaluations.append(evaluation)
    return evaluations


def _before_counting(evaluation: DemocraticEvaluation) -> None:
    if evaluation.counted_at is not None:
        raise ValidationError("民主评议已经计票。")


@transaction.atomic
def add_electors(
    *, actor: User, evaluation: DemocraticEvaluation, people: Iterable[tuple[Person, str]]
) -> int:
    """Put members (category "member") and masses representatives ("masses") on the roll."""
    require(actor, "villages.manage", evaluation.village_round.township)
    _before_counting(evaluation)
    if evaluation.mode != EvaluationMode.ROLL:
        raise ValidationError("该民主评议使用测评码投票，无需名单。")
    rows = []
    for person, category in people:
        if category not in rules.ELECTOR_CATEGORIES:
            raise ValidationError(f"{person.name}：类别应为党员或群众代表。")
        rows.append(Elector(evaluation=evaluation, person=person, category=category))
    outside = (
        Person.objects.filter(pk__in=[row.person_id for row in rows])
        .exclude(unit__path__startswith=evaluation.village.path)
        .values_list("name", flat=True)
    )
    if names := sorted(outside):
        raise ValidationError(f"不是本村的党员群众，不能列入名单：{'、'.join(names)}。")
    created = Elector.objects.bulk_create(rows, ignore_conflicts=True)
    _audit(actor, evaluation, "roll", electors=len(rows))
    return len(created)


def _roll_lookup(
    evaluation: DemocraticEvaluation,
) -> Callable[[set[str]], tuple[dict[str, tuple[str, bool]], dict[str, str]]]:
    def lookup(codes: set[str]) -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
        village_path = evaluation.village.path
        people = {
            code: (name, path.startswith(village_path))
            for code, name, path in Person.objects.filter(code__in=codes).values_list(
                "code", "name", "unit__path"
            )
        }
        on_roll = dict(
            Elector.objects.filter(evaluation=evaluation, person__code__in=codes).values_list(
                "person__code", "category"
            )
        )
        return people, on_roll

    return lookup


@transaction.atomic
def import_electors(*, actor: User, evaluation: DemocraticEvaluation, stream: IO[bytes]) -> int:
    """The roll from the village's sheet: every row checked (a person kept by the village,
    once, a category), then put on the roll through ``add_electors``; any error keeps nothing.
    The same rule as the page: the roll is open until the evaluation is counted."""
    require(actor, "villages.manage", evaluation.village_round.township)
    _before_counting(evaluation)
    if evaluation.mode != EvaluationMode.ROLL:
        raise ValidationError("该民主评议使用测评码投票，无需名单。")
    rows = read_roll(stream, _roll_lookup(evaluation))
    people = {p.code: p for p in Person.objects.filter(code__in=[r.code for r in rows])}
    before = evaluation.electors.count()
    add_electors(
        actor=actor,
        evaluation=evaluation,
        people=[(people[r.code], r.category) for r in rows],
    )
    added = evaluation.electors.count() - before
    _audit(actor, evaluation, "roll_import", rows=len(rows), added=added)
    return added


def new_raw_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode().rstrip("=")


def hash_token(raw: str) -> str:
    return box_rules.sha256(raw.strip().upper())


@transaction.atomic
def issue_tokens(
    *, actor: User, evaluation: DemocraticEvaluation, category: str, count: int
) -> list[str]:
    """Slips for the evaluation: returned once, shuffled; only their hashes are kept."""
    require(actor, "villages.manage", evaluation.village_round.township)
    _before_counting(evaluation)
    if evaluation.mode != EvaluationMode.TOKENS:
        raise ValidationError("该民主评议按名单投票，不发放测评码。")
    if category not in rules.ELECTOR_CATEGORIES:
        raise ValidationError("类别应为党员或群众代表。")
    if not 1 <= count <= 2000:
        raise ValidationError("每次发放 1 至 2000 张测评码。")
    raw = [new_raw_token() for _ in range(count)]
    EvaluationToken.objects.bulk_create(
        EvaluationToken(evaluation=evaluation, token_hash=hash_token(t), category=category)
        for t in raw
    )
    _audit(actor, evaluation, "tokens", category=category, count=count)
    SLIP_ORDER.shuffle(raw)
    return raw


def _grade(grade: str) -> str:
    if grade not in EvaluationGrade.values:
        raise VoteRefused("请选择对村“两委”班子的评价。")
    return grade


def window_message(evaluation: DemocraticEvaluation, now: datetime | None = None) -> str | None:
    """Why nobody can vote now (before or after the window, or counted), or None."""
    if evaluation.counted_at is not None:
        return "民主评议已经计票，不能再投票。"
    return rules.window_refusal(
        timezone.localtime(now or timezone.now()),
        timezone.localtime(evaluation.opens_at),
        timezone.localtime(evaluation.closes_at),
    )


def _in_window(evaluation: DemocraticEvaluation, now: datetime | None) -> None:
    refusal = window_message(evaluation, now)
    if refusal:
        raise VoteRefused(refusal)


def find_token(raw: str) -> EvaluationToken | None:
    return (
        EvaluationToken.objects.select_related("evaluation__village")
        .filter(token_hash=hash_token(raw))
        .first()
    )


@transaction.atomic
def vote_with_token(*, raw_token: str, grade: str, now: datetime | None = None) -> Receipt:
    """A vote by slip: the slip is consumed by a conditional update, then the ballot goes in
    with a keyed receipt; the same slip and vote again get the same receipt back."""
    token = find_token(raw_token)
    if token is None:
        raise UnknownVoter("测评码无效，请核对后重新输入。")
    evaluation = token.evaluation
    _in_window(evaluation, now)
    grade = _grade(grade)
    body = canonical(grade)
    receipt = box_rules.receipt_for(receipt_key(evaluation.pk), raw_token.strip().upper(), body)
    name = evaluation.village.name
    if not EvaluationToken.objects.filter(pk=token.pk, used=False).update(used=True):
        if EvaluationBallot.objects.filter(evaluation=evaluation, receipt=receipt).exists():
            return Receipt(receipt, name, repeated=True)
        raise VoteRefused("此测评码已经投过票，每张测评码只能投一次。")
    EvaluationBallot.objects.create(
        evaluation=evaluation, category=token.category, grade=grade, receipt=receipt
    )
    return Receipt(receipt, name)


def vote_by_roll(
    *,
    evaluation: DemocraticEvaluation,
    name: str,
    code: str,
    grade: str,
    now: datetime | None = None,
) -> Receipt:
    """A vote by the roll: the member names themselves (name and personnel code); that they
    have voted is recorded apart from the ballot, whose receipt is keyed over a random nonce."""
    _in_window(evaluation, now)
    grade = _grade(grade)
    elector = (
        Elector.objects.filter(
            evaluation=evaluation, person__code=code.strip(), person__name=name.strip()
        )
        .select_related("person")
        .first()
    )
    if elector is None:
        raise UnknownVoter("名单中没有这位党员或群众代表，请核对姓名和人员编码。")
    nonce = secrets.token_hex(16)  # never stored: nothing leads from the member to the receipt
    receipt = box_rules.receipt_for(receipt_key(evaluation.pk), nonce, canonical(grade))
    try:
        with transaction.atomic():
            ElectorVoted.objects.create(evaluation=evaluation, person=elector.person)
            EvaluationBallot.objects.create(
                evaluation=evaluation, category=elector.category, grade=grade, receipt=receipt
            )
    except IntegrityError:
        raise VoteRefused("您已经投过票，每人只能投一次。") from None
    return Receipt(receipt, evaluation.village.name)


def box_digest(evaluation: DemocraticEvaluation) -> str:
    records = {
        receipt: box_rules.canonical_json(
            {"ballot": {"grade": grade}, "category": category, "receipt": receipt}
        )
        for category, grade, receipt in EvaluationBallot.objects.filter(
            evaluation=evaluation
        ).values_list("category", "grade", "receipt")
    }
    return box_rules.box_digest(genesis(evaluation.pk), records)


@transaction.atomic
def count_evaluation(
    *, actor: User, evaluation: DemocraticEvaluation, now: datetime | None = None
) -> DemocraticEvaluation:
    """After the window: spend the unused slips, write the ballots again in receipt order (so
    their physical order follows receipts, not voting), fix the digest."""
    require(actor, "villages.manage", evaluation.village_round.township)
    evaluation = DemocraticEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    _before_counting(evaluation)
    if (now or timezone.now()) < evaluation.closes_at:
        raise ValidationError("民主评议尚未结束，结束后才能计票。")
    spent = EvaluationToken.objects.filter(evaluation=evaluation, used=False).update(used=True)
    held = list(EvaluationBallot.objects.filter(evaluation=evaluation).order_by("receipt"))
    EvaluationBallot.objects.filter(evaluation=evaluation).delete()
    EvaluationBallot.objects.bulk_create(held)
    evaluation.digest = box_digest(evaluation)
    evaluation.counted_at = timezone.now()
    evaluation.save(update_fields=["digest", "counted_at"])
    _audit(
        actor,
        evaluation,
        "count",
        ballots=len(held),
        unused_tokens_spent=spent,
        digest=evaluation.digest,
    )
    return evaluation
