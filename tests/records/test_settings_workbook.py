"""The records settings as Excel: the points table (红黑档案积分标准) and a round's work-record
targets, exported in the layout the import reads; imports all or nothing, row-numbered errors,
permission-checked and audited."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.records import rules, services
from shuzhi.records.models import MeritRule, WorkTarget
from shuzhi.records.settings_workbook import (
    import_rules,
    import_targets,
    rules_workbook,
    targets_workbook,
)
from tests.sheets import workbook_file

pytestmark = pytest.mark.django_db


def _sheet(title: str, header: list[str], rows: list[list[object]]) -> BytesIO:
    return workbook_file({title: [header, *rows]})


def _rows(content: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


RULE_HEADER = ["编号", "类别", "事项", "分值", "有效"]
TARGET_HEADER = ["工作类别", "计量", "年度目标", "每个联系点天数"]


def test_the_points_table_exports_in_the_layout_it_imports(small_city, cast):
    rows = _rows(rules_workbook(small_city.county_a))
    assert rows[0] == tuple(RULE_HEADER)
    assert rows[1:] == [
        ("R1", "红榜", "获评上级表彰", 3, "是"),
        ("B1", "黑榜", "组织生活不规范", -2, "是"),
    ]
    rows = [list(r) for r in rows[1:]]
    rows[0][3], rows[1][4] = 5, "否"  # R1 now +5, B1 retired
    rows.append(["R2", "红榜", "经验在全市推广", 2, None])
    imported = import_rules(
        actor=cast.county_admin,
        organization=small_city.county_a,
        stream=_sheet("积分标准", RULE_HEADER, rows),
    )
    assert imported == 3
    table = {r.code: (r.color, r.points, r.is_active) for r in MeritRule.objects.all()}
    assert table == {
        "R1": ("red", Decimal(5), True),
        "B1": ("black", Decimal(-2), False),
        "R2": ("red", Decimal(2), True),
    }
    audited = AuditEntry.objects.filter(action="records.rule.set", actor=cast.county_admin)
    assert audited.count() == 2 + 3  # the fixture's two rules, then one per imported row


def test_a_bad_points_row_writes_nothing_and_is_named_by_row_and_column(small_city, cast):
    stream = _sheet(
        "积分标准",
        RULE_HEADER,
        [
            ["R3", "红榜", "新增事项", 1, "是"],
            ["R4", "金榜", "类别错误", 1, "是"],
            ["R3", "红榜", "编号重复", 1, "是"],
            ["R5", "黑榜", "=HYPERLINK(1)", "很多", "是"],
            ["R6", "黑榜", "零分", 0, "是"],
        ],
    )
    before = AuditEntry.objects.count()
    with pytest.raises(WorkbookInvalid) as refused:
        import_rules(actor=cast.county_admin, organization=small_city.county_a, stream=stream)
    messages = [str(e) for e in refused.value.errors]
    assert "「积分标准」表第 3 行「类别」：「金榜」不是可选值（可选：红榜、黑榜）" in messages
    assert "「积分标准」表第 4 行「编号」：「R3」与第 2 行重复" in messages
    assert "「积分标准」表第 5 行「分值」：「很多」不是数字" in messages
    assert "「积分标准」表第 6 行：分值不能为 0。" in messages
    assert set(MeritRule.objects.values_list("code", flat=True)) == {"R1", "B1"}
    assert AuditEntry.objects.count() == before


def test_only_the_manager_of_the_table_imports_it(small_city, cast):
    stream = _sheet("积分标准", RULE_HEADER, [["R3", "红榜", "新增", 1, "是"]])
    with pytest.raises(PermissionDenied):
        import_rules(actor=cast.county_rev, organization=small_city.county_a, stream=stream)
    assert not MeritRule.objects.filter(code="R3").exists()


def test_targets_export_the_seeds_examples_and_import_replaces_them(small_city, cast):
    rows = _rows(targets_workbook(cast.round))
    assert rows == [
        tuple(TARGET_HEADER),
        ("下基层驻村", "天数", 180, None),
        ("联系点工作", "联系点个数", 3, 30),
    ]
    stream = _sheet(
        "纪实目标",
        TARGET_HEADER,
        [
            ["下基层驻村", "天数", 200, None],
            ["讲党课", None, 4, None],
            ["contact_point", "", 3, 20],
        ],
    )
    assert import_targets(actor=cast.county_admin, round=cast.round, stream=stream) == 3
    assert services.stored_targets(cast.round) == [
        rules.Target("contact_point", "places", Decimal(3), Decimal(20)),
        rules.Target("party_lesson", "count", Decimal(4)),
        rules.Target("village_days", "days", Decimal(200)),
    ]
    entry = AuditEntry.objects.get(action="records.targets.set")
    assert entry.actor == cast.county_admin and "讲党课 ≥ 4 次" in str(entry.after)


def test_a_bad_target_row_writes_nothing(small_city, cast):
    services.set_targets(
        actor=cast.county_admin,
        round=cast.round,
        targets=[rules.Target("village_days", "days", Decimal(150))],
    )
    stream = _sheet(
        "纪实目标",
        TARGET_HEADER,
        [
            ["讲党课", "次数", 4, None],
            ["下基层驻村", "次数", 180, None],
            ["讲党课", "次数", 6, None],
            ["联系点工作", "联系点个数", 3, None],
            ["党建项目", "次数", -1, None],
        ],
    )
    with pytest.raises(WorkbookInvalid) as refused:
        import_targets(actor=cast.county_admin, round=cast.round, stream=stream)
    messages = [str(e) for e in refused.value.errors]
    assert messages == [
        "「纪实目标」表第 3 行「计量」：「下基层驻村」按天数计",
        "「纪实目标」表第 4 行「工作类别」：「讲党课」与第 2 行重复",
        "「纪实目标」表第 5 行「每个联系点天数」：联系点目标须填写每个联系点的天数（例如 30）",
        "「纪实目标」表第 6 行「年度目标」：不能为负数",
    ]
    assert list(WorkTarget.objects.values_list("kind", "minimum")) == [("village_days", 150)]


def test_a_workbook_without_the_sheet_is_refused(small_city, cast):
    stream = _sheet("别的表", TARGET_HEADER, [["讲党课", "次数", 4, None]])
    with pytest.raises(WorkbookInvalid, match="缺少工作表「纪实目标」"):
        import_targets(actor=cast.county_admin, round=cast.round, stream=stream)


def test_the_settings_pages_offer_export_and_import(small_city, cast):
    client = Client()
    client.force_login(cast.county_admin)
    code = small_city.county_a.code
    page = client.get(f"/records/org/{code}/rules/").content.decode()
    assert (
        f"/records/org/{code}/rules.xlsx" in page and f"/records/org/{code}/rules/import/" in page
    )
    targets = client.get(f"/records/rounds/{cast.round.pk}/targets/").content.decode()
    assert f"/records/rounds/{cast.round.pk}/targets/import/" in targets
    download = client.get(f"/records/org/{code}/rules.xlsx")
    assert download.status_code == 200 and _rows(download.content)[1][0] == "R1"
    bad = _sheet("积分标准", RULE_HEADER, [["R7", "红榜", "新增", "x", "是"]])
    response = client.post(f"/records/org/{code}/rules/import/", {"file": _named(bad)})
    assert response.status_code == 400
    assert "「积分标准」表第 2 行「分值」：「x」不是数字" in response.content.decode()
    good = _sheet("积分标准", RULE_HEADER, [["R7", "红榜", "新增", 1, "是"]])
    response = client.post(f"/records/org/{code}/rules/import/", {"file": _named(good)})
    assert response.status_code == 302 and response.url == f"/records/org/{code}/rules/"
    assert MeritRule.objects.filter(code="R7", organization=small_city.county_a).exists()


def _named(stream: BytesIO) -> BytesIO:
    stream.name = "积分标准.xlsx"
    return stream
