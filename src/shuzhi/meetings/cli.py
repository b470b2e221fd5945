"""``shuzhi meetings verify EXPORT``: anyone can recompute a closed box's digest and tally."""

from __future__ import annotations

from pathlib import Path

import click

from shuzhi.meetings import archive, rules


@click.group("meetings")
def meetings() -> None:
    """述职评议会：测评票导出文件的核验。"""


@meetings.command("verify")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--genesis", default="", help="CSV 导出需提供票箱的起始哈希（JSON 导出自带）。")
def verify(export: Path, genesis: str) -> None:
    """Recompute the box's digest (over its ballots in receipt order) and the tally from an
    exported ballot file."""
    text = export.read_text(encoding="utf-8")
    try:
        if export.suffix.lower() == ".csv":
            if not genesis:
                raise click.ClickException("核验 CSV 导出需要 --genesis。")
            result = archive.verify_csv(text, genesis)
        else:
            result = archive.verify_json(text)
    except (ValueError, KeyError) as error:
        raise click.ClickException(f"无法读取导出文件：{error}") from None
    click.echo(f"摘要：{result.digest}")
    if result.result is not None:
        tally = result.result
        click.echo(f"有效票 {tally.valid} 张，无效票 {tally.invalid} 张")
        for rid, r in sorted(tally.reporters.items()):
            totals = r.totals()
            counts = " ".join(f"{rules.GRADE_LABELS[g]}{totals[g]}" for g in rules.GRADES)
            click.echo(f"  述职人 {rid}：{counts} 综合 {r.score}")
    for problem in result.problems:
        click.echo(f"不一致：{problem}", err=True)
    if not result.ok:
        raise click.ClickException("核验未通过。")
    click.echo("核验通过：摘要与计票结果均可由原始测评票重新得出。")


commands: list[click.Command] = [meetings]
