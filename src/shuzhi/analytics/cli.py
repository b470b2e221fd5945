"""``shuzhi summary ROUND``: the annual summary as a Word file (thin: the same build as the page)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("summary")
@click.argument("round_id", type=int)
@click.option("--org", "code", help="组织编码（默认：听取述职的党组织）。")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="输出文件。")
def summary(round_id: int, code: str | None, out: Path | None) -> None:
    """Write the annual summary (年度述职评议考核工作总结) of a round as .docx."""
    from shuzhi.cli import setup_django

    setup_django()
    from shuzhi.analytics import documents
    from shuzhi.analytics import summary as building
    from shuzhi.orgs.models import Organization
    from shuzhi.rounds.models import Round

    round_ = Round.objects.select_related("hearing_organization").filter(pk=round_id).first()
    if round_ is None:
        raise click.ClickException(f"找不到编号为 {round_id} 的考核轮次")
    organization = round_.hearing_organization
    if code:
        found = Organization.objects.filter(code=code).first()
        if found is None:
            raise click.ClickException(f"找不到编码为「{code}」的组织")
        organization = found
    data = building.build(round_, organization)
    path = out or Path(f"{organization.name}{round_.year}年度述职评议考核工作总结.docx")
    path.write_bytes(documents.summary_document(data))
    for line in building.sentences(data):
        click.echo(line)
    click.echo(f"已写入 {path}")


commands: list[click.Command] = [summary]
