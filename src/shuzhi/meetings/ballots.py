"""Services of the ballot box: issuing tokens, accepting phone and paper ballots.

A phone ballot is accepted in one short transaction with no lock beyond its own token's row:
the token is consumed by a conditional update (``used = false`` → ``true``), the box's state is
read again (a close that committed meanwhile is seen), and the ballot is inserted. A server
killed mid-request leaves either the ballot and its used token, or neither; the receipt is sent
only after the commit. Closing waits for every ballot in flight (``box.close_box``).

No link from token to ballot is stored. A resubmission is recognised by its receipt, a keyed
hash of the token and the canonical ballot: the same token and ballot find the same receipt in
the box; a used token with any other ballot finds none and is refused.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Subquery
from django.utils.crypto import salted_hmac

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.prepared import prepared_cursor
from shuzhi.meetings import rules
from shuzhi.meetings.models import (
    AgendaItem,
    Ballot,
    BallotBox,
    BallotSource,
    BallotToken,
    BoxState,
    Meeting,
    PaperEntry,
    random_key,
)

TOKEN_BYTES = 20  # 160 bits


def new_raw_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode().rstrip("=")


# Printing order: shuffled apart from the order the tokens were generated and stored in.
SLIP_ORDER = secrets.SystemRandom()


def normal_token(raw: str) -> str:
    return raw.strip().upper()


def hash_token(raw: str) -> str:
    return rules.sha256(normal_token(raw))


def receipt_key(meeting_id: int) -> bytes:
    """The meeting's receipt key, derived from the server's SECRET_KEY and never stored: whoever
    holds tokens (the host printed them) or the database cannot compute receipts without it."""
    return salted_hmac("shuzhi.meetings.receipt", str(meeting_id), algorithm="sha256").digest()


def reporter_ids(meeting: Meeting) -> list[int]:
    """The reporters a ballot rates, in speaking order: as frozen when the formal box opened
    (so a ballot costs no query on the agenda), the live agenda before that."""
    if meeting.state in (BoxState.OPEN, BoxState.CLOSED) and meeting.ballot_reporters:
        return [int(rid) for rid in meeting.ballot_reporters]
    return _agenda_ids(meeting.pk)


def _agenda_ids(meeting_id: int) -> list[int]:
    return list(
        AgendaItem.objects.filter(meeting_id=meeting_id)
        .order_by("position")
        .values_list("reporter_id", flat=True)
    )


def _paper_mode(meeting: Meeting) -> bool:
    """Paper slips are typed only while a box takes ballots: True for the rehearsal box."""
    if meeting.state not in (BoxState.REHEARSAL, BoxState.OPEN):
        raise ValidationError("只有在演练或正式投票进行中才能录入纸质票。")
    return meeting.state == BoxState.REHEARSAL


def _mode_for(meeting: Meeting) -> bool:
    """Which box tokens and ballots go to now: True for the rehearsal box."""
    if meeting.state == BoxState.REHEARSAL:
        return True
    if meeting.state in (BoxState.PREPARING, BoxState.OPEN):
        return False
    raise ValidationError("投票已经结束。")


@transaction.atomic
def issue_tokens(*, actor: User, meeting: Meeting, category: str, count: int) -> list[str]:
    """A batch of one-time tokens for one voter category; the raw tokens are returned once
    (for the printed slips), in an order shuffled apart from the stored one, and only their
    hashes are kept."""
    require(actor, "meetings.manage", meeting.hosting_organization)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if category not in rules.CATEGORIES:
        raise ValidationError("未知的投票人类别。")
    if not 1 <= count <= 1000:
        raise ValidationError("每批测评码数量应在 1 至 1000 之间。")
    rehearsal = _mode_for(meeting)
    batch = (meeting.tokens.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    raw = [new_raw_token() for _ in range(count)]
    BallotToken.objects.bulk_create(
        BallotToken(
            meeting=meeting,
            token_hash=hash_token(token),
            category=category,
            batch=batch,
            rehearsal=rehearsal,
        )
        for token in raw
    )
    SLIP_ORDER.shuffle(raw)
    record(
        actor=actor,
        action="meetings.tokens.issue",
        target=meeting,
        organization=meeting.hosting_organization,
        after={"category": category, "count": count, "batch": batch, "rehearsal": rehearsal},
    )
    return raw


class BallotRefused(ValidationError):
    """The ballot was not accepted; ``messages`` say why, in Chinese."""


@dataclass(frozen=True)
class Receipt:
    code: str
    meeting_title: str
    rehearsal: bool
    repeated: bool  # the same ballot had already been accepted with this token


def find_token(raw: str) -> BallotToken | None:
    return BallotToken.objects.select_related("meeting").filter(token_hash=hash_token(raw)).first()


@dataclass(frozen=True)
class Slip:
    """What a ballot needs of its token and meeting, read in one query as plain values (the
    hot path builds no model instances)."""

    pk: int
    meeting_id: int
    category: str
    rehearsal: bool
    used: bool
    state: str
    title: str
    frozen_reporters: list[int]
    rules: rules.ValidityRules

    @property
    def reporter_ids(self) -> list[int]:
        if self.state in (BoxState.OPEN, BoxState.CLOSED) and self.frozen_reporters:
            return [int(rid) for rid in self.frozen_reporters]
        return _agenda_ids(self.meeting_id)


# The ORM would spend more time building this one query than the database spends answering
# it (it is the costliest step of a vote in Python): written out once, for both databases.
_SLIP_SQL = """
SELECT t.id, t.meeting_id, t.category, t.rehearsal, t.used, m.state, m.title,
       m.ballot_reporters, m.max_good_percent, m.per_indicator, m.indicators
FROM {token} t JOIN {meeting} m ON m.id = t.meeting_id
WHERE t.token_hash = %s
"""


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def read_slip(raw: str) -> Slip | None:
    sql = _SLIP_SQL.format(token=BallotToken._meta.db_table, meeting=Meeting._meta.db_table)
    with prepared_cursor() as cursor:
        cursor.execute(sql, [hash_token(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, meeting_id, category, rehearsal, used, state, title, frozen, *validity = row
    max_good, per_indicator, indicators = validity
    return Slip(
        pk=pk,
        meeting_id=meeting_id,
        category=category,
        rehearsal=bool(rehearsal),
        used=bool(used),
        state=state,
        title=title,
        frozen_reporters=_json(frozen),
        rules=rules.ValidityRules(max_good, bool(per_indicator), tuple(_json(indicators))),
    )


def _expected_state(token: Slip) -> str:
    return BoxState.REHEARSAL if token.rehearsal else BoxState.OPEN


def _not_open(token: Slip) -> BallotRefused:
    return BallotRefused(
        "演练已经结束。" if token.rehearsal else "票箱尚未开启或已经关闭，当前不能投票。"
    )


def _box(meeting_id: int, rehearsal: bool) -> tuple[int, str]:
    """(box id, the meeting's state as committed now)."""
    return (
        BallotBox.objects.filter(meeting_id=meeting_id, rehearsal=rehearsal)
        .values_list("pk", "meeting__state")
        .get()
    )


def submit_ballot(*, raw_token: str, data: Mapping[str, Any]) -> Receipt:
    """Accept a phone ballot: one token, one ballot; the same ballot again returns its receipt."""
    token = read_slip(raw_token)
    if token is None:
        raise BallotRefused("测评码无效，请核对后重新扫码。")
    if not token.used and token.state != _expected_state(token):
        raise _not_open(token)
    ids = token.reporter_ids
    try:
        content = rules.parse_ballot(data, ids, token.rules)
    except rules.MalformedBallot as error:
        raise BallotRefused(str(error)) from None
    canonical = rules.canonical_ballot(content)
    receipt = rules.receipt_for(receipt_key(token.meeting_id), normal_token(raw_token), canonical)
    if not token.used:
        problems = rules.ballot_problems(content, len(ids), token.rules)
        if problems:
            raise BallotRefused(problems)
        try:
            if _cast(token, canonical=canonical, receipt=receipt):
                return Receipt(receipt, token.title, token.rehearsal, False)
        except IntegrityError:
            pass  # the box stopped taking ballots meanwhile; the token was rolled back
    # Used before, or just now by a concurrent request with the same token (which committed),
    # or spent by the box's closing (or deleted by the rehearsal wipe) on this ballot's way.
    box_id, state = _box(token.meeting_id, token.rehearsal)
    if Ballot.objects.filter(box_id=box_id, receipt=receipt).exists():
        return Receipt(receipt, token.title, token.rehearsal, True)
    if state != _expected_state(token):
        raise _not_open(token)
    raise BallotRefused("此测评码已经投过票，不能再次投票或修改。")


def _cast(token: Slip, *, canonical: str, receipt: str) -> bool:
    """Consume the token and put the ballot in its box, all or nothing; False if the token was
    already used (or spent by the box's closing), IntegrityError if the box no longer takes
    ballots (the token is then left as it was).

    The ballot finds its box only while the box is in the token's voting state. Closing spends
    every unused token before it counts (``box.close_box``), so a ballot either consumed its
    token first (closing waits for it, and counts it) or finds its token spent.
    """
    fields: dict[str, Any] = {
        "category": token.category,
        "source": BallotSource.PHONE,
        "canonical": canonical,
        "receipt": receipt,
        "valid": True,
        "invalid_reason": "",
    }
    if connection.vendor == "postgresql":
        return _cast_in_one_statement(token, fields)
    with transaction.atomic():
        if not BallotToken.objects.filter(pk=token.pk, used=False).update(used=True):
            return False
        Ballot.objects.create(box_id=Subquery(_open_box(token)), **fields)
        return True


def _open_box(token: Slip) -> Any:
    return BallotBox.objects.filter(
        meeting_id=token.meeting_id,
        rehearsal=token.rehearsal,
        meeting__state=_expected_state(token),
    ).values("pk")


# PostgreSQL: one statement, so one round trip and no transaction to open and commit around
# it (a single statement is atomic). The box id comes from a scalar subquery that is NULL when
# the box is not taking ballots, which fails the NOT NULL column and with it the token's update.
_CAST_SQL = """
WITH consumed AS (
    UPDATE {token} SET used = true WHERE id = %(token)s AND NOT used RETURNING id
)
INSERT INTO {ballot} (id, box_id, paper_serial, category, source, canonical, receipt, valid,
                      invalid_reason)
SELECT %(id)s,
       (SELECT b.id FROM {box} b JOIN {meeting} m ON m.id = b.meeting_id
         WHERE b.meeting_id = %(meeting)s AND b.rehearsal = %(rehearsal)s AND m.state = %(state)s),
       NULL, %(category)s, %(source)s, %(canonical)s, %(receipt)s, true, ''
FROM consumed
"""


def _cast_in_one_statement(token: Slip, fields: Mapping[str, Any]) -> bool:
    sql = _CAST_SQL.format(
        token=BallotToken._meta.db_table,
        ballot=Ballot._meta.db_table,
        box=BallotBox._meta.db_table,
        meeting=Meeting._meta.db_table,
    )
    values: dict[str, Any] = {
        "token": token.pk,
        "id": random_key(),
        "meeting": token.meeting_id,
        "rehearsal": token.rehearsal,
        "state": _expected_state(token),
        **{name: fields[name] for name in ("category", "source", "canonical", "receipt")},
    }
    # Inside a caller's transaction (tests, the demo) a savepoint keeps a refusal from
    # aborting it; on its own the statement needs none.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, prepared_cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount == 1


# --- Paper ballots: two clerks type each slip ------------------------------------------------


@transaction.atomic
def enter_paper_slip(
    *, actor: User, meeting: Meeting, serial: int, category: str, data: Mapping[str, Any]
) -> PaperEntry:
    """One clerk's entry of a paper slip; when a second clerk's entry matches, the slip is
    counted (valid or, under the rules, invalid — never dropped)."""
    require(actor, "meetings.clerk", meeting.hosting_organization)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rehearsal = _paper_mode(meeting)
    if category not in rules.CATEGORIES:
        raise ValidationError("未知的投票人类别。")
    ids = reporter_ids(meeting)
    try:
        content = rules.parse_ballot(data, ids, meeting.validity_rules)
    except rules.MalformedBallot as error:
        raise ValidationError(str(error)) from None
    entries = PaperEntry.objects.filter(meeting=meeting, rehearsal=rehearsal, serial=serial)
    if any(e.clerk_id == actor.pk for e in entries):
        raise ValidationError(f"您已录入过第 {serial} 号纸质票，须由另一名录入员复录。")
    if len(entries) >= 2:
        raise ValidationError(f"第 {serial} 号纸质票已由两名录入员录入。")
    entry = PaperEntry.objects.create(
        meeting=meeting,
        rehearsal=rehearsal,
        serial=serial,
        clerk=actor,
        category=category,
        canonical=_paper_canonical(category, content),
    )
    record(
        actor=actor,
        action="meetings.paper.enter",
        target=entry,
        organization=meeting.hosting_organization,
        after={"serial": serial, "rehearsal": rehearsal},
    )
    first = entries.exclude(pk=entry.pk).first()
    if first is not None and first.canonical == entry.canonical:
        _count_paper(meeting, rehearsal, serial, first.canonical)
    return entry


def _paper_canonical(category: str, content: rules.BallotContent) -> str:
    return rules.canonical_json(
        {"ballot": json.loads(rules.canonical_ballot(content)), "category": category}
    )


def paper_ballot(paper: str) -> tuple[str, str]:
    """The (category, canonical ballot) of a clerk's entry, as ``_paper_canonical`` wrote it."""
    body = json.loads(paper)
    return body["category"], rules.canonical_json(body["ballot"])


def _count_paper(meeting: Meeting, rehearsal: bool, serial: int, paper: str) -> Ballot:
    category, canonical = paper_ballot(paper)
    content = rules.content_from_canonical(canonical)
    problems = rules.ballot_problems(content, len(reporter_ids(meeting)), meeting.validity_rules)
    PaperEntry.objects.filter(meeting=meeting, rehearsal=rehearsal, serial=serial).update(
        resolved=True
    )
    # The caller holds the meeting's row lock, so closing (which takes it too) waits for this.
    return Ballot.objects.create(
        box=BallotBox.objects.get(meeting=meeting, rehearsal=rehearsal),
        paper_serial=serial,
        category=category,
        source=BallotSource.PAPER,
        canonical=canonical,
        receipt=rules.receipt_for(receipt_key(meeting.pk), f"paper:{serial}", canonical),
        valid=not problems,
        invalid_reason="；".join(problems)[:300],
    )


@dataclass(frozen=True)
class PaperMismatch:
    serial: int
    entries: list[PaperEntry]

    @property
    def waiting_for_second_entry(self) -> bool:
        return len(self.entries) < 2


def unresolved_paper(meeting: Meeting, rehearsal: bool) -> list[PaperMismatch]:
    """Slips entered once, or twice with different contents: they block counting."""
    pending: dict[int, list[PaperEntry]] = {}
    for entry in PaperEntry.objects.filter(meeting=meeting, rehearsal=rehearsal, resolved=False):
        pending.setdefault(entry.serial, []).append(entry)
    return [PaperMismatch(serial, entries) for serial, entries in sorted(pending.items())]


@transaction.atomic
def resolve_paper_slip(*, actor: User, meeting: Meeting, serial: int, entry_id: int) -> Ballot:
    """A host settles a mismatch by choosing the entry that matches the paper slip."""
    require(actor, "meetings.manage", meeting.hosting_organization)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rehearsal = _paper_mode(meeting)
    entries = list(
        PaperEntry.objects.filter(
            meeting=meeting, rehearsal=rehearsal, serial=serial, resolved=False
        )
    )
    chosen = next((e for e in entries if e.pk == entry_id), None)
    if chosen is None or len(entries) < 2:
        raise ValidationError(f"第 {serial} 号纸质票没有待核对的两次录入。")
    ballot = _count_paper(meeting, rehearsal, serial, chosen.canonical)
    record(
        actor=actor,
        action="meetings.paper.resolve",
        target=ballot,
        organization=meeting.hosting_organization,
        after={"serial": serial, "chosen_entry": chosen.pk},
        reason="两次录入不一致，核对纸质原票后确定",
    )
    return ballot
