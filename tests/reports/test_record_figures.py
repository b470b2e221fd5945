"""The record-figures check: figures the report cites for the secretary's own work record,
compared with the confirmed record (the record's side is tests/records/test_report_figures.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.records import rules
from shuzhi.records import services as records
from shuzhi.reports.checks import RecordFigure, Status, check_report, from_sections
from shuzhi.reports.checks.figures import chinese_number, citations
from shuzhi.reports.checks.text import labelled_units
from tests.reports.conftest import drafted
from tests.reports.texts import GOOD_SECTIONS

pytestmark = pytest.mark.django_db


def _figure(kind: str, confirmed: int, logged: int | None = None) -> RecordFigure:
    target = rules.measured_by(kind, {})
    return RecordFigure(
        kind,
        rules.WorkKind(kind).label,
        Decimal(confirmed),
        Decimal(confirmed if logged is None else logged),
        rules.CITING[kind].cues,
        rules.citing_units(target),
    )


DAYS = _figure("village_days", 182, 190)
LESSONS = _figure("party_lesson", 4)


def _finding(achievements: str, *figures: RecordFigure, **sections: str):  # type: ignore[no-untyped-def]
    document = from_sections({"achievements": achievements, **sections})
    return check_report(document, record_figures=list(figures)).by_rule("record_figures")


def test_a_figure_matching_the_confirmed_record_passes():
    finding = _finding("全年下基层驻村182天，讲党课4次，解决群众困难12件。", DAYS, LESSONS)
    assert finding.status is Status.PASS
    assert finding.figures == {"cited": 2, "disagree": 0}


def test_a_figure_over_everything_logged_fails_with_its_sentence_and_why():
    finding = _finding("我全年驻村200天，走遍全镇12个村。讲党课4次。", DAYS, LESSONS)
    assert finding.status is Status.FAIL
    flagged = finding.passages[0]
    assert flagged.text == "我全年驻村200天，走遍全镇12个村。"
    assert flagged.section == "工作成绩"
    assert "报告写下基层驻村200天" in flagged.note and "纪实登记只有 190天" in flagged.note
    assert "经上级确认 182天" in flagged.note and "多出 10天" in flagged.note
    assert finding.figures["disagree"] == 1


def test_a_figure_within_the_unconfirmed_entries_or_under_the_record_is_a_warning():
    pending = _finding("全年驻村188天。", DAYS)
    assert pending.status is Status.WARN and "尚未确认" in pending.passages[0].note
    under = _finding("全年讲党课3场。", LESSONS)
    assert under.status is Status.WARN and "少于纪实经确认的 4次" in under.passages[0].note


def test_plans_targets_approximations_and_measures_are_not_citations():
    finding = _finding(
        "全年驻村180余天。确保驻村时间达到200天。",
        DAYS,
        LESSONS,
        commitments="明年驻村不少于200天，讲党课6次。",
        rectification="每月讲党课1次。",
    )
    assert finding.status is Status.PASS and finding.figures == {}
    assert "没有引用" in finding.message


def test_chinese_numerals_and_a_number_before_the_cue_are_read():
    places = _figure("contact_point", 3)
    units = labelled_units(from_sections({"achievements": "讲党课四次，建立3个联系点。"}))
    found = {c.figure.kind: c.value for c in citations(units, [LESSONS, places])}
    assert found == {"party_lesson": 4, "contact_point": 3}
    assert chinese_number("一百八十二") == 182 and chinese_number("十二") == 12
    assert chinese_number("两千") == 2000 and chinese_number("一二") is None


@pytest.mark.parametrize("kind", rules.WorkKind.values)
def test_every_offered_sentence_is_read_back_as_its_own_figure(kind):
    targets = {kind: rules.Target(kind, rules.TARGET_MEASURES[kind], Decimal(180), Decimal(30))}
    target = rules.measured_by(kind, targets)
    sentence = rules.citing_sentence(target, Decimal(12), "全年", has_target=True)
    others = [_figure(k, 12) for k in rules.WorkKind.values]
    units = labelled_units(from_sections({"achievements": sentence + "。"}))
    assert {(c.figure.kind, c.value) for c in citations(units, others)} == {(kind, 12)}


def test_without_a_record_there_is_no_record_check():
    result = check_report(from_sections({"achievements": "全年驻村200天。"}))
    assert result.by_rule("record_figures") is None


# --- In the editor: the panel and the live check, the record asked through core.events ---------


@pytest.fixture
def recorded(review):  # type: ignore[no-untyped-def]
    """The reporter's township has 21 days in villages in March, confirmed by the county."""
    for day, days in ((3, "12"), (9, "9")):
        records.log_work(
            actor=review.secretary,
            organization=review.reporter.organization,
            kind="village_days",
            occurred_on=date(2026, 3, day),
            place="甲一1村",
            text="驻村蹲点",
            days=Decimal(days),
        )
    records.confirm_month(
        actor=review.step1, organization=review.reporter.organization, month=date(2026, 3, 1)
    )
    return review


def test_the_editor_offers_the_secretarys_own_figures_to_insert(recorded):
    report = drafted(recorded)
    client = Client()
    client.force_login(recorded.secretary)
    html = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert 'data-testid="record-figures"' in html
    assert 'data-sentence="全年下基层驻村21天（目标180天）"' in html
    assert "record_figures.js" in html
    assert 'data-rule="record_figures"' in html  # the check runs in the editor too


def test_the_live_check_flags_a_figure_the_confirmed_record_does_not_bear(recorded):
    report = drafted(recorded)
    client = Client()
    client.force_login(recorded.secretary)
    sections = {
        **GOOD_SECTIONS,
        "achievements": "全年下基层驻村185天。" + GOOD_SECTIONS["achievements"],
    }
    html = client.post(
        f"/reports/{report.pk}/checks/", sections, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-rule="record_figures"' in html
    assert "1 处与纪实不一致" in html
    assert "全年下基层驻村185天。" in html and "纪实登记只有 21天" in html
