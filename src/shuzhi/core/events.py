"""Events that cross app boundaries, so each app can be built and tested on its own.

An app that produces facts another app needs publishes an ``Event`` here; the consuming app
subscribes in its ``receivers.connect()``, which its ``AppConfig.ready`` calls. Reads across
apps are ``Question``s: the asking app asks and gathers the answers, so it never imports the
other app. Each event carries one payload, a frozen dataclass declared here, and receivers
are typed with it: the contract lives in code, not in comments.

Payloads carry ids and vocabulary values (see ``shuzhi.core.vocabulary``), never model
instances, so a receiver may run in a background job as well as in the sender's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.dispatch import Signal

P = TypeVar("P")
A = TypeVar("A")


class _Channel(Signal, Generic[P]):
    """A signal whose receivers take exactly one payload of type ``P``."""

    def __init__(self, payload_type: type[P]) -> None:
        super().__init__()
        self.payload_type = payload_type

    def _send(self, payload: P) -> list[Any]:
        if not isinstance(payload, self.payload_type):
            raise TypeError(f"expected {self.payload_type.__name__}, got {type(payload).__name__}")
        return [answer for _, answer in self.send(sender=self.payload_type, payload=payload)]

    def _connect(self, receiver: Callable[[P], Any], uid: str) -> None:
        def adapter(sender: object, payload: P, **_: object) -> Any:
            return receiver(payload)

        self.connect(adapter, dispatch_uid=uid, weak=False)


class Event(_Channel[P]):
    """A fact one app announces; every subscriber is called with its payload."""

    def publish(self, payload: P) -> None:
        """Call every subscriber now, inside the caller's transaction."""
        self._send(payload)

    def subscribe(self, receiver: Callable[[P], object], *, uid: str) -> None:
        self._connect(receiver, uid)


class Question(_Channel[P], Generic[P, A]):
    """A read across apps: the asking app sends a payload and gathers the answers."""

    def ask(self, payload: P) -> list[A]:
        """The answers of every answering app, without the ``None`` of those that abstain."""
        return [answer for answer in self._send(payload) if answer is not None]

    def answer_with(self, receiver: Callable[[P], A | None], *, uid: str) -> None:
        self._connect(receiver, uid)


# --- The meeting → scoring: on-site evaluation results -------------------------------------


@dataclass(frozen=True)
class OnsiteTally:
    """How many valid formal ballots of one voter category gave each grade to one reporter."""

    reporter_id: int
    voter_category: str  # a VoterCategory value
    counts: Mapping[str, int]  # EvaluationGrade value -> number of ballots


@dataclass(frozen=True)
class OnsiteEvaluationClosed:
    """A meeting's formal ballot box has closed (published inside the closing transaction).

    Scoring stores the tallies as the on-site evaluation source (computed with the per-category
    weights). The meeting shows a voter category with fewer valid ballots than
    ``small_category_threshold`` only merged with others, so every display of the tallies must
    merge it the same way.
    """

    round_id: int
    meeting_id: int
    tallies: tuple[OnsiteTally, ...]
    digest: str  # the hash chain's head
    small_category_threshold: int | None = None


onsite_evaluation_closed: Event[OnsiteEvaluationClosed] = Event(OnsiteEvaluationClosed)


# --- Any app → rectification: problems to track ---------------------------------------------


@dataclass(frozen=True)
class RaisedProblem:
    organization_id: int
    source: str  # a ProblemSource value
    text: str
    year: int
    round_id: int | None = None
    raised_by_id: int | None = None  # the user who raised it (the superior for a critique)
    reference: str = ""  # where it came from, e.g. "critique:12" — makes intake idempotent


@dataclass(frozen=True)
class ProblemsRaised:
    """Problems found by reports (the secretary's own), meetings (a critique's key problems,
    the masses' ballot remarks) and others. Rectification adds each to the organisation's
    problem list, ignoring a (reference, text) pair it already holds."""

    problems: tuple[RaisedProblem, ...]

    @classmethod
    def numbered(
        cls,
        texts: Iterable[str],
        *,
        organization_id: int,
        source: str,
        year: int,
        reference: str,
        round_id: int | None = None,
        raised_by_id: int | None = None,
    ) -> ProblemsRaised:
        """One problem per text, referenced "<reference>:<n>" from 1 so intake stays idempotent."""
        return cls(
            tuple(
                RaisedProblem(
                    organization_id=organization_id,
                    source=source,
                    text=text,
                    year=year,
                    round_id=round_id,
                    raised_by_id=raised_by_id,
                    reference=f"{reference}:{number}",
                )
                for number, text in enumerate(texts, start=1)
            )
        )


problems_raised: Event[ProblemsRaised] = Event(ProblemsRaised)


# --- Scoring → rectification: bottom-ranked interviews ----------------------------------------


@dataclass(frozen=True)
class InterviewRequired:
    organization_id: int
    person_id: int
    round_id: int
    reason: str  # an InterviewReason value, e.g. "bottom_rank"
    detail: str = ""  # e.g. "第二组第 18 名（共 18 名）"


@dataclass(frozen=True)
class InterviewsRequired:
    """Published by scoring when a round's results are published: the bottom-ranked."""

    interviews: tuple[InterviewRequired, ...]


interviews_required: Event[InterviewsRequired] = Event(InterviewsRequired)


# --- Reports ← rectification: last year's problems for the report editor ----------------------


@dataclass(frozen=True)
class PriorItem:
    """A problem of an earlier round that this year's report must answer."""

    key: str  # stable id, e.g. "problem:42"
    source: str  # a ProblemSource value
    text: str
    status: str  # human-readable status in Chinese, e.g. "已销号", "整改中（已逾期）"
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PriorItemsRequest:
    """Reports asks for the earlier problems of an organisation; each answer is a list of
    ``PriorItem``.

    Rectification answers, with ``round_id`` (the round of the new report), for the
    organisation's PREVIOUS round (the latest earlier one, by year then period, in which it
    reported: that round's problems, problems without a round raised since its year, older ones
    still open), so a second-half report sees the first half's problems; without ``round_id``
    (or no earlier round), the problems raised for ``year - 1`` and older ones still open.
    """

    organization_id: int
    year: int  # the year of the new report
    round_id: int | None = None


prior_items_requested: Question[PriorItemsRequest, list[PriorItem]] = Question(PriorItemsRequest)


# --- Meetings ← reports: the agenda gate ------------------------------------------------------


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    reason: str = ""  # why not, in Chinese, e.g. "述职报告尚未通过第 2 步审核"


@dataclass(frozen=True)
class ClearanceRequest:
    """Meetings asks before reporters are put on an agenda; reports answers with a
    ``Clearance`` per reporter id. A reporter no answer covers is refused."""

    reporter_ids: tuple[int, ...]


report_clearance_requested: Question[ClearanceRequest, Mapping[int, Clearance]] = Question(
    ClearanceRequest
)


# --- Rounds ← scoring: which rounds have published results -----------------------------------


@dataclass(frozen=True)
class PublicationsRequest:
    """Asked by rounds for the rounds list and the home page: which of these rounds have their
    results published (公示)? Scoring answers with the set of those ids."""

    round_ids: tuple[int, ...]


round_publications_requested: Question[PublicationsRequest, set[int]] = Question(
    PublicationsRequest
)


# --- Scoring ← records: the round's records source (年度记录) ---------------------------------


@dataclass(frozen=True)
class RecordsLine:
    """One contribution to a reporter's records score, e.g. a target's completion or an
    approved red/black entry."""

    key: str  # stable id, e.g. "target:village_days", "merit:17"
    label: str  # in Chinese, e.g. "红榜：获评市级先进基层党组织"
    value: str  # what it adds or reaches, e.g. "+3.00", "150/180 天"


@dataclass(frozen=True)
class RecordsScore:
    score: Decimal  # 0–100, two decimals
    lines: tuple[RecordsLine, ...]
    formula: str = ""  # the formula with the round's numbers, for the note


@dataclass(frozen=True)
class RecordsScoresRequest:
    """Scoring asks for the records source of a round's reporters; records answers with a
    ``RecordsScore`` per reporter id, computed from the year's confirmed work record and the
    approved red/black entries (no re-approval at year end, 001)."""

    round_id: int


records_scores_requested: Question[RecordsScoresRequest, Mapping[int, RecordsScore]] = Question(
    RecordsScoresRequest
)


# --- Records ← any app: a cadre's performance file (干部个人业绩档案) ------------------------


@dataclass(frozen=True)
class FileSection:
    """One part of a person's performance file, as one app keeps it: a table."""

    key: str  # e.g. "scoring.results"; orders the sections
    title: str  # in Chinese, e.g. "考核结果"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PerformanceFileRequest:
    """Records asks every app for what it holds about one person, across years and posts;
    each app answers with a list of ``FileSection``s (or abstains)."""

    person_id: int


performance_file_requested: Question[PerformanceFileRequest, list[FileSection]] = Question(
    PerformanceFileRequest
)
