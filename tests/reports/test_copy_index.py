"""The copy index kept at every save (drafts included) answers as one rebuilt from scratch."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError

from shuzhi.reports import services
from shuzhi.reports.checking import BUCKET_REPORTS, bucket_hits, run_checks
from shuzhi.reports.models import CopyEntry, DutyReport, PassageBucket, ReportStatus
from shuzhi.rounds.models import Reporter
from tests.factories import make_org, make_person, make_post, make_user
from tests.reports.texts import (
    BOASTFUL_SECTIONS,
    COPIED_SECTIONS,
    EMPTY_TALK_TEXT,
    GOOD_SECTIONS,
    NO_HEADINGS_TEXT,
)

pytestmark = pytest.mark.django_db

# What a secretary may save: whole reports, edits of them, parts of two mixed, nothing at all.
DRAFTS = [
    GOOD_SECTIONS,
    COPIED_SECTIONS,
    BOASTFUL_SECTIONS,
    {**GOOD_SECTIONS, "achievements": GOOD_SECTIONS["achievements"] + "补充说明。"},
    {**BOASTFUL_SECTIONS, "problems": GOOD_SECTIONS["problems"]},
    {**COPIED_SECTIONS, "rectification": GOOD_SECTIONS["rectification"]},
    {},
]
UPLOADS = [EMPTY_TALK_TEXT, NO_HEADINGS_TEXT, "\r\n".join(GOOD_SECTIONS.values())]


def _writers(review, small_city):  # type: ignore[no-untyped-def]
    """Three reporters of the round with their secretaries' accounts."""
    writers = [(review.reporter, review.secretary)]
    for number, town in enumerate((small_city.town_a2, small_city.town_b1), 2):
        person = make_person(f"书记{number}", town)
        make_post(town, person)
        reporter = Reporter.objects.create(round=review.round, organization=town, person=person)
        writers.append((reporter, make_user(f"sec{number}", "secretary", town, person=person)))
    return writers


def _copy_findings() -> dict[tuple[int, str], list[tuple[int, int, str, float]]]:
    """Every report's copying pairs, checked as the editor checks its draft and as the review
    page checks its latest version."""
    found = {}
    for report in DutyReport.objects.order_by("pk"):
        checked = [("draft", run_checks(report, items=[]))]
        version = services.latest_version(report)
        if version is not None:
            checked.append(("version", run_checks(report, version, items=[])))
        for kind, result in checked:
            finding = result.by_rule("copying")
            assert finding is not None
            found[report.pk, kind] = sorted(
                (p.ours.start, p.theirs.start, p.source, p.similarity) for p in finding.pairs
            )
    return found


def _index() -> tuple[set[tuple[int, int, int]], dict[int, tuple[str, list[list[int]], bytes]]]:
    rows = set(PassageBucket.objects.values_list("report_id", "passage", "bucket"))
    entries = {
        e.report_id: (e.text, e.passage_spans, bytes(e.minhashes)) for e in CopyEntry.objects.all()
    }
    return rows, entries


def _step(rng: random.Random, writers, review) -> None:  # type: ignore[no-untyped-def]
    """One thing a secretary or a reviewer does to one of the round's reports."""
    reporter, user = rng.choice(writers)
    report = services.open_report(actor=user, reporter=reporter)
    action = rng.choice(["save", "save", "upload", "submit", "return", "withdraw"])
    try:
        if action == "save":
            services.save_draft(actor=user, report=report, sections=rng.choice(DRAFTS), answers={})
        elif action == "upload":
            stream = BytesIO(rng.choice(UPLOADS).encode())
            services.upload_document(actor=user, report=report, stream=stream, name="报告.txt")
        elif action == "submit":
            services.submit(actor=user, report=report)
        elif action == "return" and report.status == ReportStatus.UNDER_REVIEW:
            services.decide(actor=review.step3, report=report, decision="return", reasons="重写")
        elif action == "withdraw" and len(writers) > 1:
            # The reporter leaves the round (the report and its entry go with it).
            writers.remove((reporter, user))
            reporter.delete()
    except ValidationError:
        pass  # not editable now, or too short to submit: nothing changed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_kept_at_every_save_gives_the_findings_of_a_rebuilt_one(review, small_city, seed):
    writers = _writers(review, small_city)
    # Two drafts, never submitted, one copying the other: found through the index.
    for (reporter, user), sections in zip(writers, (GOOD_SECTIONS, COPIED_SECTIONS), strict=False):
        report = services.open_report(actor=user, reporter=reporter)
        services.save_draft(actor=user, report=report, sections=sections, answers={})
    assert any(_copy_findings().values())
    rng = random.Random(seed)
    for _ in range(14):
        _step(rng, writers, review)
    kept = _index()
    incremental = _copy_findings()
    assert services.rebuild_copy_index() == DutyReport.objects.count()
    assert _index() == kept
    assert _copy_findings() == incremental


def test_a_copy_between_two_unsubmitted_drafts_is_found(review, small_city):
    (first, first_user), (second, second_user), _ = _writers(review, small_city)
    services.save_draft(
        actor=first_user,
        report=services.open_report(actor=first_user, reporter=first),
        sections=GOOD_SECTIONS,
        answers={},
    )
    report = services.save_draft(
        actor=second_user,
        report=services.open_report(actor=second_user, reporter=second),
        sections=COPIED_SECTIONS,
        answers={},
    )
    finding = run_checks(report, items=[]).by_rule("copying")
    assert finding is not None and finding.pairs[0].source == "同轮次：甲1镇党委"
    # Emptying the source draft takes its passages out of the index.
    services.save_draft(
        actor=first_user, report=DutyReport.objects.get(reporter=first), sections={}, answers={}
    )
    finding = run_checks(report, items=[]).by_rule("copying")
    assert finding is not None and not finding.pairs


def test_a_bucket_gives_at_most_its_bound_of_newest_reports_other_than_ones_own(review):
    report = services.open_report(actor=review.secretary, reporter=review.reporter)
    units = [
        make_org(f"单位{n}", review.reporter.organization, code=f"U{n}")
        for n in range(BUCKET_REPORTS + 5)
    ]
    others = [
        DutyReport.objects.create(
            reporter=Reporter.objects.create(
                round=review.round, organization=unit, person=make_person(f"人{n}", unit)
            ),
            round=review.round,
            organization=unit,
        )
        for n, unit in enumerate(units)
    ]
    PassageBucket.objects.bulk_create(
        [PassageBucket(report=r, passage=0, bucket=7) for r in [report, *others]]
        + [PassageBucket(report=others[0], passage=1, bucket=8)]
    )
    hits = bucket_hits([7, 8, 9], report.pk)
    newest = sorted((r.pk for r in others), reverse=True)[:BUCKET_REPORTS]
    assert [r for b, r, _ in hits if b == 7] == newest
    assert [(b, r, p) for b, r, p in hits if b != 7] == [(8, others[0].pk, 1)]
