from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest

from shuzhi.audit.models import AuditEntry
from shuzhi.orgs import tree
from shuzhi.orgs.exporting import export_subtree
from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import Organization, Person, Post, Representative
from tests.orgs.workbooks import (
    GOOD_ORGS,
    GOOD_PEOPLE,
    GOOD_POSTS,
    GOOD_REPRESENTATIVES,
    good_workbook,
    xlsx,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int, int]:
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Post.objects.count(),
        Representative.objects.count(),
        AuditEntry.objects.count(),
    )


def test_good_file_creates_everything_under_the_right_parents(small_city, county_admin):
    result = import_workbook(actor=county_admin, stream=good_workbook())
    assert result.ok, result.errors
    assert (result.created["organization"], result.created["person"]) == (3, 2)
    assert (result.created["post"], result.created["representative"]) == (2, 1)
    town = Organization.objects.get(code="C-A3")
    village = Organization.objects.get(code="C-A3-1")
    assert town.parent == small_city.county_a and village.parent == town
    assert tree.is_within(village.path, small_city.county_a.path)
    assert (village.depth, village.field) == (3, "rural")
    assert Organization.objects.get(code="C-A3-2").field == "community"
    assert Post.objects.current().get(organization=town, role="secretary").person.name == "赵立新"
    assert Person.objects.get(code="P-101").birth_year == 1980
    assert AuditEntry.objects.filter(action="orgs.organization.create").count() == 3


def test_reimporting_the_same_file_changes_nothing(small_city, county_admin):
    import_workbook(actor=county_admin, stream=good_workbook())
    before = counts()
    paths = list(Organization.objects.values_list("code", "path"))
    result = import_workbook(actor=county_admin, stream=good_workbook())
    assert result.ok
    assert sum(result.created.values()) == 0 and sum(result.updated.values()) == 0
    assert result.unchanged["organization"] == 3 and result.unchanged["post"] == 2
    assert counts() == before
    assert list(Organization.objects.values_list("code", "path")) == paths


BAD_ROWS = [
    ("组织", ["", "无编码党委", "C-A", "乡镇（街道）", "党委", "地方党委"], "组织编码", "不能为空"),
    (
        "组织",
        ["C A/9", "坏编码", "C-A", "乡镇（街道）", "党委", "地方党委"],
        "组织编码",
        "格式不正确",
    ),
    (
        "组织",
        ["C-A9", "甲9镇党委", "NOPE", "乡镇（街道）", "党委", "地方党委"],
        "上级组织编码",
        "找不到编码为「NOPE」",
    ),
    (
        "组织",
        ["C-A9", "甲9镇党委", "C-A", "镇级", "党委", "地方党委"],
        "层级",
        "「镇级」不是有效值",
    ),
    ("组织", ["C-A9", "甲9镇党委", "C-A", "乡镇（街道）", "党委", "外星"], "领域", "不是有效值"),
    (
        "组织",
        ["C-A9", "甲9镇党委", "C-B", "乡镇（街道）", "党委", "地方党委"],
        "上级组织编码",
        "无权在组织「C-B」下新增组织",
    ),
    (
        "组织",
        ["C-B1", "乙1镇改名", "C-B", "乡镇（街道）", "党委", "地方党委"],
        "组织编码",
        "不在您的管理范围内",
    ),
    (
        "组织",
        ["NEWROOT", "新顶级", "", "市级", "党委", "地方党委"],
        "上级组织编码",
        "只有系统管理员",
    ),
    ("人员", ["P-9", "", "男", 1970, "", "C-A1"], "姓名", "不能为空"),
    ("人员", ["P-9", "孙九", "男", "七零年", "", "C-A1"], "出生年份", "不是有效的年份"),
    ("人员", ["P-9", "孙九", "男", 1970, "", "C-ZZ"], "所在组织编码", "找不到编码为「C-ZZ」"),
    (
        "人员",
        ["P-9", "孙九", "男", 1970, "", "C-B1"],
        "所在组织编码",
        "无权在组织「C-B1」下维护人员",
    ),
    ("职务", ["C-A1", "P-SEC", "书记", "2023年13月1日", None], "任职日期", "请填写有效日期"),
    (
        "职务",
        ["C-A1", "P-SEC", "组织委员", "2024-05-01", "2024-01-01"],
        "离任日期",
        "不能早于任职日期",
    ),
    (
        "职务",
        ["C-A1", "P-NOBODY", "书记", "2024-05-01", None],
        "人员编码",
        "找不到编码为「P-NOBODY」的人员",
    ),
    ("职务", ["C-A1", "P-SEC", "主任", "2024-05-01", None], "职务", "「主任」不是有效值"),
    ("代表", ["C-A1", "P-SEC", "特邀代表"], "代表类别", "不是有效值"),
    ("代表", ["C-B1", "P-SEC", "群众代表"], "组织编码", "不在您的管理范围内"),
]


@pytest.mark.parametrize(("sheet", "bad_row", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(
    small_city, county_admin, sheet, bad_row, column, message
):
    sheets = {
        "组织": list(GOOD_ORGS),
        "人员": list(GOOD_PEOPLE),
        "职务": list(GOOD_POSTS),
        "代表": list(GOOD_REPRESENTATIVES),
    }
    sheets[sheet] = [*sheets[sheet], bad_row]
    bad_row_number = len(sheets[sheet]) + 1  # header is row 1
    before = counts()
    result = import_workbook(actor=county_admin, stream=xlsx(**sheets))
    assert not result.ok
    matching = [e for e in result.errors if e.sheet == sheet and e.row == bad_row_number]
    assert matching, [str(e) for e in result.errors]
    assert matching[0].column == column
    assert message in matching[0].message
    assert str(matching[0]).startswith(f"「{sheet}」表第 {bad_row_number} 行")
    assert counts() == before


def test_duplicate_codes_name_the_first_row(small_city, county_admin):
    rows = [*GOOD_ORGS, ["C-A3", "重复", "C-A", "乡镇（街道）", "党委", "地方党委"]]
    result = import_workbook(actor=county_admin, stream=xlsx(组织=rows))
    [error] = result.errors
    assert (error.row, error.column) == (5, "组织编码")
    assert "与第 2 行重复" in error.message


def test_a_parent_cycle_is_refused(small_city, superuser):
    rows = [
        ["X1", "循环一", "X2", "乡镇（街道）", "党委", "地方党委"],
        ["X2", "循环二", "X1", "乡镇（街道）", "党委", "地方党委"],
    ]
    result = import_workbook(actor=superuser, stream=xlsx(组织=rows))
    assert any("循环" in e.message for e in result.errors)
    assert not Organization.objects.filter(code__in=["X1", "X2"]).exists()


def test_two_current_holders_of_one_post_in_a_file_are_refused(small_city, county_admin):
    posts = [*GOOD_POSTS, ["C-A3", "P-101", "书记", "2024-01-01", None]]
    result = import_workbook(
        actor=county_admin, stream=xlsx(组织=GOOD_ORGS, 人员=GOOD_PEOPLE, 职务=posts)
    )
    assert [(e.sheet, e.row) for e in result.errors] == [("职务", 4)]
    assert "只能有一名现任" in result.errors[0].message


def test_every_bad_row_is_listed_not_only_the_first(small_city, county_admin):
    rows = [
        ["", "缺编码", "C-A", "乡镇（街道）", "党委", "地方党委"],
        ["C-A7", "甲7镇", "C-A", "不存在", "党委", "地方党委"],
        ["C-A8", "甲8镇", "NOPE", "乡镇（街道）", "党委", "地方党委"],
    ]
    result = import_workbook(actor=county_admin, stream=xlsx(组织=rows))
    assert sorted(e.row for e in result.errors) == [2, 3, 4]


def test_a_file_that_is_not_a_workbook_gets_a_clear_error(small_city, county_admin):
    result = import_workbook(actor=county_admin, stream=BytesIO(b"name,code\n"))
    assert not result.ok and "无法读取该文件" in result.errors[0].message


def test_a_missing_column_is_reported_on_the_header_row(small_city, county_admin):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "组织"
    workbook.active.append(["组织编码", "组织名称", "层级"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = import_workbook(actor=county_admin, stream=buffer)
    assert {(e.row, e.column) for e in result.errors} == {(1, "类别"), (1, "领域")}


def test_changed_name_is_updated_with_before_and_after_in_the_audit(small_city, county_admin):
    rows = [["C-A1", "甲1镇党委（更名）", "C-A", "乡镇（街道）", "党委", "地方党委"]]
    result = import_workbook(actor=county_admin, stream=xlsx(组织=rows))
    assert result.updated["organization"] == 1
    entry = AuditEntry.objects.get(action="orgs.organization.update")
    assert entry.before["name"] == "甲1镇党委" and entry.after["name"] == "甲1镇党委（更名）"
    assert entry.actor_label == "county_admin"


def test_changed_parent_moves_the_whole_subtree(small_city, county_admin):
    rows = [["C-A2", "甲2镇党委", "C-A1", "乡镇（街道）", "党委", "地方党委"]]
    assert import_workbook(actor=county_admin, stream=xlsx(组织=rows)).ok
    town = Organization.objects.get(code="C-A2")
    village = Organization.objects.get(code="C-A2-1")
    assert town.parent.code == "C-A1" and town.depth == 3
    assert village.path.startswith(town.path) and village.depth == 4


def test_a_new_secretary_ends_the_previous_term(small_city, county_admin):
    posts = [["C-A1", "P-100", "书记", "2025-06-01", None]]
    people = [["P-100", "赵立新", "男", 1975, "", "C-A1"]]
    assert import_workbook(actor=county_admin, stream=xlsx(人员=people, 职务=posts)).ok
    history = Post.objects.filter(organization__code="C-A1", role="secretary").order_by(
        "start_date"
    )
    assert [(p.person.code, p.end_date) for p in history] == [
        ("P-SEC", date(2025, 5, 31)),
        ("P-100", None),
    ]


def test_a_new_secretary_must_start_after_the_current_one(small_city, county_admin):
    posts = [["C-A1", "P-100", "书记", "2020-06-01", None]]
    people = [["P-100", "赵立新", "男", 1975, "", "C-A1"]]
    result = import_workbook(actor=county_admin, stream=xlsx(人员=people, 职务=posts))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("职务", 2, "任职日期")]


def test_an_export_imports_back_unchanged(small_city, county_admin):
    import_workbook(actor=county_admin, stream=good_workbook())
    buffer = BytesIO()
    export_subtree(small_city.county_a, buffer)
    buffer.seek(0)
    before = counts()
    result = import_workbook(actor=county_admin, stream=buffer)
    assert result.ok, result.errors
    assert sum(result.created.values()) == 0 and sum(result.updated.values()) == 0
    assert (
        result.unchanged["organization"]
        == Organization.objects.filter(code__startswith="C-A").count()
    )
    assert counts() == before
