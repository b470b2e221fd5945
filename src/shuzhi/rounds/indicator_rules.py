"""Rules an indicator system (指标体系) must satisfy, over plain rows — no Django here.

A normal indicator has maximum points; a parent's maximum is the sum of its children's.
Bonus items (加分项) are uncapped unless a cap is set; deduction items (扣分项) have no floor
unless one is set (001); a floor is the lowest signed total (-10: at most 10 deducted); constraint items carry a veto effect (一票否决 / 一票否优 /
一票肯定, 001–003). Positive lists hold bonus items and affirmations, negative lists hold
deductions and constraints (003).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from shuzhi.core.vocabulary.grades import Grade
from shuzhi.core.vocabulary.indicators import IndicatorKind, Listing, VetoEffect
from shuzhi.core.workbook import formula_like_error

KINDS = tuple(IndicatorKind.values)
VETO_EFFECTS = tuple(VetoEffect.values)
GRADES = tuple(Grade.values)
LISTINGS = tuple(Listing.values)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as typed or imported; ``row`` is the sheet row (0 when typed)."""

    code: str
    name: str
    kind: str = "normal"
    parent_code: str = ""
    max_points: Decimal | None = None
    weight: Decimal = Decimal(1)
    cap: Decimal | None = None
    floor: Decimal | None = None
    veto_effect: str = ""
    veto_cap_grade: str = ""
    listing: str = ""
    row: int = 0


@dataclass(frozen=True)
class IndicatorProblem:
    row: int
    code: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else f"指标 {self.code}"
        return f"{where}：{self.message}"


@dataclass
class _Checker:
    rows: Sequence[IndicatorRow]
    problems: list[IndicatorProblem] = field(default_factory=list)

    def add(self, row: IndicatorRow, message: str) -> None:
        self.problems.append(IndicatorProblem(row.row, row.code, message))


def check_indicator_system(rows: Iterable[IndicatorRow]) -> list[IndicatorProblem]:
    """Every problem with the system, in row order; an empty list means it may be saved."""
    checker = _Checker(list(rows))
    by_code: dict[str, IndicatorRow] = {}
    for row in checker.rows:
        if not row.code.strip():
            checker.add(row, "编号不能为空。")
        elif row.code in by_code:
            checker.add(row, f"编号「{row.code}」重复。")
        else:
            by_code[row.code] = row
        _check_own_fields(checker, row)
    _check_tree(checker, by_code)
    return sorted(checker.problems, key=lambda p: (p.row, p.code))


def _check_own_fields(checker: _Checker, row: IndicatorRow) -> None:
    if not row.name.strip():
        checker.add(row, "指标名称不能为空。")
    elif problem := formula_like_error(row.name, "指标名称"):
        checker.add(row, problem)
    if row.kind not in KINDS:
        checker.add(row, f"类型「{row.kind}」无效。")
        return
    for label, value in (("满分", row.max_points), ("加分上限", row.cap)):
        if value is not None and value < 0:
            checker.add(row, f"{label}不能为负数。")
    if row.floor is not None and row.floor > 0:
        checker.add(row, "扣分下限是扣分合计的最低值，须为 0 或负数（如 -10 表示最多扣 10 分）。")
    if row.weight < 0:
        checker.add(row, "权重不能为负数。")
    if row.kind == "normal" and (row.max_points is None or row.max_points <= 0):
        checker.add(row, "常规项必须设置大于 0 的满分。")
    if row.kind != "bonus" and row.cap is not None:
        checker.add(row, "只有加分项可以设置加分上限。")
    if row.kind not in ("deduction", "constraint") and row.floor is not None:
        checker.add(row, "只有扣分项和约束项可以设置扣分下限。")
    _check_veto(checker, row)
    if row.listing not in LISTINGS:
        checker.add(row, f"清单「{row.listing}」无效。")
    elif row.listing == "positive" and not (row.kind == "bonus" or row.veto_effect == "affirm"):
        checker.add(row, "正面清单只能包含加分项或一票肯定项。")
    elif row.listing == "negative" and row.kind not in ("deduction", "constraint"):
        checker.add(row, "负面清单只能包含扣分项或约束项。")


def _check_veto(checker: _Checker, row: IndicatorRow) -> None:
    if row.kind != "constraint":
        if row.veto_effect or row.veto_cap_grade:
            checker.add(row, "只有约束项可以设置否决效果。")
        return
    if row.veto_effect not in VETO_EFFECTS:
        checker.add(row, f"约束项必须设置否决效果：{'、'.join(VetoEffect.labels)}之一。")
    elif row.veto_effect == VetoEffect.CAP_GRADE and row.veto_cap_grade not in GRADES:
        checker.add(row, f"“{VetoEffect.CAP_GRADE.label}”必须指定最高等次。")
    elif row.veto_effect != VetoEffect.CAP_GRADE and row.veto_cap_grade:
        checker.add(row, f"只有“{VetoEffect.CAP_GRADE.label}”需要指定最高等次。")


def _check_tree(checker: _Checker, by_code: dict[str, IndicatorRow]) -> None:
    children: dict[str, list[IndicatorRow]] = {}
    for row in checker.rows:
        if not row.parent_code:
            continue
        parent = by_code.get(row.parent_code)
        if parent is None:
            checker.add(row, f"上级指标「{row.parent_code}」不存在。")
        elif checker.rows.index(parent) > checker.rows.index(row):
            checker.add(row, f"上级指标「{row.parent_code}」须列在本指标之前。")
        elif parent.kind != row.kind or row.kind == "constraint":
            checker.add(row, "下级指标须与上级同一类型；约束项不能分级。")
        else:
            children.setdefault(parent.code, []).append(row)
    for row in checker.rows:
        if _in_cycle(row, by_code):
            checker.add(row, "上下级关系形成循环。")
    for code, kids in children.items():
        parent = by_code[code]
        total = sum((k.max_points or Decimal(0) for k in kids), Decimal(0))
        if parent.kind == "normal" and parent.max_points is not None and total != parent.max_points:
            checker.add(
                parent, f"下级指标满分合计 {total} 与本指标满分 {parent.max_points} 不一致。"
            )


def _in_cycle(row: IndicatorRow, by_code: dict[str, IndicatorRow]) -> bool:
    seen = {row.code}
    current = row
    while current.parent_code:
        if current.parent_code in seen:
            return current.parent_code == row.code
        seen.add(current.parent_code)
        parent = by_code.get(current.parent_code)
        if parent is None:
            return False
        current = parent
    return False


def leaves(rows: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators that receive points directly: leaves other than constraint items, which
    are hit (with a reason) rather than scored."""
    parents = {row.parent_code for row in rows if row.parent_code}
    return [row for row in rows if row.kind != "constraint" and row.code not in parents]
