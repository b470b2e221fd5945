"""The 问题清单 workbook of a round (every finding by unit) and the import of paper findings,
both through ``core.workbook`` (docs/workbooks.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db import transaction

from shuzhi.accounts.access import has_permission, require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    choice_map,
    new_workbook,
    open_workbook,
    read_sheet,
    write_sheet,
)
from shuzhi.factfinding.models import FINDING_SOURCES, Finding
from shuzhi.factfinding.publishing import raise_findings
from shuzhi.factfinding.rules import Acknowledgement
from shuzhi.orgs.models import Organization
from shuzhi.orgs.tree import is_within
from shuzhi.rounds.models import Round

FINDINGS = SheetSchema(
    "问题清单",
    (
        Column("序号", CellType.INTEGER, width=6),
        Column("单位编码", width=14),
        Column("单位名称", width=24),
        Column("来源", width=10),
        Column("对应责任事项", width=24),
        Column("问题", width=50),
        Column("认账情况", width=14),
        Column("发现日期", CellType.DATE, required=False, width=12),
    ),
)

#: Paper findings: an inspection's (listed at once) or an unannounced visit's (after 认账).
PAPER_SOURCES = [(v, label) for v, label in FINDING_SOURCES if v != ProblemSource.AUDIT]
PAPER = SheetSchema(
    "纸质问题",
    (
        Column("单位编码", key="code"),
        Column("来源", key="source", choices=choice_map(PAPER_SOURCES)),
        Column("对应责任事项", key="responsibility", width=24),
        Column("问题", key="text", width=50),
    ),
)


def finding_rows(round: Round) -> Iterator[list[object]]:
    """One row per finding, by unit in tree order: values only, so 100,000 rows stream."""
    sources = dict(ProblemSource.choices)
    acks = dict(Acknowledgement.choices)
    rows = (
        Finding.objects.filter(round=round)
        .order_by("organization__path", "pk")
        .values_list(
            "organization__code",
            "organization__name",
            "source",
            "responsibility",
            "text",
            "acknowledgement",
            "created_at",
        )
        .iterator(chunk_size=5000)
    )
    for number, (code, name, source, duty, text, ack, created) in enumerate(rows, start=1):
        yield [number, code, name, sources[source], duty, text, acks[ack], created.date()]


def write_findings(round: Round, stream: IO[bytes], *, today: date) -> None:
    """The round's 问题清单 as .xlsx (streamed)."""
    book = new_workbook(write_only=True)
    write_sheet(
        book,
        FINDINGS,
        finding_rows(round),
        # Streamed (a round may hold 100,000 findings): write-only sheets take no print setup.
        heading=f"{round.name}调研摸底问题清单（{today:%Y年%m月%d日}）",
    )
    book.save(stream)


@dataclass(frozen=True)
class PaperFinding:
    organization: Organization
    source: str
    responsibility: str
    text: str


def read_paper(stream: Any, *, actor: User, round: Round) -> list[PaperFinding]:
    """Every row checked; any error and nothing is returned (``WorkbookInvalid``)."""
    workbook = open_workbook(stream)
    errors: list[RowError] = []
    rows = list(read_sheet(workbook, PAPER, errors))
    codes = {str(r.value("code") or "") for r in rows}
    known = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    found = []
    for row in rows:
        code, source = row.value("code"), row.value("source")
        duty, text = row.value("responsibility"), row.value("text")
        organization = known.get(str(code or ""))
        if code and (
            organization is None
            or not is_within(organization.path, round.hearing_organization.path)
            or not has_permission(actor, "factfinding.record", organization)
        ):
            row.fail("code", f"找不到编码为「{code}」的单位，或它不在本轮范围或您的管理范围内")
            continue
        if organization and source and duty and text:
            found.append(PaperFinding(organization, str(source), str(duty), str(text)))
    workbook.close()
    if not rows and not errors:
        errors.append(RowError(PAPER.name, 1, "", "表中没有问题记录"))
    if errors:
        raise WorkbookInvalid(errors)
    return found


@transaction.atomic
def import_paper(*, actor: User, round: Round, stream: Any) -> int:
    """Import findings collected on paper: all or nothing, row-numbered Chinese errors."""
    require(actor, "factfinding.record", round.hearing_organization)
    paper = read_paper(stream, actor=actor, round=round)
    created = Finding.objects.bulk_create(
        Finding(
            round=round,
            organization=p.organization,
            source=p.source,
            responsibility=p.responsibility.strip(),
            text=p.text.strip(),
            recorded_by=actor,
        )
        for p in paper
    )
    record(
        actor=actor,
        action="factfinding.finding.import",
        target=round,
        organization=round.hearing_organization,
        after={"findings": len(created)},
    )
    for finding in created:
        finding.round = round
    raise_findings(f for f in created if f.source == ProblemSource.INSPECTION)
    return len(created)
