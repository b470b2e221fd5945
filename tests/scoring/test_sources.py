from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import OnsiteEvaluationClosed, OnsiteTally, onsite_evaluation_closed
from shuzhi.scoring.models import OnsiteEvaluation, ReporterAssessment
from shuzhi.scoring.sources_workbook import import_sources
from shuzhi.scoring.workbook import RoundWorkbookError
from tests.rounds.helpers import county_round
from tests.sheets import workbook_file

pytestmark = pytest.mark.django_db


def test_meeting_tallies_become_the_onsite_source(small_city, city_admin):
    round_, reporters = county_round(small_city, city_admin)
    tallies = (
        OnsiteTally(reporters[0].pk, "representative", {"good": 12, "fair": 3, "poor": 1}),
        OnsiteTally(999999, "leader", {"good": 1}),
    )
    onsite_evaluation_closed.publish(
        OnsiteEvaluationClosed(round_id=round_.pk, meeting_id=7, tallies=tallies, digest="abc123")
    )
    tally = OnsiteEvaluation.objects.get()
    assert (tally.good, tally.fair, tally.average, tally.poor) == (12, 3, 0, 1)
    assert (tally.origin, tally.meeting_id, tally.digest) == ("meeting", 7, "abc123")
    # A recount replaces the tally rather than adding to it, and is audited with before/after.
    recount = (OnsiteTally(reporters[0].pk, "representative", {"good": 11, "fair": 4, "poor": 1}),)
    onsite_evaluation_closed.publish(
        OnsiteEvaluationClosed(round_id=round_.pk, meeting_id=7, tallies=recount, digest="def456")
    )
    tally.refresh_from_db()
    assert (tally.good, tally.fair, tally.digest) == (11, 4, "def456")
    entry = AuditEntry.objects.filter(action="scoring.onsite.receive").order_by("-id").first()
    assert entry.before["good"] == 12 and entry.after["good"] == 11


def _workbook(onsite_rows, other_rows):
    return workbook_file(
        {
            "现场测评": [["组织编码", "测评人类别", "好", "较好", "一般", "差"], *onsite_rows],
            "其他得分": [["组织编码", "来源", "得分", "说明"], *other_rows],
        }
    )


def test_sources_import_all_or_nothing_with_row_numbers(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    bad = _workbook(
        [["C-A1", "两代表一委员", 10, 2, 0, 0], ["C-B1", "群众", -1, 0, 0, 0]],
        [["C-A2", "上级评价", 120, ""]],
    )
    with pytest.raises(RoundWorkbookError) as caught:
        import_sources(actor=city_admin, round=round_, stream=bad)
    assert [str(e) for e in caught.value.errors] == [
        "「现场测评」表第 3 行「测评人类别」：「群众」不是可选值"
        "（可选：领导班子成员、两代表一委员、党员代表、群众代表）",
        "「现场测评」表第 3 行「好」：票数必须是非负整数（收到 -1）",
        "「现场测评」表第 3 行「组织编码」：不是本轮述职人的组织。",
        "「其他得分」表第 2 行「得分」：须为 0 到 100 之间的数字。",
    ]
    assert not OnsiteEvaluation.objects.exists() and not ReporterAssessment.objects.exists()
    good = _workbook([["C-A1", "两代表一委员", 10, 2, 0, 0]], [["C-A2", "年度记录", 88.5, "纪实"]])
    assert import_sources(actor=city_admin, round=round_, stream=good) == 2
    assert ReporterAssessment.objects.get().score == Decimal("88.5")


def _reordered(header, rows, sheet_name):
    return workbook_file({sheet_name: [header, *rows]})


def test_sources_columns_are_read_by_header_not_position(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    onsite = _reordered(
        ["差", "备注", "好", "组织编码", "一般", "测评人类别", "较好"],
        [[1, "多出的列", 10, "C-A1", 0, "两代表一委员", 2]],
        "现场测评",
    )
    assert import_sources(actor=city_admin, round=round_, stream=onsite) == 1
    tally = OnsiteEvaluation.objects.get()
    assert (tally.good, tally.fair, tally.average, tally.poor) == (10, 2, 0, 1)
    other = _reordered(
        ["得分", "说明", "组织编码", "来源"], [[77, "纪实", "C-A2", "年度记录"]], "其他得分"
    )
    assert import_sources(actor=city_admin, round=round_, stream=other) == 1
    assert ReporterAssessment.objects.get().score == Decimal(77)


def test_sources_missing_required_column_is_named(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    stream = _reordered(["组织编码", "得分"], [["C-A2", 80]], "其他得分")
    with pytest.raises(RoundWorkbookError) as caught:
        import_sources(actor=city_admin, round=round_, stream=stream)
    assert "「其他得分」表第 1 行「来源」：缺少此列" in [str(e) for e in caught.value.errors]
    assert not ReporterAssessment.objects.exists()


def test_sources_page_enters_a_tally_and_keeps_input_on_error(small_city, city_admin):
    round_, reporters = county_round(small_city, city_admin)
    client = Client()
    client.force_login(city_admin)
    url = f"/scoring/{round_.pk}/sources/onsite/"
    form = {"reporter": reporters[0].pk, "voter_category": "masses", "good": 5, "fair": 1}
    form |= {"average": 0, "poor": -2}
    response = client.post(url, form)
    assert response.status_code == 400 and 'value="-2"' in response.content.decode()
    form["poor"] = 2
    assert client.post(url, form).status_code == 302
    assert OnsiteEvaluation.objects.get().poor == 2
    hit = {"reporter": reporters[0].pk, "indicator": "NOPE", "facts": "x"}
    response = client.post(f"/scoring/{round_.pk}/sources/hit/", hit)
    assert response.status_code == 400 and "约束项「NOPE」不存在" in response.content.decode()
