"""The villages' workbooks (through ``core.workbook``): the assessment import (scores, the two
committees with base pay), the township pay sheet, the star-rating sheet. Layouts in
docs/villages.md; imports are all or nothing with row-numbered Chinese errors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from shuzhi.core.workbook import (
    CellType,
    Column,
    PrintSetup,
    RowError,
    SheetSchema,
    WorkbookInvalid,
    new_workbook,
    open_workbook,
    read_sheet,
    require_sheets,
    workbook_bytes,
    write_sheet,
)
from shuzhi.villages.rules import CommitteeRole, VillageClass

SCORES = SheetSchema(
    "村级得分",
    (
        Column("组织编码", key="code"),
        Column("组织名称", key="name", required=False, width=24),
        Column("得分", CellType.NUMBER, key="score", places=2, number_format="0.00", width=10),
    ),
)
MEMBERS = SheetSchema(
    "两委成员",
    (
        Column("组织编码", key="code"),
        Column("姓名", key="name"),
        Column("职务", key="role", choices=CommitteeRole.by_label()),
        Column("基本报酬（元）", CellType.NUMBER, key="base_pay", places=2, number_format="0.00"),
    ),
)
PAY_SHEET = SheetSchema(
    "绩效报酬发放表",
    (
        Column("排名", CellType.INTEGER, width=6),
        Column("村（社区）", width=24),
        Column("得分", CellType.NUMBER, number_format="0.00", width=8),
        Column("类别", width=6),
        Column("十佳", width=6),
        Column("姓名", width=10),
        Column("职务", width=16),
        Column("基本报酬（元）", CellType.NUMBER, number_format="0.00"),
        Column("发放比例", CellType.NUMBER, number_format="0.##", width=10),
        Column("绩效报酬（元）", CellType.NUMBER, number_format="0.00"),
    ),
)


@dataclass(frozen=True)
class MemberRow:
    name: str
    role: str
    base_pay: Decimal


@dataclass(frozen=True)
class AssessmentSheet:
    """A checked import: score and committee members per village code."""

    scores: dict[str, Decimal]
    members: dict[str, list[MemberRow]]


def read_assessment(stream: IO[bytes], known_codes: Iterable[str]) -> AssessmentSheet:
    """Read and check the whole workbook; ``WorkbookInvalid`` lists every error, nothing kept.

    ``known_codes`` are the villages of the assessing organisation's subtree: any other code is
    refused as not found (another subtree's village is not revealed).
    """
    known = set(known_codes)
    workbook = open_workbook(stream)
    errors = require_sheets(workbook, [SCORES.name, MEMBERS.name])
    scores: dict[str, Decimal] = {}
    for row in read_sheet(workbook, SCORES, errors):
        code, score = row.value("code"), row.value("score")
        if code and code not in known:
            row.fail("code", f"找不到编码为「{code}」的村（社区），或它不在考评范围内")
        elif code in scores:
            row.fail("code", f"「{code}」重复出现")
        elif score is not None and not Decimal(0) <= score <= Decimal(100):
            row.fail("score", f"得分应在 0 到 100 之间（收到 {score}）")
        elif code and score is not None:
            scores[code] = score
    members: dict[str, list[MemberRow]] = {}
    for row in read_sheet(workbook, MEMBERS, errors):
        code, name = row.value("code"), row.value("name")
        role, pay = row.value("role"), row.value("base_pay")
        if code and code not in known:
            row.fail("code", f"找不到编码为「{code}」的村（社区），或它不在考评范围内")
            continue
        if code and code not in scores and code in known:
            row.fail("code", f"「{code}」在「{SCORES.name}」表中没有得分")
            continue
        if pay is not None and pay < 0:
            row.fail("base_pay", f"基本报酬不能为负数（收到 {pay}）")
            continue
        if code and name and any(m.name == name for m in members.get(code, [])):
            row.fail("name", f"「{name}」在同一村（社区）重复出现")
            continue
        if code and name and role and pay is not None:
            members.setdefault(code, []).append(MemberRow(name, role, pay))
    workbook.close()
    if errors:
        raise WorkbookInvalid(errors)
    if not scores:
        raise WorkbookInvalid([RowError(SCORES.name, 0, "", "没有任何得分")])
    return AssessmentSheet(scores, members)


def assessment_template(villages: Sequence[tuple[str, str]]) -> bytes:
    """The import template, pre-filled with the villages' codes and names."""
    workbook = new_workbook()
    write_sheet(workbook, SCORES, [(code, name, None) for code, name in villages])
    write_sheet(workbook, MEMBERS, [], choice_lists=True)
    return workbook_bytes(workbook)


@dataclass(frozen=True)
class PayLine:
    rank: int | None
    village: str
    score: Decimal
    klass: str
    top_ten: bool
    name: str
    role: str
    base_pay: Decimal
    pay_share: Decimal | None
    bonus: Decimal | None


def pay_sheet(
    lines: Sequence[PayLine],
    *,
    title: str,
    unit: str,
    made_on: date,
    sign_offs: Mapping[str, str],
) -> bytes:
    """A township's pay sheet: one line per committee member, the total, then the sign-offs."""
    workbook = new_workbook()
    rows: list[list[Any]] = [
        [
            line.rank,
            line.village,
            line.score,
            VillageClass(line.klass).label if line.klass else "",
            "是" if line.top_ten else "",
            line.name,
            CommitteeRole(line.role).label,
            line.base_pay,
            line.pay_share,
            line.bonus,
        ]
        for line in lines
    ]
    total = sum((line.bonus or Decimal(0) for line in lines), Decimal(0))
    rows.append([None, "合计", None, "", "", "", "", None, None, total])
    for label, signed in sign_offs.items():
        rows.append([None, label, None, "", "", signed, "", None, None, None])
    write_sheet(
        workbook,
        PAY_SHEET,
        rows,
        heading=title,
        print_setup=PrintSetup(unit=unit, made_on=made_on),
    )
    return workbook_bytes(workbook)
