"""Checks on stored reports: copying through the DB index, last year's items, .docx round trip."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from shuzhi.core.events import PriorItem, prior_items_requested
from shuzhi.orgs.models import Person
from shuzhi.reports import services
from shuzhi.reports.checking import prior_items, run_checks
from shuzhi.reports.documents import read_docx, split_items, write_docx
from shuzhi.reports.models import CopyEntry, PassageBucket
from shuzhi.rounds.models import Reporter, Round
from tests.factories import make_person, make_post, make_user
from tests.reports.conftest import drafted, pass_step
from tests.reports.texts import COPIED_SECTIONS, EMPTY_TALK_TEXT, GOOD_SECTIONS
from tests.signals import isolated

pytestmark = pytest.mark.django_db


def _second_reporter(review, small_city):
    person = make_person("甲二书记", small_city.town_a2)
    make_post(small_city.town_a2, person)
    reporter = Reporter.objects.create(
        round=review.round, organization=small_city.town_a2, person=person
    )
    user = make_user("town2_sec", "secretary", small_city.town_a2, person=person)
    return reporter, user


def test_copy_from_a_report_of_the_same_round_is_found_from_stored_signatures(review, small_city):
    services.submit(actor=review.secretary, report=drafted(review))
    reporter, user = _second_reporter(review, small_city)
    report = services.open_report(actor=user, reporter=reporter)
    report = services.save_draft(actor=user, report=report, sections=COPIED_SECTIONS, answers={})
    draft_finding = run_checks(report).by_rule("copying")
    assert draft_finding is not None and draft_finding.status == "fail"
    assert draft_finding.pairs[0].source == "同轮次：甲1镇党委"
    version = services.submit(actor=user, report=report)
    assert PassageBucket.objects.filter(report=report).count() == len(version.passage_spans) * 20
    stored = run_checks(report, version).by_rule("copying")
    assert stored is not None and stored.pairs[0].theirs.text == draft_finding.pairs[0].theirs.text


def test_resubmitting_replaces_the_reports_entries_in_the_index(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    services.decide(actor=review.step1, report=report, decision="return", reasons="数据不实")
    second = services.submit(actor=review.secretary, report=report)
    assert set(PassageBucket.objects.values_list("report_id", flat=True)) == {report.pk}
    assert CopyEntry.objects.get(report=report).passage_spans == second.passage_spans


def test_last_years_report_is_compared_and_its_commitments_must_be_answered(review, small_city):
    last_round = Round.objects.create(
        name="2025", year=2025, hearing_organization=small_city.county_a
    )
    old = Reporter.objects.create(
        round=last_round, organization=small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    report = services.open_report(actor=review.secretary, reporter=old)
    services.save_draft(actor=review.secretary, report=report, sections=GOOD_SECTIONS, answers={})
    services.submit(actor=review.secretary, report=report)
    this_year = drafted(review)
    items = prior_items(this_year)
    assert any(i.key.endswith("commitment:1") and "东坪村整顿达标" in i.text for i in items)
    copying = run_checks(this_year).by_rule("copying")
    assert copying is not None and copying.pairs and copying.pairs[0].source == "本人2025年报告"


def test_prior_items_come_from_rectification_through_the_event(review):
    report = drafted(review)
    item = PriorItem("problem:7", "masses", "西岭村党群服务中心平时大门紧锁", "整改中")
    with isolated(prior_items_requested) as signal:
        signal.answer_with(lambda request: [item] if request.year == 2026 else [], uid="test")
        items = prior_items(report)
        finding = run_checks(report).by_rule("responsiveness")
    assert [i.key for i in items] == ["problem:7"]
    assert finding is not None and finding.figures == {"items": 1, "answered": 1}


def test_docx_upload_reads_headings_and_export_has_official_fonts(review):
    report = drafted(review)
    document = Document()
    for line in EMPTY_TALK_TEXT.splitlines():
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    services.upload_document(
        actor=review.secretary, report=report, stream=buffer, name="述职报告.docx"
    )
    report.refresh_from_db()
    assert report.mode == "uploaded" and "层层压实责任" in report.uploaded_text
    result = run_checks(report)
    assert result.by_rule("phrases").status == "fail"  # type: ignore[union-attr]
    exported = write_docx("述职报告", "甲1镇党委书记 甲一书记", GOOD_SECTIONS)
    text = read_docx(BytesIO(exported))
    assert "二、存在问题" in text and "东坪村" in text
    xml = Document(BytesIO(exported)).paragraphs[2].runs[0]._element.xml
    assert "黑体" in xml
    footer = Document(BytesIO(exported)).sections[0].footer._element.xml
    assert "PAGE" in footer


def test_a_damaged_upload_is_refused_and_nothing_changes(review):
    report = drafted(review)
    with pytest.raises(ValidationError, match="无法读取"):
        services.upload_document(
            actor=review.secretary, report=report, stream=BytesIO(b"not a zip"), name="x.docx"
        )
    report.refresh_from_db()
    assert report.mode == "structured" and report.uploaded_text == ""


def test_items_are_split_by_their_marks():
    assert len(split_items(GOOD_SECTIONS["problems"])) == 3
    assert split_items("（一）甲问题。（二）乙问题。") == ["（一）甲问题。", "（二）乙问题。"]
    assert split_items("只有一个问题。还有一句。") == ["只有一个问题。", "还有一句。"]


def test_reviewed_report_passes_every_step_in_any_checks_state(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    for actor in (review.step1, review.step2, review.step3):
        pass_step(actor, report)
    assert run_checks(report, report.versions.get()).worst == "pass"


def test_review_page_reads_stored_signatures_and_never_recomputes_them(
    review, small_city, monkeypatch
):
    from django.test import Client

    from shuzhi.reports.checks.copying import Hasher

    services.submit(actor=review.secretary, report=drafted(review))
    reporter, user = _second_reporter(review, small_city)
    report = services.open_report(actor=user, reporter=reporter)
    report = services.save_draft(actor=user, report=report, sections=COPIED_SECTIONS, answers={})
    services.submit(actor=user, report=report)

    def refuse(*args, **kwargs):
        raise AssertionError("a signature was recomputed")

    monkeypatch.setattr(Hasher, "signatures", refuse)
    client = Client()
    client.force_login(review.step1)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "同轮次：甲1镇党委" in html and "东坪村两委班子" in html


def test_last_years_passed_version_is_preferred_to_a_later_draft(review, small_city):
    from shuzhi.reports.checking import last_years_version

    last_round = Round.objects.create(
        name="2025", year=2025, hearing_organization=small_city.county_a
    )
    old = Reporter.objects.create(
        round=last_round, organization=small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    report = services.open_report(actor=review.secretary, reporter=old)
    report = services.save_draft(
        actor=review.secretary, report=report, sections=GOOD_SECTIONS, answers={}
    )
    services.submit(actor=review.secretary, report=report)
    for actor in (review.step1, review.step2, review.step3):
        pass_step(actor, report)
    passed = report.versions.get()
    passed.pk = None
    passed.number, passed.state = 2, "under_review"
    passed.save()
    assert last_years_version(drafted(review)).number == 1  # type: ignore[union-attr]


def test_an_oversized_upload_or_text_is_refused_and_nothing_changes(review):
    report = drafted(review)
    too_big = BytesIO(b"x" * (services.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ValidationError, match="MB"):
        services.upload_document(
            actor=review.secretary, report=report, stream=too_big, name="a.txt"
        )
    too_long = BytesIO(("一" * (services.MAX_REPORT_CHARS + 1)).encode())
    with pytest.raises(ValidationError, match="超过"):
        services.upload_document(
            actor=review.secretary, report=report, stream=too_long, name="b.txt"
        )
    report.refresh_from_db()
    assert report.mode == "structured" and report.uploaded_text == ""


def _copy_findings(reports):  # type: ignore[no-untyped-def]
    found = {}
    for report in reports:
        finding = run_checks(report, services.latest_version(report)).by_rule("copying")
        assert finding is not None
        found[report.pk] = sorted(
            (p.ours.start, p.theirs.start, p.source, p.similarity) for p in finding.pairs
        )
    return found


def test_the_index_kept_on_submission_gives_the_findings_of_a_rebuilt_one(review, small_city):
    first = drafted(review)
    services.submit(actor=review.secretary, report=first)
    reporter, user = _second_reporter(review, small_city)
    second = services.save_draft(
        actor=user,
        report=services.open_report(actor=user, reporter=reporter),
        sections=COPIED_SECTIONS,
        answers={},
    )
    services.submit(actor=user, report=second)
    # A return and a resubmission replace the first report's entries (the copy stays).
    services.decide(actor=review.step1, report=first, decision="return", reasons="数据不实")
    services.save_draft(
        actor=review.secretary,
        report=first,
        sections={**GOOD_SECTIONS, "achievements": GOOD_SECTIONS["achievements"] + "补充说明。"},
        answers={},
    )
    services.submit(actor=review.secretary, report=first)
    kept = set(PassageBucket.objects.values_list("report_id", "passage", "bucket"))
    incremental = _copy_findings([first, second])
    assert any(incremental.values())  # the copy is found, so the comparison means something
    assert services.rebuild_copy_index() == 2
    assert set(PassageBucket.objects.values_list("report_id", "passage", "bucket")) == kept
    assert _copy_findings([first, second]) == incremental
