"""The example round workbook written by ``shuzhi score --template`` (fictional data).

It fills every sheet with a small, scorable round so people can see the layout and overwrite
it; the tests score it.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from shuzhi.core.workbook import new_workbook, write_sheet

from .engine import (
    Grade,
    Indicator,
    IndicatorKind,
    LevelWeight,
    RoundRules,
    SourceWeights,
    VetoEffect,
)
from .settings_sheet import write_settings_sheet
from .workbook import (
    GRADE_LABELS,
    LEVELS,
    ONSITE,
    RECORDS,
    REPORTERS,
    SCORES,
    SUPERIOR,
    write_indicator_sheet,
)

D = Decimal
TEMPLATE_RULES = RoundRules(
    weights=SourceWeights(
        indicators=D(40),
        onsite=D(30),
        superior=D(10),
        records=D(10),
        levels=(LevelWeight("市级考核", D(10)),),
    ),
    honours_top_n=1,
    interview_bottom_n=1,
)
TEMPLATE_INDICATORS = [
    Indicator("A", "组织建设", max_points=D(40)),
    Indicator("A1", "班子队伍建设", parent="A", max_points=D(20)),
    Indicator("A2", "党员教育管理", parent="A", max_points=D(20)),
    Indicator("B", "基层治理", max_points=D(30)),
    Indicator("C", "作风建设", max_points=D(30)),
    Indicator("P", "创新加分", kind=IndicatorKind.BONUS, max_points=D(5), cap=D(5)),
    Indicator("X", "工作失误扣分", kind=IndicatorKind.DEDUCTION, max_points=D(10)),
    Indicator("V1", "重大安全事故", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.DISQUALIFY),
    Indicator(
        "V2",
        "群众信访问题突出",
        kind=IndicatorKind.CONSTRAINT,
        veto=VetoEffect.CAP_GRADE,
        veto_grade=Grade.ADEQUATE,
    ),
    Indicator("V3", "负面清单事项", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.VETO_EXCELLENCE),
    Indicator("V4", "党建工作获评示范", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.AFFIRM),
]
# id, name, group, hits, (A1, A2, B, C) of two assessors, bonus, deduction, onsite good/fair/…
EXAMPLE = [
    ("R001", "李青山", "乡镇组", "", (18, 17, 26, 27), (19, 18, 27, 28), 3, 0, (8, 2, 0, 0)),
    ("R002", "王晓梅", "乡镇组", "", (17, 16, 25, 26), (16, 17, 24, 25), 0, 2, (5, 4, 1, 0)),
    ("R003", "赵立新", "乡镇组", "V2", (15, 15, 22, 24), (16, 14, 23, 24), 1, 0, (3, 5, 2, 0)),
    ("R004", "陈春华", "村社区组", "", (19, 19, 28, 28), (18, 19, 27, 29), 5, 0, (9, 1, 0, 0)),
    ("R005", "刘建国", "村社区组", "", (14, 13, 20, 21), (15, 13, 21, 20), 0, 4, (2, 4, 3, 1)),
    ("R006", "孙海燕", "村社区组", "V4", (16, 16, 24, 25), (17, 16, 25, 25), 2, 0, (6, 3, 1, 0)),
]


def template_workbook() -> Workbook:
    """A filled-in example round workbook: every sheet, two peer groups, scorable as is."""
    workbook = new_workbook()
    write_settings_sheet(workbook, TEMPLATE_RULES)
    write_sheet(
        workbook, REPORTERS, [(rid, name, group, hits) for rid, name, group, hits, *_ in EXAMPLE]
    )
    write_indicator_sheet(workbook, TEMPLATE_INDICATORS)
    scores: list[tuple[object, ...]] = []
    for rid, _, _, _, first, second, bonus, deduction, _ in EXAMPLE:
        for assessor, values in (("考核人1", first), ("考核人2", second)):
            scores += [
                (rid, code, assessor, v)
                for code, v in zip(("A1", "A2", "B", "C"), values, strict=True)
            ]
        if bonus:
            scores.append((rid, "P", "考核人1", bonus))
        if deduction:
            scores.append((rid, "X", "考核人1", deduction))
    write_sheet(workbook, SCORES, scores)
    onsite: list[tuple[object, ...]] = []
    for index, (rid, *_, votes) in enumerate(EXAMPLE):
        onsite.append((rid, "领导班子成员", *votes))
        onsite.append((rid, "群众代表", *(v + (index % 2) for v in votes)))
    write_sheet(workbook, ONSITE, onsite)
    write_sheet(workbook, SUPERIOR, [(r[0], 95 - 3 * i) for i, r in enumerate(EXAMPLE)])
    write_sheet(workbook, RECORDS, [(r[0], 90 - 2 * i) for i, r in enumerate(EXAMPLE)])
    write_sheet(workbook, LEVELS, [(r[0], "市级考核", 88 + i) for i, r in enumerate(EXAMPLE)])
    assert set(GRADE_LABELS.values()) <= set(ONSITE.headers)
    return workbook
