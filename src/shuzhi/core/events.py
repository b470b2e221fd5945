"""Events that cross app boundaries, so each app can be built and tested on its own.

An app that produces facts another app needs sends a signal here; the consuming app connects
a receiver in its ``AppConfig.ready``. Reads across apps use the same mechanism: the asking
app sends a signal and gathers the receivers' answers, so it never imports the other app.

Payloads are plain frozen dataclasses carrying ids and vocabulary values (see
``shuzhi.rounds.vocabulary``), never model instances, so a receiver may run in a background
job as well as in the sender's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.dispatch import Signal

# --- The meeting → scoring: on-site evaluation results -------------------------------------


@dataclass(frozen=True)
class OnsiteTally:
    """How many valid formal ballots of one voter category gave each grade to one reporter."""

    reporter_id: int
    voter_category: str  # a VoterCategory value
    counts: Mapping[str, int]  # Grade value -> number of ballots


# Sent by meetings (sender: the Meeting model) once the formal ballot box has closed, inside
# the closing transaction. kwargs: round_id: int, meeting_id: int, tallies: list[OnsiteTally],
# digest: str (the hash chain's head), and small_category_threshold: int (added later; optional
# for receivers): the meeting shows a voter category with fewer valid ballots than this only
# merged with others, so every display of the tallies must merge it the same way. Scoring stores
# them as the on-site evaluation source (computing with the per-category weights).
onsite_evaluation_closed = Signal()


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


# Sent by reports (problems the secretary found), meetings (a critique's key problems, masses'
# ballot comments) and others. kwargs: problems: list[RaisedProblem]. Rectification adds each
# to the organisation's problem list, ignoring a (reference, text) pair it already holds.
problems_raised = Signal()


# --- Scoring → rectification: bottom-ranked interviews ----------------------------------------


@dataclass(frozen=True)
class InterviewRequired:
    organization_id: int
    person_id: int
    round_id: int
    reason: str  # an InterviewReason value, e.g. "bottom_rank"
    detail: str = ""  # e.g. "第二组第 18 名（共 18 名）"


# Sent by scoring when a round's results are published. kwargs: interviews: list[InterviewRequired].
interviews_required = Signal()


# --- Reports ← rectification: last year's problems for the report editor ----------------------


@dataclass(frozen=True)
class PriorItem:
    """A problem of an earlier round that this year's report must answer."""

    key: str  # stable id, e.g. "problem:42"
    source: str  # a ProblemSource value
    text: str
    status: str  # human-readable status in Chinese, e.g. "已销号", "整改中（已逾期）"
    extra: Mapping[str, str] = field(default_factory=dict)


# Sent by reports when it needs the earlier problems of an organisation. kwargs:
# organization_id: int, year: int (the year of the new report), and optionally round_id: int (the
# round of the new report; added later, so receivers must accept its absence). Each receiver
# returns a list of PriorItem. Rectification answers, with round_id, for the organisation's
# PREVIOUS round (the latest earlier one, by year then period, in which it reported: that round's
# problems, problems without a round raised since its year, older ones still open), so a
# second-half report sees the first half's problems; without round_id (or no earlier round), the
# problems raised for ``year - 1`` and older ones still open.
prior_items_requested = Signal()


# --- Meetings ← reports: the agenda gate ------------------------------------------------------


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    reason: str = ""  # why not, in Chinese, e.g. "述职报告尚未通过第 2 步审核"


# Sent by meetings before a reporter is put on an agenda. kwargs: reporter_ids: list[int].
# Reports returns dict[reporter_id, Clearance]. A reporter no receiver answers for is refused.
report_clearance_requested = Signal()


# --- Rounds ← scoring: which rounds have published results -----------------------------------

# Sent by rounds for the rounds list and the home page. kwargs: round_ids: list[int]. Scoring
# returns the set of those ids whose results are published (公示).
round_publications_requested = Signal()


def gather(signal: Signal, **kwargs: object) -> list[object]:
    """Send ``signal`` and return the non-None answers of its receivers."""
    return [answer for _, answer in signal.send(sender=None, **kwargs) if answer is not None]
