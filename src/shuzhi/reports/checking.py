"""Running the pure checks on stored reports: prior items, and copying through the DB index.

The copy index is the ``PassageBucket`` table (LSH buckets of each report's latest version),
so a page asks the database for the passages that share a bucket with this report instead of
comparing it with every other report; signatures of stored versions are read, never recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

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
from shuzhi.reports.conf import check_settings
from shuzhi.reports.documents import split_items
from shuzhi.reports.models import DutyReport, Mode, PassageBucket, ReportVersion, VersionState
from shuzhi.rounds.models import Period
from shuzhi.rounds.queries import rounds_reported_before

# How many earlier years' reports a new report is compared with (besides its own round).
COPY_YEARS_BACK = 3


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


def stored_signature(version: ReportVersion) -> Signature:
    settings = check_settings()
    spans = [(int(s), int(e)) for s, e in version.passage_spans]
    return Signature.from_bytes(spans, version.text, bytes(version.minhashes), settings.num_perm)


def _label(version: ReportVersion, report: DutyReport) -> str:
    other = version.report
    if (
        other.reporter.person_id == report.reporter.person_id
        or other.organization_id == report.organization_id
    ):
        return f"本人{other.round.year}年报告"
    if other.round_id == report.round_id:
        return f"同轮次：{other.organization.name}"
    return f"{other.round.year}年：{other.organization.name}"


def _source(version: ReportVersion, report: DutyReport) -> Source:
    signature = stored_signature(version)
    return Source(str(version.pk), _label(version, report), signature.passages, signature.minhashes)


def copies(report: DutyReport, signature: Signature) -> list[PassagePair]:
    """Passages near-identical to those of the same round, the last years, or one's own reports."""
    settings = check_settings()
    keys = hasher_for(settings).band_keys(signature.minhashes)
    if not len(keys):
        return []
    by_bucket: dict[int, list[int]] = defaultdict(list)
    for ours, row in enumerate(keys.tolist()):
        for bucket in row:
            by_bucket[bucket].append(ours)
    # Two indexed steps, so the cost does not grow with the round: the buckets by their index
    # (a few rows per passage), then which of the few versions met lie in this report's corpus
    # by primary key. One query joining the buckets to reports and rounds lets the planner
    # scan every report of the round instead.
    hits = list(
        PassageBucket.objects.filter(bucket__in=list(by_bucket)).values_list(
            "bucket", "version_id", "passage"
        )
    )
    if not hits:
        return []
    year = report.round.year
    corpus = (
        Q(report__round_id=report.round_id)
        | Q(report__round__year__gte=year - COPY_YEARS_BACK, report__round__year__lt=year)
        | Q(report__organization_id=report.organization_id)
        | Q(report__reporter__person_id=report.reporter.person_id)
    )
    versions = (
        ReportVersion.objects.filter(corpus, pk__in={v for _, v, _ in hits})
        .exclude(report_id=report.pk)
        .select_related("report__organization", "report__round", "report__reporter")
    )
    sources = {str(v.pk): _source(v, report) for v in versions}
    candidates = {
        (ours, str(version_id), passage)
        for bucket, version_id, passage in hits
        if str(version_id) in sources
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
