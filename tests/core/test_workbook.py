"""The workbook layer itself: schemas, reading by header, safe writing, print setup, guard."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from shuzhi.core.workbook import (
    ArchiveLimits,
    ArchiveRefused,
    CellType,
    Column,
    PrintSetup,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    check_archive,
    formula_like_error,
    new_workbook,
    open_workbook,
    read_sheet,
    workbook_bytes,
    write_sheet,
)
from tests.bombs import xlsx_bomb
from tests.sheets import workbook_file

PEOPLE = SheetSchema(
    "人员",
    (
        Column("编码"),
        Column("姓名"),
        Column("得分", CellType.NUMBER, places=2),
        Column("票数", CellType.INTEGER, required=False),
        Column("日期", CellType.DATE, required=False),
        Column("性别", required=False, choices={"男": "m", "女": "f"}),
    ),
)


def _file(header: list[str], *rows: list[Any], title: str = "人员") -> BytesIO:
    return workbook_file({title: [header, *rows]})


def _read(stream: BytesIO) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    workbook = open_workbook(stream)
    rows = [
        {c.header: row.value(c.header) for c in PEOPLE.columns}
        for row in read_sheet(workbook, PEOPLE, errors)
    ]
    return rows, errors


def test_columns_are_found_by_header_whatever_their_order() -> None:
    usual = _file(PEOPLE.headers, ["P1", "张三", 88.5, 3, date(2024, 1, 5), "男"])
    shuffled = _file(
        ["性别", "备注", "日期", "得分", "姓名", "票数", "编码"],
        ["男", "多出的列", "2024-01-05", "88.5", "张三", 3, "P1"],
    )
    (first,), errors = _read(usual)
    assert not errors
    assert first == {
        "编码": "P1",
        "姓名": "张三",
        "得分": Decimal("88.5"),
        "票数": 3,
        "日期": date(2024, 1, 5),
        "性别": "m",
    }
    assert _read(shuffled) == ([first], [])


def test_a_missing_required_column_is_named_on_row_one() -> None:
    _, errors = _read(_file(["编码", "得分"], ["P1", 80]))
    assert [str(e) for e in errors] == ["「人员」表第 1 行「姓名」：缺少此列"]


def test_bad_cells_are_reported_by_sheet_row_and_column_once_each() -> None:
    _, errors = _read(
        _file(
            PEOPLE.headers,
            ["P1", "张三", 80, 1, None, "男"],
            [None, None, None, None, None, None, "非空"],  # not empty: the 7th cell has text
            ["P3", "", "很好", -2, "明天", "未知"],
            ["P4", "李四", 80.123, 1.5, "2024/2/30", "女"],
        )
    )
    assert [str(e) for e in errors] == [
        "「人员」表第 3 行「编码」：不能为空",
        "「人员」表第 3 行「姓名」：不能为空",
        "「人员」表第 3 行「得分」：不能为空",
        "「人员」表第 4 行「姓名」：不能为空",
        "「人员」表第 4 行「得分」：「很好」不是数字",
        "「人员」表第 4 行「票数」：数值必须是非负整数（收到 -2）",
        "「人员」表第 4 行「日期」：「明天」不是有效日期（例如 2024-01-05）",
        "「人员」表第 4 行「性别」：「未知」不是可选值（可选：男、女）",
        "「人员」表第 5 行「得分」：最多保留 2 位小数（收到 80.123）",
        "「人员」表第 5 行「票数」：数值必须是非负整数（收到 1.5）",
        "「人员」表第 5 行「日期」：「2024/2/30」不是有效日期（例如 2024-01-05）",
    ]


def test_a_file_that_is_not_a_workbook_is_one_clear_error() -> None:
    with pytest.raises(WorkbookInvalid) as caught:
        open_workbook(BytesIO(b"not a workbook"))
    assert [str(e) for e in caught.value.errors] == [
        "无法读取该文件，请上传 .xlsx 格式的 Excel 工作簿。"
    ]


def _written(rows: list[list[Any]], **options: Any) -> Any:
    workbook = new_workbook(write_only=options.pop("write_only", False))
    write_sheet(workbook, PEOPLE, rows, **options)
    return load_workbook(BytesIO(workbook_bytes(workbook)))["人员"]


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","点我")', "+1", "-1+2", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_written_as_text(text: str, write_only: bool) -> None:
    sheet = _written([["P1", text, 1]], write_only=write_only)
    cell = sheet["B2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("write_only", [False, True])
def test_numbers_are_numbers_with_their_format_and_control_characters_are_dropped(
    write_only: bool,
) -> None:
    sheet = _written(
        [["P1", "张\x01三", Decimal("88.50"), "3", date(2024, 1, 5)]], write_only=write_only
    )
    assert sheet["B2"].value == "张三"
    assert sheet["C2"].value == 88.5 and sheet["C2"].data_type == "n"
    assert sheet["C2"].number_format == "0.####"
    assert sheet["D2"].value == 3 and sheet["D2"].number_format == "0"
    assert sheet["E2"].number_format == "yyyy-mm-dd" and sheet["E2"].value.date() == date(
        2024, 1, 5
    )


@pytest.mark.parametrize("write_only", [False, True])
def test_print_setup_repeats_titles_fits_the_width_and_signs_the_footer(write_only: bool) -> None:
    setup = PrintSetup(unit="中共甲县委组织部 & 乙", made_on=date(2026, 3, 1))
    sheet = _written([["P1", "张三", 1]], heading="名单", print_setup=setup, write_only=write_only)
    assert sheet["A1"].value == "名单" and sheet["A2"].value == "编码"
    assert sheet["A1"].font.b and "A1" in {str(r).split(":")[0] for r in sheet.merged_cells.ranges}
    assert sheet["A2"].font.b and sheet.column_dimensions["A"].width > 0
    assert sheet.page_setup.paperSize in ("9", 9)
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    # One page wide (1 is also the file format's default, which XlsxWriter leaves out), any tall.
    assert (sheet.page_setup.fitToWidth or 1) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.left.text == "制表单位：中共甲县委组织部 && 乙"
    assert sheet.oddFooter.right.text == "制表日期：2026年03月01日"


@given(st.text(max_size=40), st.booleans())
def test_any_text_reads_back_as_written_and_never_as_a_formula(text: str, streamed: bool) -> None:
    workbook = new_workbook(write_only=streamed)
    write_sheet(workbook, SheetSchema("表", (Column("文本"),)), [[text]])
    cell = load_workbook(BytesIO(workbook_bytes(workbook)))["表"]["A2"]
    assert cell.data_type != "f"
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(ch for ch in lines if ch in "\t\n" or ord(ch) >= 32)
    assert (cell.value or "") == expected


def test_formula_like_names_are_refused_with_a_reason() -> None:
    assert formula_like_error("=1+1", "组织名称") == (
        "组织名称不能以 = + - @ 开头（Excel 会把它当作公式执行）。"
    )
    assert formula_like_error(" @cmd") is not None
    assert formula_like_error("中共甲县委") is None and formula_like_error("甲-乙") is None


def _archive(members: dict[str, bytes]) -> BytesIO:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_a_zip_bomb_is_refused_before_any_parser_opens_it() -> None:
    bomb = BytesIO(xlsx_bomb())
    assert len(bomb.getvalue()) < 1024 * 1024  # tiny on disk, 300 MiB inside
    with pytest.raises(ArchiveRefused, match="文件已拒收"):
        check_archive(bomb)
    with pytest.raises(WorkbookInvalid, match="文件已拒收"):
        open_workbook(BytesIO(xlsx_bomb()))


@pytest.mark.parametrize(
    ("limits", "members", "reason"),
    [
        (ArchiveLimits(), {"a.xml": bytes(20 * 1024 * 1024)}, "压缩比超过 100 倍"),
        (ArchiveLimits(total_bytes=1000), {"a": b"x1" * 300, "b": b"y2" * 300}, "解压后共"),
        (ArchiveLimits(member_bytes=100), {"a": bytes(101)}, "超过单个部件上限"),
        (ArchiveLimits(members=2), {"a": b"", "b": b"", "c": b""}, "3 个部件，超过 2 个"),
    ],
)
def test_each_archive_limit_refuses(
    limits: ArchiveLimits, members: dict[str, bytes], reason: str
) -> None:
    with pytest.raises(ArchiveRefused, match=reason):
        check_archive(_archive(members), limits)


def test_an_ordinary_workbook_passes_and_the_stream_is_rewound() -> None:
    stream = _file(PEOPLE.headers, ["P1", "张三", 1])
    stream.seek(10)
    check_archive(stream)
    assert stream.tell() == 0
    check_archive(BytesIO(b"plain text is left to the parser"))


ROUND_TRIP = SheetSchema(
    "往返",
    (
        Column("文本"),
        Column("数值", CellType.NUMBER, places=2),
        Column("整数", CellType.INTEGER),
        Column("日期", CellType.DATE),
    ),
)
_text = st.text(
    st.characters(blacklist_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]), min_size=1, max_size=20
)


@given(
    st.lists(
        st.tuples(
            _text,
            st.decimals(min_value=-(10**6), max_value=10**6, places=2),
            st.integers(min_value=0, max_value=10**9),
            st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
        ),
        max_size=5,
    )
)
def test_what_the_writer_writes_the_reader_reads_back(rows: list[tuple[Any, ...]]) -> None:
    workbook = new_workbook()
    write_sheet(workbook, ROUND_TRIP, rows)
    errors: list[RowError] = []
    read = [
        tuple(row.value(header) for header in ROUND_TRIP.headers)
        for row in read_sheet(open_workbook(BytesIO(workbook_bytes(workbook))), ROUND_TRIP, errors)
    ]
    assert errors == [] and read == [tuple(row) for row in rows]


def test_a_streamed_workbook_numbers_repeated_sheet_titles_as_openpyxl_does() -> None:
    workbook = new_workbook(write_only=True)
    for _ in range(3):
        write_sheet(workbook, PEOPLE, [], title="组" * 31)
    titles = load_workbook(BytesIO(workbook_bytes(workbook))).sheetnames
    assert titles == ["组" * 31, "组" * 30 + "1", "组" * 30 + "2"]
