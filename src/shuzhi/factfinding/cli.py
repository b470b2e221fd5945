"""``shuzhi factfinding export|verify`` (thin: each calls an export or a query)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("factfinding")
def factfinding() -> None:
    """调研摸底：问题清单导出、审计抽样复核。"""


@factfinding.command("export")
@click.argument("round_id", type=int)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export(round_id: int, path: Path) -> None:
    """Write the round's 问题清单 (every finding by unit) to an .xlsx file."""
    from shuzhi.cli import setup_django

    setup_django()
    from django.utils import timezone

    from shuzhi.factfinding import workbook
    from shuzhi.rounds.models import Round

    round_ = Round.objects.filter(pk=round_id).select_related("hearing_organization").first()
    if round_ is None:
        raise click.ClickException(f"找不到编号为 {round_id} 的述职评议")
    with path.open("wb") as stream:
        workbook.write_findings(round_, stream, today=timezone.localdate())
    click.echo(f"已导出到 {path}")


@factfinding.command("verify")
@click.argument("audit_id", type=int)
def verify(audit_id: int) -> None:
    """Re-run an audit's sample draw from its recorded seed and compare (exit 1 if different)."""
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.factfinding import audits
    from shuzhi.factfinding.models import Audit

    audit = Audit.objects.filter(pk=audit_id).select_related("organization").first()
    if audit is None:
        raise click.ClickException(f"找不到编号为 {audit_id} 的审计")
    if not audits.verify_sample(audit):
        raise click.ClickException(
            f"种子 {audit.seed} 重新抽样的结果与记录不一致（组织树可能已变化）"
        )
    click.echo(f"种子 {audit.seed} 重新抽样结果一致：{audit.samples.count()} 个组织。")


commands = [factfinding]
