"""Running the pure checks on stored reports: prior items, and copying through the DB index.

The copy index is ``CopyEntry`` (each report's text as last saved, drafts included, with its
signature) and ``PassageBucket`` (its LSH buckets), kept by the services at every save and
submission. A page asks the database for the passages that share a bucket with this report
instead of comparing it with every other report; stored signatures are read, never recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Q, When

from shuzhi.core.events import (
    FindingsRequest,
    PriorItemsRequest,
    WorkRecordFigure,
    WorkRecordRequest,
    findings_requested,
    prior_items_requested,
    work_record_figures_requested,
)
from shuzhi.reports.checks import (
    Category,
    CheckResult,
    PassagePair,
    PriorItem,
    RecordFigure,
    ReportDocument,
    Signature,
    check_report,
    from_sections,
    from_text,
)
from shuzhi.reports.checks.copying import Source, confirmed_pairs, hasher_for
from shuzhi.reports.checks.text import uploaded_text
from shuzhi.reports.conf import check_settings
from shuzhi.reports.documents import split_items
from shuzhi.reports.models import (
    CopyEntry,
    DutyReport,
    Mode,
    PassageBucket,
    ReportVersion,
    VersionState,
)
from shuzhi.rounds.models import Period
from shuzhi.rounds.queries import rounds_reported_before

# How many earlier years' reports a new report is compared with (besides its own round).
COPY_YEARS_BACK = 3
# How many reports of one LSH bucket a check meets at most (the newest): a bucket holding
# more is wording that many reports share, and reading all of it would make the check grow
# with the round.
BUCKET_REPORTS = 50


@dataclass(frozen=True)
class Draft:
    """What the checks read: a report's current draft or a submitted version."""

    mode: str
    sections: dict[str, str]
    text: str
    answers: dict[str, str]

    @classmethod
    def of_report(cls, report: DutyReport) -> Draft:
        return cls(report.mode, report.sections(), report.uploaded_text, dict(report.answers))

    @classmethod
    def of_version(cls, version: ReportVersion) -> Draft:
        uploaded = version.mode == Mode.UPLOADED
        return cls(
            version.mode,
            dict(version.sections),
            version.text if uploaded else "",
            dict(version.answers),
        )

    def document(self) -> ReportDocument:
        if self.mode == Mode.UPLOADED:
            return from_text(self.text)
        return from_sections(self.sections)

    def checked_text(self) -> str:
        """``document().text`` without classifying an upload: what the copy index holds."""
        if self.mode == Mode.UPLOADED:
            return uploaded_text(self.text)
        return from_sections(self.sections).text


def previous_period(report: DutyReport) -> str:
    """How the UI names the report's previous round: "上期" for half-year rounds, else "去年"."""
    return "去年" if report.round.period == Period.ANNUAL else "上期"


def found_before_the_meeting(report: DutyReport) -> list[PriorItem]:
    """This round's fact-finding problems (inspection, unannounced visit, audit), each to be
    answered one by one (003), with whether the secretary has acknowledged it (认账)."""
    answers = findings_requested.ask(
        FindingsRequest(round_id=report.round_id, organization_ids=(report.organization_id,))
    )
    return [
        PriorItem(
            item.key,
            item.source,
            f"{item.text}（{item.responsibility}）",
            f"本轮调研摸底 · {item.status}",
        )
        for answer in answers
        for item in answer.get(report.organization_id, ())
    ]


def prior_items(report: DutyReport) -> list[PriorItem]:
    """The previous round's problems (from rectification) and the commitments of its report."""
    answers = prior_items_requested.ask(
        PriorItemsRequest(
            organization_id=report.organization_id, year=report.round.year, round_id=report.round_id
        )
    )
    items: list[PriorItem] = [
        PriorItem(item.key, item.source, item.text, item.status)
        for answer in answers
        for item in answer
    ]
    items += found_before_the_meeting(report)
    previous = last_years_version(report)
    if previous is not None:
        sections = Draft.of_version(previous).document()
        if not items:
            # No app answered (rectification not installed): last year's own problems stand in.
            items += [
                PriorItem(f"report:{previous.report_id}:problem:{n}", "self", text)
                for n, text in enumerate(split_items(sections.section_text(Category.PROBLEMS)), 1)
            ]
        committed = f"{previous_period(report)}承诺"
        items += [
            PriorItem(f"report:{previous.report_id}:commitment:{n}", "self", text, committed)
            for n, text in enumerate(split_items(sections.section_text(Category.COMMITMENTS)), 1)
        ]
    return items


def record_figures(report: DutyReport) -> list[WorkRecordFigure] | None:
    """The reporter's own work record over the round (the records app answers), to cite in the
    editor and to check the report's figures against; None when no app keeps a record."""
    answers = work_record_figures_requested.ask(
        WorkRecordRequest(
            round_id=report.round_id,
            organization_id=report.organization_id,
            person_id=report.reporter.person_id,
        )
    )
    if not answers:
        return None
    return [figure for answer in answers for figure in answer]


def _as_checked(figures: Sequence[WorkRecordFigure]) -> list[RecordFigure]:
    return [
        RecordFigure(f.kind, f.label, f.confirmed, f.logged, f.cues, f.units, f.sentence)
        for f in figures
    ]


def last_years_version(report: DutyReport) -> ReportVersion | None:
    """The organisation's report of its previous round (last year's when it has none)."""
    earlier = rounds_reported_before(report.organization_id, report.round_id)
    of_round = (
        Q(report__round_id=earlier[0].pk)
        if earlier
        else Q(report__round__year=report.round.year - 1)
    )
    return (
        ReportVersion.objects.filter(of_round, report__organization_id=report.organization_id)
        # A passed version before later ones still under review or returned.
        .annotate(passed=Case(When(state=VersionState.PASSED, then=1), default=0))
        .order_by("-passed", "-number")
        .first()
    )


def signature_of(spans: list[list[int]], text: str, minhashes: bytes | memoryview) -> Signature:
    """A stored signature (a version's or an index entry's) as the checks read it."""
    pairs = [(int(s), int(e)) for s, e in spans]
    return Signature.from_bytes(pairs, text, bytes(minhashes), check_settings().num_perm)


def stored_signature(version: ReportVersion) -> Signature:
    return signature_of(version.passage_spans, version.text, version.minhashes)


def _label(other: DutyReport, report: DutyReport) -> str:
    if (
        other.reporter.person_id == report.reporter.person_id
        or other.organization_id == report.organization_id
    ):
        return f"本人{other.round.year}年报告"
    if other.round_id == report.round_id:
        return f"同轮次：{other.organization.name}"
    return f"{other.round.year}年：{other.organization.name}"


def _source(entry: CopyEntry, report: DutyReport) -> Source:
    signature = signature_of(entry.passage_spans, entry.text, entry.minhashes)
    label = _label(entry.report, report)
    return Source(str(entry.report_id), label, signature.passages, signature.minhashes)


def bucket_hits(buckets: list[int], report_id: int) -> list[tuple[int, int, int]]:
    """(bucket, report, passage) of the index entries in ``buckets``, other than the report's
    own: at most ``BUCKET_REPORTS`` a bucket, the newest reports first, so a bucket that holds
    wording hundreds of reports share costs no more than any other."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One index-only probe per bucket, stopped at the bound (the covering index is
            # ordered by bucket, then report descending).
            cursor.execute(
                "SELECT k.bucket, b.report_id, b.passage FROM unnest(%s::bigint[]) AS k(bucket) "
                "CROSS JOIN LATERAL (SELECT p.report_id, p.passage FROM reports_passagebucket p "
                "WHERE p.bucket = k.bucket AND p.report_id <> %s "
                "ORDER BY p.report_id DESC, p.passage LIMIT %s) AS b",
                [buckets, report_id, BUCKET_REPORTS],
            )
            return [tuple(row) for row in cursor.fetchall()]
    rows = (
        PassageBucket.objects.filter(bucket__in=buckets)
        .exclude(report_id=report_id)
        .order_by("bucket", "-report_id", "passage")
        .values_list("bucket", "report_id", "passage")
    )
    taken: dict[int, int] = defaultdict(int)
    hits = []
    for bucket, other, passage in rows:
        if taken[bucket] < BUCKET_REPORTS:
            taken[bucket] += 1
            hits.append((bucket, other, passage))
    return hits


def copies(report: DutyReport, signature: Signature) -> list[PassagePair]:
    """Passages near-identical to those of the same round, the last years, or one's own reports
    (each as last saved, drafts included), found through the copy index."""
    settings = check_settings()
    keys = hasher_for(settings).band_keys(signature.minhashes)
    if not len(keys):
        return []
    by_bucket: dict[int, list[int]] = defaultdict(list)
    for ours, row in enumerate(keys.tolist()):
        for bucket in row:
            by_bucket[bucket].append(ours)
    # Two indexed steps, so the cost does not grow with the round: the buckets by their index
    # (a bounded number of rows per bucket), then which of the few reports met lie in this
    # report's corpus by primary key. One query joining the buckets to reports and rounds lets
    # the planner scan every report of the round instead.
    hits = bucket_hits(list(by_bucket), report.pk)
    if not hits:
        return []
    year = report.round.year
    corpus = (
        Q(report__round_id=report.round_id)
        | Q(report__round__year__gte=year - COPY_YEARS_BACK, report__round__year__lt=year)
        | Q(report__organization_id=report.organization_id)
        | Q(report__reporter__person_id=report.reporter.person_id)
    )
    entries = (
        CopyEntry.objects.filter(corpus, pk__in={r for _, r, _ in hits})
        .select_related("report__organization", "report__round", "report__reporter")
        .only(
            "text",
            "passage_spans",
            "minhashes",
            "report__organization__name",
            "report__round__year",
            "report__reporter__person",
        )
    )
    sources = {str(e.report_id): _source(e, report) for e in entries}
    candidates = {
        (ours, str(other), passage)
        for bucket, other, passage in hits
        if str(other) in sources
        for ours in by_bucket[bucket]
    }
    return confirmed_pairs(signature, sorted(candidates), sources, settings)


def run_checks(
    report: DutyReport,
    version: ReportVersion | None = None,
    draft: Draft | None = None,
    items: list[PriorItem] | None = None,
    figures: Sequence[WorkRecordFigure] | None = None,
) -> CheckResult:
    """Every check on a submitted version, or on a draft (the saved one if ``draft`` is None).
    ``items`` are the report's prior items and ``figures`` its secretary's work record if the
    caller has already read them."""
    settings = check_settings()
    if version is not None:
        draft = Draft.of_version(version)
    elif draft is None:
        draft = Draft.of_report(report)
    document = draft.document()
    signature = (
        stored_signature(version) if version is not None else Signature.of(document.text, settings)
    )
    if figures is None:
        figures = record_figures(report)
    return check_report(
        document,
        settings=settings,
        prior_items=prior_items(report) if items is None else items,
        previous=previous_period(report),
        answers=draft.answers,
        copies=copies(report, signature),
        signature=signature,
        record_figures=None if figures is None else _as_checked(figures),
    )
