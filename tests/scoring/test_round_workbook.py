"""Issue 20: the round workbook refuses what it cannot read, and never scores it as zero."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shuzhi.cli import main
from shuzhi.core.vocabulary.indicators import VetoEffect
from shuzhi.rounds.models import RoundSettings
from shuzhi.scoring.engine import ReporterInput, ScoringError, compute
from shuzhi.scoring.engine.types import Indicator, IndicatorKind, RoundRules
from shuzhi.scoring.gather import rules_for
from shuzhi.scoring.summary import fixed
from shuzhi.scoring.template import template_workbook
from shuzhi.scoring.workbook import RoundWorkbookError, read_workbook

DOCS = Path(__file__).resolve().parents[2] / "docs"


def saved(workbook: Workbook, tmp_path: Path, name: str = "round.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


def setting_row(workbook: Workbook, key: str):
    return next(r for r in workbook["设置"].iter_rows() if r[0].value == key)


def settings_only(rows: list[tuple[str, object]]) -> Workbook:
    """The template with its 设置 sheet replaced by ``rows``."""
    workbook = template_workbook()
    del workbook["设置"], workbook["分级考核"]  # the template's level has its weight in 设置
    sheet = workbook.create_sheet("设置", 0)
    sheet.append(["项目", "值"])
    for row in rows:
        sheet.append(list(row))
    return workbook


# Sheets: found by their trimmed name; missing ones refused or warned about, never zero.


def test_a_misnamed_score_sheet_is_refused_with_its_name(tmp_path: Path) -> None:
    workbook = template_workbook()
    workbook["指标得分"].title = "指标得分表"
    code, out, err = run(str(saved(workbook, tmp_path)))
    assert code != 0 and out == ""
    assert "缺少工作表「指标得分」" in err
    assert "第 0 行" not in err


@pytest.mark.parametrize("sheet", ["现场测评", "上级评价", "年度记录", "分级考核"])
def test_every_weighted_source_sheet_must_be_there(tmp_path: Path, sheet: str) -> None:
    workbook = template_workbook()
    del workbook[sheet]
    code, _, err = run(str(saved(workbook, tmp_path)))
    assert code != 0 and f"缺少工作表「{sheet}」" in err


def test_a_sheet_name_with_spaces_is_found(tmp_path: Path) -> None:
    plain = read_workbook(saved(template_workbook(), tmp_path))
    workbook = template_workbook()
    workbook["上级评价"].title = "上级评价 "
    workbook["设置"].title = " 设置"
    spaced = read_workbook(saved(workbook, tmp_path, "spaced.xlsx"))
    assert spaced.reporters == plain.reporters and spaced.rules == plain.rules
    assert spaced.warnings == []


def test_an_unknown_sheet_and_a_missing_settings_sheet_are_warned_about(tmp_path: Path) -> None:
    workbook = template_workbook()
    workbook["设置"].title = "设置表"
    del workbook["分级考核"]  # its level has a weight only in the template's 设置
    code, out, err = run(str(saved(workbook, tmp_path)))
    # Without 设置 the documented defaults apply: 60/30/10/0 needs no 年度记录 or 分级考核 weight.
    assert code == 0, err
    assert "注意：未找到「设置」表" in err
    assert "注意：工作表「设置表」不是考核工作簿的表" in err
    code, out, _ = run(str(saved(workbook, tmp_path)), "--json")
    assert any("设置" in w for w in json.loads(out)["warnings"])


def test_scores_on_a_sheet_whose_source_has_no_weight_are_warned_about(tmp_path: Path) -> None:
    workbook = template_workbook()
    setting_row(workbook, "年度记录权重")[1].value = 0
    setting_row(workbook, "指标考核权重")[1].value = 50
    code, _, err = run(str(saved(workbook, tmp_path)))
    assert code == 0
    assert "注意：「年度记录」表有 6 行得分，但「设置」表中年度记录权重为 0" in err


def test_a_missing_sheet_whose_source_has_no_weight_is_fine(tmp_path: Path) -> None:
    workbook = template_workbook()
    setting_row(workbook, "年度记录权重")[1].value = 0
    setting_row(workbook, "指标考核权重")[1].value = 50
    del workbook["年度记录"]
    assert read_workbook(saved(workbook, tmp_path)).warnings == []


# Defaults: the documented ones (docs/rounds.md), the same as the server's.


def test_defaults_are_the_documented_ones_and_the_servers() -> None:
    workbook = settings_only([])
    errors: list = []
    from shuzhi.scoring.settings_sheet import read_settings

    rules = read_settings(workbook, errors)
    assert errors == []
    weights = rules.weights
    assert (weights.indicators, weights.onsite, weights.superior, weights.records) == (
        60,
        30,
        10,
        0,
    )
    assert (rules.honours_top_n, rules.honour_title, rules.interview_bottom_n) == (10, "十佳", 1)
    assert rules == rules_for(RoundSettings())
    table = (DOCS / "rounds.md").read_text()
    assert "60 / 30 / 10 / 0 / 0 / 0 %" in table and "top 10 of class 1" in table


def test_percent_interviews_need_no_head_count_row() -> None:
    from shuzhi.scoring.settings_sheet import read_settings

    errors: list = []
    rules = read_settings(settings_only([("末位约谈比例", 10)]), errors)
    assert errors == [] and (rules.interview_bottom_n, rules.interview_bottom_percent) == (0, 10)


# Settings: Excel percentages, and every error named by sheet, row and column.


def test_weights_typed_as_excel_percentages_are_read_as_shown(tmp_path: Path) -> None:
    workbook = template_workbook()
    for key, share in (("指标考核权重", 0.4), ("现场测评权重", 0.3)):
        cell = setting_row(workbook, key)[1]
        cell.value, cell.number_format = share, "0%"
    content = read_workbook(saved(workbook, tmp_path))
    assert (content.rules.weights.indicators, content.rules.weights.onsite) == (40, 30)


def test_settings_errors_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    workbook = settings_only(
        [
            ("指标考核权重", 70),  # row 2: 70 + 30 + 10 = 110
            ("一类比例", "很多"),  # row 3
            ("小数位数", 7),  # row 4
            ("表彰名额", 2.5),  # row 5
            ("优秀分数线", 70),  # row 6: below 良好 80
            ("并列处理", "随便"),  # row 7
        ]
    )
    with pytest.raises(RoundWorkbookError) as raised:
        read_workbook(saved(workbook, tmp_path))
    messages = [str(e) for e in raised.value.errors]
    assert "「设置」表第 3 行「值」：「很多」不是数字" in messages
    assert "「设置」表第 4 行「值」：必须在 0 到 4 之间（收到 7）" in messages
    assert "「设置」表第 5 行「值」：必须是整数（收到 2.5）" in messages
    assert any(m.startswith("「设置」表第 7 行「值」：「随便」不是可选值") for m in messages)
    workbook = settings_only([("指标考核权重", 70), ("优秀分数线", 70)])
    with pytest.raises(RoundWorkbookError) as raised:
        read_workbook(saved(workbook, tmp_path, "sums.xlsx"))
    messages = [str(e) for e in raised.value.errors]
    assert messages == [
        "「设置」表第 2 行「值」：各评分来源权重之和必须为 100%，当前为 110%",
        "「设置」表第 3 行「值」：分数线须满足：优秀 ≥ 良好 ≥ 一般",
    ]


# Veto effects: one spelling in both docs (the vocabulary's), read with ASCII brackets too.


def test_both_docs_spell_the_veto_effects_as_the_vocabulary() -> None:
    for doc in ("scoring.md", "rounds.md"):
        text = (DOCS / doc).read_text()
        assert all(label in text for label in VetoEffect.labels), doc
        # 限定等次 is always inside full-width brackets that close right after it.
        bad = re.findall(r"一票否决[(（]限定等次(?!）).{0,12}|一票否决\(.{0,12}", text)
        assert bad == [], (doc, bad)


def test_a_veto_effect_with_ascii_brackets_is_read(tmp_path: Path) -> None:
    workbook = template_workbook()
    sheet = workbook["指标"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "V2")
    row[8].value = "一票否决(限定等次)"
    content = read_workbook(saved(workbook, tmp_path))
    v2 = next(i for i in content.indicators if i.code == "V2")
    assert v2.veto is VetoEffect.CAP_GRADE


# Numbers: each source's scale, magnitudes bounded, extra decimals refused.


def test_a_superior_score_above_the_100_point_scale_is_refused(tmp_path: Path) -> None:
    workbook = template_workbook()
    workbook["上级评价"]["B2"] = 120
    workbook["年度记录"]["B3"] = 100.5
    with pytest.raises(RoundWorkbookError) as raised:
        read_workbook(saved(workbook, tmp_path))
    messages = [str(e) for e in raised.value.errors]
    assert "「上级评价」表第 2 行「得分」：超过满分 100（按百分制）" in messages
    assert "「年度记录」表第 3 行「得分」：超过满分 100（按百分制）" in messages
    with pytest.raises(ScoringError, match="超过满分 100"):
        compute(RoundRules(), [], [ReporterInput("R1", "组", superior=Decimal(120))])


def test_a_huge_bonus_is_a_chinese_error_not_a_traceback(tmp_path: Path) -> None:
    workbook = template_workbook()
    workbook["指标"].append(["Q", "", "大额加分", "加分项"])
    workbook["指标得分"].append(["R001", "Q", "考核人1", 10**9])
    code, _, err = run(str(saved(workbook, tmp_path)))
    assert code != 0 and "Traceback" not in err and "AssertionError" not in err
    assert "「指标得分」表第 " in err and "超出可计算范围" in err
    # The engine bounds it too (the server's path), long before int64 could overflow: each
    # value, and a reporter's indicator points in all.
    bonus = Indicator("Q", "大额加分", kind=IndicatorKind.BONUS)
    huge = ReporterInput("R1", "组", indicator_scores={"Q": (Decimal(10**9),)})
    with pytest.raises(ScoringError, match="超出可计算范围：绝对值不能超过 1,000,000"):
        compute(RoundRules(), [bonus], [huge])
    many = [Indicator(f"Q{i}", "加分", kind=IndicatorKind.BONUS) for i in range(20)]
    heavy = ReporterInput("R1", "组", {f"Q{i}": (Decimal(999_999),) for i in range(20)})
    with pytest.raises(ScoringError, match="述职人「R1」的指标得分合计约 19,999,980 分，超出"):
        compute(RoundRules(), many, [heavy])


def test_a_float_with_excel_noise_is_refused_not_rounded(tmp_path: Path) -> None:
    path = saved(template_workbook(), tmp_path)
    # openpyxl writes floats with 16 significant digits (0.1 + 0.2 becomes "0.3"), Excel with
    # 17: write the cell's text as Excel would.
    patched = tmp_path / "noise.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":  # 指标得分
                data = re.sub(rb'(<c r="D2"[^>]*><v>)[^<]*', rb"\g<1>0.30000000000000004", data)
            target.writestr(item, data)
    assert load_workbook(patched)["指标得分"]["D2"].value == 0.1 + 0.2
    with pytest.raises(
        RoundWorkbookError, match=re.escape("最多保留 4 位小数（收到 0.30000000000000004）")
    ):
        read_workbook(patched)


# Indicator trees: the scorer takes what the server takes.


def test_an_indicator_tree_the_server_refuses_is_refused(tmp_path: Path) -> None:
    workbook = template_workbook()
    sheet = workbook["指标"]
    next(r for r in sheet.iter_rows() if r[0].value == "A")[4].value = 50  # children make 40
    next(r for r in sheet.iter_rows() if r[0].value == "B")[4].value = None  # 常规项 needs one
    with pytest.raises(RoundWorkbookError) as raised:
        read_workbook(saved(workbook, tmp_path))
    messages = [str(e) for e in raised.value.errors]
    assert "「指标」表第 2 行：下级指标满分合计 40 与本指标满分 50 不一致" in messages
    assert "「指标」表第 5 行：常规项必须设置大于 0 的满分" in messages


# Outputs keep their decimals.


def test_numbers_keep_their_decimals_in_every_output(tmp_path: Path) -> None:
    path = saved(template_workbook(), tmp_path)
    output = tmp_path / "results.xlsx"
    code, out, _ = run(str(path), "--output", str(output))
    assert code == 0
    first = next(line for line in out.splitlines() if "李青山" in line).split()
    assert first[4:10] == ["93.00", "96.00", "95.00", "90.00", "88.00", "93.30"]
    _, out, _ = run(str(path), "--json")
    r001 = json.loads(out)["reporters"][0]
    assert r001["subtotals"]["indicators"] == "93.00" and r001["composite"] == "93.30"
    assert r001["breakdown"][0]["raw"] == "18.50"
    results = load_workbook(output)
    composite = results["乡镇组"].cell(row=3, column=9)
    assert composite.value == 93.3 and composite.number_format.startswith("0.00")
    detail = results["得分明细"].cell(row=2, column=5)
    assert detail.number_format.startswith("0.00")


# Decisions on the surprising outcomes (docs/scoring.md, "Decisions").

NORMAL = [Indicator("A", "工作实绩", max_points=Decimal(100))]
VETO = Indicator(
    "V", "负面清单事项", kind=IndicatorKind.CONSTRAINT, veto=VetoEffect.VETO_EXCELLENCE
)


def _round(scores: list[int], group: str = "组", hits: dict[int, str] | None = None):
    hits = hits or {}
    return [
        ReporterInput(
            f"R{i}",
            group,
            indicator_scores={"A": (Decimal(s),)},
            constraint_hits=frozenset({hits[i]}) if i in hits else frozenset(),
        )
        for i, s in enumerate(scores)
    ]


def test_a_vetoed_honour_is_not_refilled_unless_the_round_says_so() -> None:
    reporters = _round([98, 95, 90, 80, 70, 60, 50, 40, 30, 20], hits={0: "V"})
    rules = RoundRules(honours_top_n=1, class_quotas=(Decimal(30), Decimal(40), Decimal(30)))
    kept = compute(rules, [*NORMAL, VETO], reporters).by_reporter()
    assert [r for r, o in kept.items() if o.honour] == []  # decided before the veto
    assert kept["R0"].klass == 2 and kept["R0"].rank == 1
    refilled = RoundRules(honours_top_n=1, honours_refill=True, class_quotas=rules.class_quotas)
    again = compute(refilled, [*NORMAL, VETO], reporters).by_reporter()
    assert [r for r, o in again.items() if o.honour] == ["R1"]  # the next of class 1


def test_an_all_tied_group_is_class_1_and_nobody_is_its_bottom() -> None:
    rules = RoundRules(honours_top_n=10, interview_bottom_n=1)
    outcomes = compute(rules, NORMAL, _round([85] * 5)).outcomes
    assert {(o.rank, o.klass, o.honour, o.interview) for o in outcomes} == {(1, 1, "十佳", False)}


def test_a_group_of_one_interviews_nobody() -> None:
    rules = RoundRules(interview_bottom_n=1)
    alone = compute(rules, NORMAL, _round([40], group="独组")).outcomes[0]
    assert (alone.rank, alone.group_size, alone.interview) == (1, 1, False)
    assert alone.klass == 2  # c1 = r(0.2) = 0, c2 = r(0.7) = 1
    pair = compute(rules, NORMAL, _round([90, 40])).by_reporter()
    assert (pair["R0"].interview, pair["R1"].interview) == (False, True)


def test_the_refill_setting_is_a_round_setting_and_a_settings_row() -> None:
    from shuzhi.scoring.settings_sheet import read_settings

    errors: list = []
    rules = read_settings(settings_only([("表彰名额递补", "是")]), errors)
    assert errors == [] and rules.honours_refill
    assert rules_for(RoundSettings(honours_refill=True)).honours_refill


@given(
    units=st.integers(-(10**12), 10**12),
    scale=st.integers(0, 10),
    places=st.integers(0, 4),
)
def test_fixed_keeps_the_value_and_at_least_the_places(units: int, scale: int, places: int) -> None:
    value = Decimal(units).scaleb(-scale)
    text = fixed(value, places)
    assert Decimal(text) == value
    decimals = len(text.partition(".")[2])
    assert decimals >= places and (decimals == places or not text.endswith("0"))
