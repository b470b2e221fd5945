"""``shuzhi score``: the stateless scorer — one round workbook in, results out, no server."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .engine import RankShift, ScoringError, compute, sensitivity
from .engine.types import source_label
from .summary import outcome_json, results_workbook, shift_json, summary_rows
from .workbook import RoundWorkbookError


@click.command("score")
@click.argument("workbook", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results (汇总表 and 得分明细) to this .xlsx file.",
)
@click.option(
    "--sensitivity",
    "with_sensitivity",
    is_flag=True,
    help="Also show which ranks change when a source weight moves by ±5 points.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an example round workbook to this file and stop.",
)
def score(
    workbook: Path | None,
    as_json: bool,
    output: Path | None,
    with_sensitivity: bool,
    template: Path | None,
) -> None:
    """Score the round in WORKBOOK (sheets 设置, 被考核人, 指标, 指标得分, 现场测评, 上级评价,
    年度记录; see docs/scoring.md) with the same engine as the server."""
    if template is not None:
        from .template import template_workbook

        template_workbook().save(template)
        click.echo(f"模板已写入 {template}")
        return
    if workbook is None:
        raise click.UsageError("请指定考核工作簿，或用 --template 生成模板")
    if not workbook.is_file():
        raise click.ClickException(f"找不到文件 {workbook}")
    from .workbook import read_workbook

    try:
        content = read_workbook(workbook)
        result = compute(content.rules, content.indicators, content.reporters)
        shifts = (
            sensitivity(content.rules, content.indicators, content.reporters)
            if with_sensitivity
            else []
        )
    except RoundWorkbookError as error:
        for problem in error.errors:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"发现 {len(error.errors)} 处错误，未计算。") from error
    except ScoringError as error:
        raise click.ClickException(str(error)) from error
    for warning in content.warnings:
        click.echo(f"注意：{warning}", err=True)
    if output is not None:
        results_workbook(content.rules, result, content.names).save(output)
    if as_json:
        data: dict[str, object] = {
            "warnings": content.warnings,
            "reporters": [
                outcome_json(o, content.names.get(o.reporter_id, ""), content.rules.places)
                for o in result.outcomes
            ],
        }
        if with_sensitivity:
            data["sensitivity"] = [shift_json(shift) for shift in shifts]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        header, rows = summary_rows(content.rules, result, content.names)
        click.echo(_table(header, rows))
        if with_sensitivity:
            click.echo("")
            click.echo(_sensitivity_text(shifts, content.names))
    if output is not None:
        click.echo(f"结果已写入 {output}", err=as_json)


def _sensitivity_text(shifts: list[RankShift], names: dict[str, str]) -> str:
    """The ranks that are not robust to a ±5-point move of any source weight."""
    fragile = [shift for shift in shifts if not shift.robust]
    if not fragile:
        return "敏感性分析：任一来源权重变动 ±5 个百分点，所有排名均不变。"
    lines = [f"敏感性分析：{len(fragile)} 人的排名在权重变动 ±5 个百分点时会改变："]
    for shift in fragile:
        moves = "，".join(
            f"{source_label(s.source)}{s.delta:+}→第 {s.rank} 名" for s in shift.shifts
        )
        who = f"{shift.reporter_id} {names.get(shift.reporter_id, '')}".strip()
        lines.append(f"  {shift.group} {who}：第 {shift.rank} 名（{moves}）")
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _table(header: list[str], rows: list[list[object]]) -> str:
    cells = [header, *[["" if v is None else str(v) for v in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in cells
    ]
    return "\n".join(lines)


commands: list[click.Command] = [score]
