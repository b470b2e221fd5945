"""``shuzhi score``: the template scores as is; bad rows are named by sheet and row."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from shuzhi.cli import main
from shuzhi.scoring.engine import (
    GradingMode,
    LevelWeight,
    RoundRules,
    SourceWeights,
    TieRule,
    compute,
)
from shuzhi.scoring.settings_sheet import read_settings, write_settings_sheet
from shuzhi.scoring.template import TEMPLATE_INDICATORS, template_workbook
from shuzhi.scoring.workbook import (
    RoundWorkbookError,
    read_indicator_sheet,
    read_round_workbook,
    write_indicator_sheet,
)


def saved(workbook: Workbook, tmp_path: Path, name: str = "round.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


def test_template_is_written_and_scores_as_a_table(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    code, out, _ = run("--template", str(template))
    assert code == 0 and template.exists()
    code, out, _ = run(str(template))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["排名分组", "排名", "述职人编号", "述职人"]
    first = next(line for line in lines if "李青山" in line)
    assert first.split()[:3] == ["乡镇组", "1", "R001"] and "一类" in first
    assert "一票否决（限定等次）：群众信访问题突出（V2）" in out


def test_json_output_is_the_engines_result(tmp_path: Path) -> None:
    path = saved(template_workbook(), tmp_path)
    code, out, _ = run(str(path), "--json")
    assert code == 0
    data = json.loads(out)["reporters"]
    expected = compute(*read_round_workbook(path)).by_reporter()
    assert len(data) == 6
    for entry in data:
        outcome = expected[entry["reporter_id"]]
        assert Decimal(entry["composite"]) == outcome.composite
        assert entry["rank"] == outcome.rank and entry["class"] == outcome.klass
        assert sum(Decimal(line["points"]) for line in entry["breakdown"]) == outcome.composite
    assert {e["name"] for e in data} >= {"李青山", "孙海燕"}


def test_output_workbook_holds_the_summary_and_the_breakdown(tmp_path: Path) -> None:
    path = saved(template_workbook(), tmp_path)
    output = tmp_path / "results.xlsx"
    code, _, _ = run(str(path), "--output", str(output))
    assert code == 0
    results = load_workbook(output)
    assert results.sheetnames == ["乡镇组", "村社区组", "得分明细"]
    summary = list(results["乡镇组"].iter_rows(values_only=True))
    assert summary[0][0] == "考核结果汇总表（乡镇组）" and len(summary) == 5
    header = summary[1]
    assert header[:3] == ("排名", "述职人编号", "述职人")
    assert {"指标考核", "现场测评", "上级评价"} <= set(header)  # one column per source
    assert summary[2][:3] == (1, "R001", "李青山")
    detail = list(results["得分明细"].iter_rows(values_only=True))
    r001 = [row for row in detail[1:] if row[0] == "R001"]
    total = sum(Decimal(str(row[6])) for row in r001)
    assert total == Decimal(str(summary[2][header.index("综合得分")]))


def test_bad_rows_are_listed_by_sheet_and_row_and_nothing_is_scored(tmp_path: Path) -> None:
    workbook = template_workbook()
    workbook["指标得分"]["D3"] = 25  # A2 has a maximum of 20
    workbook["指标得分"]["A4"] = "R999"
    workbook["现场测评"]["B2"] = "路人"
    workbook["现场测评"]["C3"] = -1
    workbook["上级评价"]["B2"] = "很好"
    workbook["指标"]["D3"] = "奖励项"
    workbook["被考核人"]["D2"] = "V1、A1"
    workbook["分级考核"]["C2"] = -5
    workbook["年度记录"]["B2"] = 88.12345
    output = tmp_path / "results.xlsx"
    code, out, err = run(str(saved(workbook, tmp_path)), "--output", str(output))
    assert code != 0 and not output.exists() and out == ""
    assert "「指标得分」表第 3 行「得分」：超过满分 20" in err
    assert "「指标得分」表第 4 行「述职人编号」：述职人「R999」不在「被考核人」表中" in err
    assert "「现场测评」表第 2 行「测评人员类别」：「路人」不是可选值" in err
    assert "「现场测评」表第 3 行「好」：票数必须是非负整数" in err
    assert "「上级评价」表第 2 行「得分」：「很好」不是数字" in err
    assert "「指标」表第 3 行「类型」：「奖励项」不是可选值" in err
    assert "「被考核人」表第 2 行「触发约束项」：「A1」不是指标表中的约束项" in err
    assert "「分级考核」表第 2 行「得分」：不能为负数" in err
    assert "「年度记录」表第 2 行「得分」：最多保留 4 位小数（收到 88.12345）" in err
    assert "发现 9 处错误，未计算。" in err


def test_weights_that_do_not_sum_to_100_are_refused(tmp_path: Path) -> None:
    workbook = template_workbook()
    settings = workbook["设置"]
    row = next(r for r in settings.iter_rows() if r[0].value == "指标考核权重")
    row[1].value = 45
    code, _, err = run(str(saved(workbook, tmp_path)))
    assert code != 0
    assert "「设置」表第 2 行「值」：各评分来源权重之和必须为 100%，当前为 105%" in err


def test_missing_sheets_and_unknown_settings_are_reported(tmp_path: Path) -> None:
    workbook = template_workbook()
    del workbook["被考核人"]
    code, _, err = run(str(saved(workbook, tmp_path)))
    assert code != 0 and "缺少工作表「被考核人」" in err
    workbook = template_workbook()
    workbook["设置"].append(["加班费", 3])
    with pytest.raises(RoundWorkbookError, match="未知的设置项「加班费」"):
        read_round_workbook(saved(workbook, tmp_path, "again.xlsx"))


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "round.xlsx"
    path.write_text("not a workbook")
    code, _, err = run(str(path))
    assert code != 0 and "无法读取该文件" in err
    code, _, err = run()
    assert code != 0 and "--template" in err


def test_indicator_sheet_round_trips(tmp_path: Path) -> None:
    workbook = Workbook()
    write_indicator_sheet(workbook, TEMPLATE_INDICATORS)
    reread = read_indicator_sheet(load_workbook(saved(workbook, tmp_path)))
    assert reread == TEMPLATE_INDICATORS


def test_settings_sheet_round_trips(tmp_path: Path) -> None:
    rules = RoundRules(
        weights=SourceWeights(
            indicators=Decimal("33.33"),
            onsite=Decimal("33.33"),
            superior=Decimal("23.34"),
            levels=(LevelWeight("市级", Decimal(10)),),
        ),
        grading=GradingMode.QUOTA,
        tie_rule=TieRule.DOWN,
        honours_top_n=10,
        interview_bottom_percent=Decimal(5),
        places=3,
    )
    workbook = Workbook()
    write_settings_sheet(workbook, rules)
    errors: list = []
    assert read_settings(load_workbook(saved(workbook, tmp_path)), errors) == rules
    assert errors == []


def test_sensitivity_is_printed_and_in_the_json(tmp_path: Path) -> None:
    workbook = template_workbook()
    # 王晓梅's superior score of 50 puts her just behind 赵立新; a lighter superior weight
    # (−5 points) swaps them back.
    workbook["上级评价"]["B3"] = 50
    path = saved(workbook, tmp_path)
    code, out, _ = run(str(path), "--sensitivity")
    assert code == 0
    report = out.split("敏感性分析")[1]
    assert report.startswith("：2 人的排名在权重变动 ±5 个百分点时会改变")
    assert "乡镇组 R002 王晓梅：第 3 名（上级评价-5→第 2 名）" in report
    assert "乡镇组 R003 赵立新：第 2 名（上级评价-5→第 3 名）" in report
    code, out, _ = run(str(path), "--json", "--sensitivity")
    data = {d["reporter_id"]: d for d in json.loads(out)["sensitivity"]}
    assert data["R002"]["shifts"] == [{"source": "superior", "delta": "-5", "rank": 2}]
    assert (data["R002"]["best"], data["R002"]["worst"]) == (2, 3)
    assert not data["R002"]["robust"] and data["R001"]["robust"]
    assert run(str(saved(template_workbook(), tmp_path, "plain.xlsx")), "--sensitivity")[
        1
    ].endswith("所有排名均不变。\n")
