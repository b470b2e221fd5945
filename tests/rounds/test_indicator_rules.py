from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuzhi.rounds.indicator_rules import IndicatorRow, check_indicator_system, leaves
from tests.rounds.helpers import SYSTEM

D = Decimal


def messages(rows):
    return [str(p) for p in check_indicator_system(rows)]


def test_the_sample_system_is_valid_and_its_leaves_are_scored_items():
    assert messages(SYSTEM) == []
    assert [row.code for row in leaves(SYSTEM)] == ["1.1", "1.2", "2", "B1", "D1"]


def test_children_must_add_up_to_the_parents_maximum():
    rows = [*SYSTEM[:2], IndicatorRow(code="1.2", parent_code="1", name="x", max_points=D(15))]
    assert messages(rows) == ["指标 1：下级指标满分合计 35 与本指标满分 40 不一致。"]


def test_row_numbers_name_each_problem():
    rows = [
        IndicatorRow(code="A", name="", max_points=D(10), row=2),
        IndicatorRow(code="A", name="重复", max_points=D(10), row=3),
        IndicatorRow(code="B", name="加分", kind="bonus", floor=D(-1), row=4),
        IndicatorRow(code="C", name="约束", kind="constraint", row=5),
        IndicatorRow(code="E", name="封顶", kind="constraint", veto_effect="cap_grade", row=6),
        IndicatorRow(code="F", name="孤儿", parent_code="Z", max_points=D(1), row=7),
        IndicatorRow(code="G", name="正面", kind="deduction", listing="positive", row=8),
        IndicatorRow(code="H", name="扣分", kind="deduction", floor=D(5), row=9),
    ]
    assert messages(rows) == [
        "第 2 行：指标名称不能为空。",
        "第 3 行：编号「A」重复。",
        "第 4 行：只有扣分项和约束项可以设置扣分下限。",
        "第 5 行：约束项必须设置否决效果：一票否决（限定等次）、一票否决、一票否优、一票肯定之一。",
        "第 6 行：“一票否决（限定等次）”必须指定最高等次。",
        "第 7 行：上级指标「Z」不存在。",
        "第 8 行：正面清单只能包含加分项或一票肯定项。",
        "第 9 行：扣分下限是扣分合计的最低值，须为 0 或负数（如 -10 表示最多扣 10 分）。",
    ]


def test_children_of_another_kind_or_listed_before_their_parent_are_refused():
    rows = [
        IndicatorRow(code="1.1", parent_code="1", name="子", max_points=D(5), row=2),
        IndicatorRow(code="1", name="父", max_points=D(5), row=3),
        IndicatorRow(code="2", name="加分", kind="bonus", parent_code="1", row=4),
    ]
    assert messages(rows) == [
        "第 2 行：上级指标「1」须列在本指标之前。",
        "第 4 行：下级指标须与上级同一类型；约束项不能分级。",
    ]


@st.composite
def trees(draw):
    """A random two-level system whose parents' maxima are their children's sums."""
    rows = []
    for p in range(draw(st.integers(1, 4))):
        kids = draw(st.lists(st.integers(1, 40), min_size=0, max_size=4))
        total = D(sum(kids)) if kids else D(draw(st.integers(1, 40)))
        rows.append(IndicatorRow(code=f"{p}", name=f"指标{p}", max_points=total))
        rows += [
            IndicatorRow(code=f"{p}.{k}", parent_code=f"{p}", name="子", max_points=D(points))
            for k, points in enumerate(kids)
        ]
    return rows


@given(trees(), st.integers(0, 100))
def test_consistent_trees_pass_and_any_changed_child_maximum_is_caught(rows, pick):
    assert check_indicator_system(rows) == []
    children = [row for row in rows if row.parent_code]
    if children:
        target = children[pick % len(children)]
        changed = [
            IndicatorRow(
                code=r.code, parent_code=r.parent_code, name=r.name, max_points=r.max_points + 1
            )
            if r is target
            else r
            for r in rows
        ]
        [problem] = check_indicator_system(changed)
        assert problem.code == target.parent_code
