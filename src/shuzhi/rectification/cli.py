"""``shuzhi rectification overdue|export|report`` (thin: each calls a service or an export)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click


def _organization(code: str):  # type: ignore[no-untyped-def]
    from shuzhi.orgs.models import Organization

    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise click.ClickException(f"找不到编码为「{code}」的组织")
    return organization


def _today(value: str | None) -> date:
    from django.utils import timezone

    return date.fromisoformat(value) if value else timezone.localdate()


@click.group("rectification")
def rectification() -> None:
    """问题整改：逾期检查、整改台账导出、整改情况报告。"""


@rectification.command("overdue")
@click.option("--today", help="按此日期检查（YYYY-MM-DD），默认今天。")
def overdue(today: str | None) -> None:
    """Mark open items past their deadline as overdue (what the daily job does)."""
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.rectification.deadlines import mark_overdue, reports_overdue

    day = _today(today)
    count = mark_overdue(today=day)
    click.echo(f"新标记逾期整改事项 {count} 项。")
    for owed in reports_overdue(today=day):
        click.echo(
            f"整改情况报告逾期：{owed.organization.name} · {owed.title}（应于 {owed.due_date} 前报送）"
        )


@rectification.command("export")
@click.argument("code")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--own-only", is_flag=True, help="只导出本级，不含下级组织。")
def export(code: str, path: Path, own_only: bool) -> None:
    """Export the ledger (整改台账) of organisation CODE to an .xlsx file."""
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.rectification.exporting import write_ledger

    organization = _organization(code)
    with path.open("wb") as stream:
        rows = write_ledger(organization, stream, subtree=not own_only, today=_today(None))
    click.echo(f"已导出 {rows} 项到 {path}")


@rectification.command("report")
@click.argument("code")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def report(code: str, path: Path) -> None:
    """Write the rectification report (.docx) of organisation CODE."""
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.rectification.exporting import write_report

    organization = _organization(code)
    with path.open("wb") as stream:
        write_report(organization, stream, today=_today(None))
    click.echo(f"报告已写入 {path}")


commands: list[click.Command] = [rectification]
