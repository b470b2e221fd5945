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
from datetime import date
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


# --- Villages ↔ meetings: the village hearing of 双述双评 (001) ------------------------------


@dataclass(frozen=True)
class VillageHearingRequest:
    """Villages asks the meetings app to convene a village's second hearing of a half-year
    round: the village's two committees report to its members and masses, in the village.
    Meetings answers with the new meeting's id (a meeting of kind "village hearing", hosted by
    the village, its reporter on the agenda); it refuses with ``ValidationError``."""

    round_id: int
    village_id: int
    reporter_id: int
    held_on: date
    actor_id: int
    title: str = ""


village_hearing_requested: Question[VillageHearingRequest, int] = Question(VillageHearingRequest)


@dataclass(frozen=True)
class VillageHearingClosed:
    """A village hearing's formal box has closed. Its ballots are the village's own: they are
    not the round's on-site evaluation (``onsite_evaluation_closed`` is not sent for it)."""

    round_id: int
    meeting_id: int
    village_id: int
    tallies: tuple[OnsiteTally, ...]
    digest: str


village_hearing_closed: Event[VillageHearingClosed] = Event(VillageHearingClosed)


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


@dataclass(frozen=True)
class FindingWithdrawn:
    """A finding already on the problem list no longer stands: a dispute over it was upheld
    (异议成立), or its recorder corrected it before the unit answered. Rectification takes the
    problems raised under ``reference`` (the stem before ":<n>") off the list with the reason,
    keeping the rows and their history."""

    organization_id: int
    reference: str  # e.g. "factfinding:finding:12", as the problems were raised
    reason: str
    actor_id: int | None = None  # who ruled (or corrected); None for the system


finding_withdrawn: Event[FindingWithdrawn] = Event(FindingWithdrawn)


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


# --- Reports, meetings ← fact-finding: the findings a reporter must answer --------------------


@dataclass(frozen=True)
class FindingItem:
    """A problem found before the meeting (inspection, unannounced visit, audit)."""

    key: str  # stable id, e.g. "finding:42"
    source: str  # a ProblemSource value
    text: str
    responsibility: str  # the item of the unit's responsibility list it is tied to
    acknowledged: bool  # 认账 done: accepted, or a dispute ruled on
    status: str  # in Chinese, e.g. "待认账", "已认账"


@dataclass(frozen=True)
class FindingsRequest:
    """Reports (the editor) and meetings (the host's agenda) ask for the findings of some
    organisations in a round; fact-finding answers organisation id → its findings, only those
    the unit may already see (an audit's findings once its report is issued)."""

    round_id: int
    organization_ids: tuple[int, ...]
    unacknowledged_only: bool = False


findings_requested: Question[FindingsRequest, Mapping[int, tuple[FindingItem, ...]]] = Question(
    FindingsRequest
)


# --- Scoring ← fact-finding: inspection ratings and audit scores as a source ------------------


@dataclass(frozen=True)
class FactFindingScore:
    score: Decimal  # out of 100
    note: str  # in Chinese, e.g. "党建审计得分，第 2 名（共 5 个）"


@dataclass(frozen=True)
class FactFindingScoresRequest:
    """Scoring asks for one fact-finding score per organisation of a round: ``kind`` is
    ``"inspection"`` (the combined 百分测评) or ``"audit"`` (the issued audit's score)."""

    round_id: int
    kind: str


fact_finding_scores_requested: Question[
    FactFindingScoresRequest, Mapping[int, FactFindingScore]
] = Question(FactFindingScoresRequest)
# --- Villages ← rectification: how far lagging organisations' plans have come ----------------


@dataclass(frozen=True)
class LedgerProgress:
    total: int  # problems raised under the stem (a merged one counts as its target)
    open: int  # of those, not yet signed off (销号): no ledger item yet, or one not closed


@dataclass(frozen=True)
class LedgerProgressRequest:
    """Villages asks how the rectification plans of lagging organisations stand: the problems
    raised (``problems_raised``) for ``organization_ids`` whose reference starts with
    ``reference_prefix + ":"``. Rectification answers with a mapping from each reference's
    stem (the reference without its last ":<n>", e.g. "villages.lagging:7") to its
    ``LedgerProgress``, in a fixed number of queries. No answer means the ledger is not
    installed, and the asker must treat every plan as open."""

    organization_ids: tuple[int, ...]
    reference_prefix: str


ledger_progress_requested: Question[LedgerProgressRequest, Mapping[str, LedgerProgress]] = Question(
    LedgerProgressRequest
)


# --- Records ← villages: a branch secretary's points (积分管理) for the performance file -------


@dataclass(frozen=True)
class PointsLine:
    occurred_on: str  # ISO date
    label: str  # the rule's wording, e.g. "按时召开“三会一课”"
    points: str  # a Decimal as text, negative when lost


@dataclass(frozen=True)
class SecretaryPoints:
    year: int
    total: str  # confirmed points of the year as text, within the star rating's cap
    lines: tuple[PointsLine, ...]


@dataclass(frozen=True)
class SecretaryPointsRequest:
    """Asked (by records, for a secretary's performance file) for a person's confirmed points
    of a year as a branch secretary. Villages answers with ``SecretaryPoints``, or None when
    the person has no confirmed entry that year."""

    person_id: int
    year: int


secretary_points_requested: Question[SecretaryPointsRequest, SecretaryPoints] = Question(
    SecretaryPointsRequest
)


# --- Analytics ← rectification: a round's problems in a subtree -------------------------------


@dataclass(frozen=True)
class ProblemFact:
    """One problem as the common-problems analysis sees it."""

    problem_id: int
    organization_id: int
    text: str
    source: str  # a ProblemSource value
    has_item: bool  # a ledger item was opened for it
    rectified: bool  # its ledger item is closed (销号)


@dataclass(frozen=True)
class RoundProblemsRequest:
    """Analytics asks for the problems of a round in the subtree at ``organization_path``;
    rectification answers with a list of ``ProblemFact``: those raised in the round, and those
    of the round's ``year`` raised without a round. Merged problems are left out (their
    survivor stands for them), and so are common problems (they are the analysis' output)."""

    round_id: int
    year: int
    organization_path: str
    problem_ids: tuple[int, ...] | None = None  # only these (the facts of a theme set)


round_problems_requested: Question[RoundProblemsRequest, list[ProblemFact]] = Question(
    RoundProblemsRequest
)


# --- Analytics → rectification: a common problem rooted above (上挖根源、顶层施策) -----------


@dataclass(frozen=True)
class CommonProblemRootedAbove:
    """A theme of problems found across many units is handled one level up: rectification adds
    one problem (source ``common``) to ``organization_id``'s list with its own ledger item, and
    links each member problem to it (as an escalated problem). Idempotent by ``reference``."""

    organization_id: int
    text: str
    year: int
    round_id: int
    actor_id: int  # the user who rooted it above: raises the problem and opens the item
    reference: str  # e.g. "theme:12"
    member_problem_ids: tuple[int, ...]
    measures: str
    deadline: date


common_problem_rooted_above: Event[CommonProblemRootedAbove] = Event(CommonProblemRootedAbove)


rectified_problems_requested: Question[RoundProblemsRequest, set[int]] = Question(
    RoundProblemsRequest
)
"""The ids of the round's problems under the path whose ledger item is closed (销号): the
themes page counts what is rectified without fetching every problem's text."""


# --- Analytics ← scoring: published results across rounds ------------------------------------


@dataclass(frozen=True)
class ReporterOutcome:
    """One reporter's published result in one round, with the on-site ballots' grade counts."""

    round_id: int
    reporter_id: int
    organization_id: int
    person_id: int
    composite: float
    rank: int | None
    group_size: int
    grade: str  # a Grade value, "" if none
    class_number: int | None
    honour: str
    interview: bool
    good: int  # on-site ballots 好
    fair: int  # on-site ballots 较好
    ballots: int  # on-site ballots in all


@dataclass(frozen=True)
class OutcomesRequest:
    """Analytics asks for the results of these rounds, only of rounds whose results are
    published (公示) — never a figure before then; scoring answers with ``ReporterOutcome``s
    of the reporters under ``organization_path`` (or of ``person_id``, wherever they were)."""

    round_ids: tuple[int, ...]
    organization_path: str = ""
    person_id: int | None = None


round_outcomes_requested: Question[OutcomesRequest, list[ReporterOutcome]] = Question(
    OutcomesRequest
)


# --- Analytics ← reports, meetings, scoring, rectification: a round's progress ----------------


@dataclass(frozen=True)
class ProgressFigure:
    """One stage figure of the department's dashboard: ``done`` of ``total`` (``total`` 0: a
    plain count). Never a ballot result: boxes still open are counted, not tallied."""

    key: str  # e.g. "reports.passed"
    label: str  # in Chinese, e.g. "述职报告审核通过"
    done: int
    total: int = 0
    order: int = 0  # where the figure stands on the dashboard (stage order)


@dataclass(frozen=True)
class ProgressRequest:
    """Analytics asks each app for its figures of a round under ``organization_path``; the
    ancestors' paths let an app count a meeting hosted above the subtree for it."""

    round_id: int
    organization_path: str
    ancestor_paths: tuple[str, ...] = ()


round_progress_requested: Question[ProgressRequest, list[ProgressFigure]] = Question(
    ProgressRequest
)


@dataclass(frozen=True)
class OverdueItem:
    organization_id: int
    organization_path: str
    deadline: date


@dataclass(frozen=True)
class OverdueRequest:
    """Analytics asks rectification for the open ledger items past their deadline on ``today``
    under ``organization_path``; the answer is a list of ``OverdueItem``."""

    organization_path: str
    today: date


overdue_items_requested: Question[OverdueRequest, list[OverdueItem]] = Question(OverdueRequest)


@dataclass(frozen=True)
class PublicationNotice:
    """A round's result notice (公示), for the publication index."""

    round_id: int
    starts_on: date
    ends_on: date
    notice: str
    reporters: int  # results published


@dataclass(frozen=True)
class PublicationNoticesRequest:
    """Analytics asks scoring for the result notices of these rounds (those published)."""

    round_ids: tuple[int, ...]


publication_notices_requested: Question[PublicationNoticesRequest, list[PublicationNotice]] = (
    Question(PublicationNoticesRequest)
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


# --- Reports ← records: the secretary's own work-record figures to cite ----------------------


@dataclass(frozen=True)
class WorkRecordFigure:
    """One kind of a secretary's work record over a round's period, as the record counts it
    (entries, days, or contact points with enough days), against the round's target."""

    kind: str  # a WorkKind value
    label: str  # in Chinese, e.g. "下基层驻村"
    confirmed: Decimal  # entries confirmed by the level above: what a report may cite
    logged: Decimal  # every entry, confirmed or not
    target: Decimal | None  # the round's target for the kind, None without one
    sentence: str  # ready to insert in a report, e.g. "全年下基层驻村182天（目标180天）"
    cues: tuple[str, ...]  # how a report names the kind, e.g. ("驻村", "下基层")
    units: tuple[str, ...]  # measure words it is counted in, the record's own first ("次", "场")


@dataclass(frozen=True)
class WorkRecordRequest:
    """Reports asks (the editor's panel and the record-figures check) for the work record of
    a round's reporter: the entries of ``person_id`` in ``organization_id`` over the round's
    period. Records answers with a ``WorkRecordFigure`` per kind that has entries or a target,
    in the order of its vocabulary; no answer means no record is kept."""

    round_id: int
    organization_id: int
    person_id: int


work_record_figures_requested: Question[WorkRecordRequest, tuple[WorkRecordFigure, ...]] = Question(
    WorkRecordRequest
)
