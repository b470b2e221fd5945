from __future__ import annotations

from io import BytesIO
from typing import Any

from shuzhi.orgs.workbook import SHEETS
from tests.sheets import workbook_file


def xlsx(**sheets: list[list[Any]]) -> BytesIO:
    """A workbook in the import layout; keyword names are the sheet names (组织, 人员, …)."""
    return workbook_file({name: [SHEETS[name].headers, *rows] for name, rows in sheets.items()})


GOOD_ORGS = [
    ["C-A3", "甲3镇党委", "C-A", "乡镇（街道）", "党委", "地方党委"],
    ["C-A3-1", "甲31村党支部", "C-A3", "村（社区）", "党支部", "农村"],
    ["C-A3-2", "甲32社区党支部", "C-A3", "村（社区）", "党支部", "城市社区"],
]
GOOD_PEOPLE = [
    ["P-100", "赵立新", "男", 1975, "13800000000", "C-A3"],
    ["P-101", "钱秀英", "女", "1980", "", "C-A3-1"],
]
GOOD_POSTS = [
    ["C-A3", "P-100", "书记（第一责任人）", "2023-03-01", None],
    ["C-A3-1", "P-101", "书记", "2024-01-05", None],
]
GOOD_REPRESENTATIVES = [["C-A3", "P-101", "人大代表"]]


def good_workbook() -> BytesIO:
    return xlsx(组织=GOOD_ORGS, 人员=GOOD_PEOPLE, 职务=GOOD_POSTS, 代表=GOOD_REPRESENTATIVES)
