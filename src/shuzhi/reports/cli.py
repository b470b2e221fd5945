"""``shuzhi check-report``: the report checks on a .docx or .txt file, without a database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from shuzhi.core.workbook import ArchiveRefused
from shuzhi.reports.checks import (
    DEFAULT_SETTINGS,
    Category,
    CheckResult,
    CheckSettings,
    CopyIndex,
    PriorItem,
    Signature,
    check_report,
    from_text,
)
from shuzhi.reports.checks.phrases import read_phrases
from shuzhi.reports.documents import UnreadableDocument, read_docx, split_items

STATUS_LABELS = {"pass": "通过", "warn": "提醒", "fail": "不符合"}


def read_report(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        with path.open("rb") as stream:
            try:
                return read_docx(stream)
            except UnreadableDocument:
                raise click.ClickException(f"无法读取 Word 文档：{path}") from None
            except ArchiveRefused as refused:
                raise click.ClickException(f"{path}：{refused}") from None
    if path.suffix.lower() == ".txt":
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise click.ClickException(f"文本文件须为 UTF-8 编码：{path}") from None
    raise click.ClickException("只支持 .docx 和 .txt 文件。")


def previous_items(text: str) -> list[PriorItem]:
    """Last year's problems and commitments, item by item, from last year's report."""
    document = from_text(text)
    items = []
    for category, kind, source in (
        (Category.PROBLEMS, "problem", "self"),
        (Category.COMMITMENTS, "commitment", "self"),
    ):
        for n, item in enumerate(split_items(document.section_text(category)), 1):
            items.append(PriorItem(f"previous:{kind}:{n}", source, item))
    return items


def render(result: CheckResult, limit: int = 3) -> str:
    lines = []
    for finding in result.findings:
        lines.append(f"[{STATUS_LABELS[finding.status]}] {finding.title}：{finding.message}")
        if finding.rule == "pairing":
            # Problems without a measure first: those are what to fix.
            shown = sorted(finding.pairs, key=lambda p: bool(p.theirs.text))
            for pair in shown[: max(limit, 6)]:
                lines.append(f"    问题：{pair.ours.text[:80]}")
                lines.append(f"      ↔ 措施：{pair.theirs.text[:80] or '（未找到对应的整改措施）'}")
            continue
        for pair in finding.pairs[:limit]:
            lines.append(f"    本报告：{pair.ours.text[:80]}")
            lines.append(
                f"    {pair.source}（相似度 {pair.similarity:.0%}）：{pair.theirs.text[:80]}"
            )
        if not finding.pairs:
            for passage in finding.passages[:limit]:
                note = f"（{passage.note}）" if passage.note else ""
                lines.append(f"    {note}{passage.text[:80]}")
            if len(finding.passages) > limit:
                lines.append(f"    ……另有 {len(finding.passages) - limit} 处")
    return "\n".join(lines)


@click.command("check-report")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="去年的述职报告：检查是否逐项回应、是否照搬。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部检查结果。")
@click.option(
    "--phrases",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="补充的套话清单（每行一条）。",
)
def check_report_command(
    file: Path, previous: Path | None, as_json: bool, phrases: Path | None
) -> None:
    """Check a duty report (.docx or .txt): shares, placeholders, data and examples, stock
    phrases, copying, responsiveness, the secretary's own voice, causes, problem↔measure pairs.

    Exits with status 1 when any check fails, so it can gate a script.
    """
    document = from_text(read_report(file))
    items: list[PriorItem] = []
    index = None
    if previous is not None:
        earlier = read_report(previous)
        items = previous_items(earlier)
        index = CopyIndex(_settings())
        index.add(
            "previous",
            f"去年报告（{previous.name}）",
            Signature.of(from_text(earlier).text, _settings()),
        )
    extra = read_phrases(phrases.read_text(encoding="utf-8").splitlines()) if phrases else ()
    result = check_report(
        document, settings=_settings(), prior_items=items, index=index, extra_phrases=extra
    )
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(result))
    if result.worst == "fail":
        raise SystemExit(1)


def _settings() -> CheckSettings:
    # The command runs without Django, so it uses the defaults rather than REPORT_CHECKS.
    return DEFAULT_SETTINGS


@click.command("reindex-reports")
def reindex_reports_command() -> None:
    """Recompute the copy index: every report's signature and buckets, from its saved text.

    Needed after changing REPORT_CHECKS' shingle_size, num_perm or bands.
    """
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.reports.services import rebuild_copy_index

    count = rebuild_copy_index()
    click.echo(f"已重新计算 {count} 份报告的雷同检测签名。")


commands: list[click.Command] = [check_report_command, reindex_reports_command]
