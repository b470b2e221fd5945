"""Automatic checks of a duty report (pure Python, no Django): shares, placeholders, data
density, examples, stock phrases, copying, responsiveness, the secretary's own voice, causes
and problem↔measure pairing. Every finding carries the passages it is based on and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from shuzhi.reports.checks.copying import CopyIndex, Signature, check_copying, confirmed_pairs
from shuzhi.reports.checks.density import check_density
from shuzhi.reports.checks.examples import check_examples, check_placeholders
from shuzhi.reports.checks.figures import check_record_figures
from shuzhi.reports.checks.model import (
    SECTION_LABELS,
    SECTIONS,
    Category,
    CheckResult,
    Finding,
    Passage,
    PassagePair,
    PriorItem,
    RecordFigure,
    ReportDocument,
    Status,
)
from shuzhi.reports.checks.pairing import check_pairing
from shuzhi.reports.checks.phrases import check_phrases
from shuzhi.reports.checks.responsiveness import check_responsiveness
from shuzhi.reports.checks.sentences import from_text
from shuzhi.reports.checks.settings import DEFAULT_SETTINGS, CheckSettings
from shuzhi.reports.checks.shares import check_shares, shares
from shuzhi.reports.checks.text import from_sections, labelled_units
from shuzhi.reports.checks.voice import check_causes, check_first_person

__all__ = [
    "DEFAULT_SETTINGS",
    "SECTIONS",
    "SECTION_LABELS",
    "Category",
    "CheckResult",
    "CheckSettings",
    "CopyIndex",
    "Finding",
    "Passage",
    "PassagePair",
    "PriorItem",
    "RecordFigure",
    "ReportDocument",
    "Signature",
    "Status",
    "check_report",
    "from_sections",
    "from_text",
    "shares",
]


def check_report(
    document: ReportDocument,
    *,
    settings: CheckSettings = DEFAULT_SETTINGS,
    prior_items: Sequence[PriorItem] = (),
    previous: str = "去年",
    answers: Mapping[str, str] | None = None,
    copies: Sequence[PassagePair] | None = None,
    index: CopyIndex | None = None,
    exclude: Iterable[str] = (),
    signature: Signature | None = None,
    extra_phrases: Iterable[str] = (),
    record_figures: Sequence[RecordFigure] | None = None,
) -> CheckResult:
    """Run every check. Copying uses ``copies`` if the caller found them (e.g. in the
    database), else looks the report up in ``index``. ``previous`` names the round the prior
    items come from ("去年", or "上期" for half-year rounds). With ``record_figures`` (the
    secretary's work record, where one is kept) the figures the report cites for it are
    compared with the record."""
    signature = signature or Signature.of(document.text, settings)
    units = labelled_units(document)
    examples = check_examples(units, document.text, settings)
    if copies is None:
        copies = []
        if index is not None:
            candidates = index.candidates(signature, exclude)
            copies = confirmed_pairs(signature, candidates, index.sources, settings)
    record = () if record_figures is None else (check_record_figures(units, record_figures),)
    return CheckResult(
        (
            check_shares(document, settings),
            check_placeholders(units),
            check_density(document, settings, len(examples.passages)),
            examples,
            check_phrases(document, settings, extra_phrases),
            check_copying(document, signature, list(copies)),
            check_responsiveness(document, prior_items, settings, answers, previous),
            check_first_person(units, settings),
            check_causes(units),
            check_pairing(units, document.text, settings),
            *record,
        )
    )
