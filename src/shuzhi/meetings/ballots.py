"""Services of the ballot box: issuing tokens, accepting phone and paper ballots.

A ballot is accepted in one transaction that locks its token (``select_for_update``) and then
its box (the head of the hash chain), so a server killed mid-request either committed the
ballot with its chain link or left nothing; the receipt is sent only after the commit.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.meetings import rules
from shuzhi.meetings.models import (
    Ballot,
    BallotBox,
    BallotSource,
    BallotToken,
    BoxState,
    Meeting,
    PaperEntry,
)

TOKEN_BYTES = 20  # 160 bits


def new_raw_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode().rstrip("=")


def hash_token(raw: str) -> str:
    return rules.sha256(raw.strip().upper())


def reporter_ids(meeting: Meeting) -> list[int]:
    return list(meeting.agenda.order_by("position").values_list("reporter_id", flat=True))


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
    (for the printed slips) and only their hashes are kept."""
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
    sequence: int
    meeting_title: str
    rehearsal: bool
    repeated: bool  # the same ballot had already been accepted with this token


def find_token(raw: str) -> BallotToken | None:
    return BallotToken.objects.select_related("meeting").filter(token_hash=hash_token(raw)).first()


def _append(
    box: BallotBox,
    *,
    category: str,
    source: str,
    canonical: str,
    receipt: str,
    problems: list[str],
    token: BallotToken | None = None,
    paper_serial: int | None = None,
) -> Ballot:
    """Add one ballot to the locked box as the next link of its chain."""
    sequence = box.count + 1
    valid = not problems
    link = rules.chain_record(
        sequence=sequence,
        category=category,
        valid=valid,
        source=source,
        receipt=receipt,
        ballot=canonical,
    )
    head = rules.link(box.head, link)
    ballot = Ballot.objects.create(
        box=box,
        token=token,
        paper_serial=paper_serial,
        sequence=sequence,
        category=category,
        source=source,
        canonical=canonical,
        receipt=receipt,
        valid=valid,
        invalid_reason="；".join(problems)[:300],
        chain_hash=head,
    )
    box.head, box.count = head, sequence
    box.save(update_fields=["head", "count"])
    return ballot


def submit_ballot(*, raw_token: str, data: Mapping[str, Any]) -> Receipt:
    """Accept a phone ballot: one token, one ballot; the same ballot again returns its receipt."""
    try:
        return _submit(raw_token, data)
    except IntegrityError:
        # A concurrent request with the same token won the race; answer as for a resubmission.
        return _submit(raw_token, data)


@transaction.atomic
def _submit(raw_token: str, data: Mapping[str, Any]) -> Receipt:
    token = BallotToken.objects.select_for_update().filter(token_hash=hash_token(raw_token)).first()
    if token is None:
        raise BallotRefused("测评码无效，请核对后重新扫码。")
    meeting = Meeting.objects.get(pk=token.meeting_id)
    ids = reporter_ids(meeting)
    try:
        content = rules.parse_ballot(data, ids, meeting.validity_rules)
    except rules.MalformedBallot as error:
        raise BallotRefused(str(error)) from None
    canonical = rules.canonical_ballot(content)
    receipt = rules.receipt_for(raw_token.strip().upper(), canonical)
    existing = Ballot.objects.filter(token=token).first()
    if existing is not None:
        if existing.canonical != canonical:
            raise BallotRefused("此测评码已经投过票，不能再次投票或修改。")
        return Receipt(existing.receipt, existing.sequence, meeting.title, token.rehearsal, True)
    problems = rules.ballot_problems(content, len(ids), meeting.validity_rules)
    if problems:
        raise BallotRefused(problems)
    box = BallotBox.objects.select_for_update().get(meeting=meeting, rehearsal=token.rehearsal)
    meeting.refresh_from_db(fields=["state"])
    expected = BoxState.REHEARSAL if token.rehearsal else BoxState.OPEN
    if meeting.state != expected:
        raise BallotRefused(
            "演练已经结束。" if token.rehearsal else "票箱尚未开启或已经关闭，当前不能投票。"
        )
    ballot = _append(
        box,
        category=token.category,
        source=BallotSource.PHONE,
        canonical=canonical,
        receipt=receipt,
        problems=[],
        token=token,
    )
    return Receipt(ballot.receipt, ballot.sequence, meeting.title, token.rehearsal, False)


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
    box = BallotBox.objects.select_for_update().get(meeting=meeting, rehearsal=rehearsal)
    PaperEntry.objects.filter(meeting=meeting, rehearsal=rehearsal, serial=serial).update(
        resolved=True
    )
    return _append(
        box,
        category=category,
        source=BallotSource.PAPER,
        canonical=canonical,
        receipt=rules.receipt_for(f"paper:{serial}", canonical),
        problems=problems,
        paper_serial=serial,
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
