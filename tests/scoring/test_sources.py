from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import Workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import OnsiteEvaluationClosed, OnsiteTally, onsite_evaluation_closed
from shuzhi.scoring.models import OnsiteEvaluation, ReporterAssessment
from shuzhi.scoring.sources_workbook import import_sources
from shuzhi.scoring.workbook import RoundWorkbookError
from tests.rounds.helpers import county_round

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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "现场测评"
    sheet.append(["组织编码", "测评人类别", "好", "较好", "一般", "差"])
    for row in onsite_rows:
        sheet.append(row)
    other = workbook.create_sheet("其他得分")
    other.append(["组织编码", "来源", "得分", "说明"])
    for row in other_rows:
        other.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_sources_import_all_or_nothing_with_row_numbers(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    bad = _workbook(
        [["C-A1", "两代表一委员", 10, 2, 0, 0], ["C-B1", "群众", -1, 0, 0, 0]],
        [["C-A2", "上级评价", 120, ""]],
    )
    with pytest.raises(RoundWorkbookError) as caught:
        import_sources(actor=city_admin, round=round_, stream=bad)
    assert [str(e) for e in caught.value.errors] == [
        "「现场测评」表第 3 行「好」：票数必须是非负整数。",
        "「现场测评」表第 3 行「组织编码」：不是本轮述职人的组织。",
        "「现场测评」表第 3 行「测评人类别」：类别无效。",
        "「其他得分」表第 2 行「得分」：须为 0 到 100 之间的数字。",
    ]
    assert not OnsiteEvaluation.objects.exists() and not ReporterAssessment.objects.exists()
    good = _workbook([["C-A1", "两代表一委员", 10, 2, 0, 0]], [["C-A2", "年度记录", 88.5, "纪实"]])
    assert import_sources(actor=city_admin, round=round_, stream=good) == 2
    assert ReporterAssessment.objects.get().score == Decimal("88.5")


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
