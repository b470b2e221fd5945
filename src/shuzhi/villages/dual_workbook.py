"""The sheets of 双述双评 (through ``core.workbook``): the assessors' scores of a village round and
the roll of a democratic evaluation. Templates and reading; reading checks every row and lists
every error by sheet, row and column, and the services (``dual.import_assessor_scores``,
``evaluation.import_electors``) write nothing unless every row passes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from shuzhi.core.vocabulary.base import choices_of
from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.core.workbook import (
    CellType,
    Column,
    RowError,
    SheetSchema,
    choice_map,
    new_workbook,
    read_one_sheet,
    workbook_bytes,
    write_sheet,
)
from shuzhi.villages.rules import ELECTOR_CATEGORIES, AssessorKind
from shuzhi.villages.star_workbook import finish_sheet

KINDS = choice_map(AssessorKind.choices)
CATEGORIES = choice_map(choices_of(VoterCategory(value) for value in ELECTOR_CATEGORIES))

ASSESSOR_SCORES = SheetSchema(
    "考评打分",
    (
        Column("组织编码", key="code"),
        Column("村名称", key="name", required=False, width=24),
        Column("评分人类别", key="kind", choices=KINDS, required=False, width=20),
        Column("评分人", key="assessor", required=False, width=16),
        Column(
            "得分", CellType.NUMBER, key="score", required=False, places=2, number_format="0.00"
        ),
    ),
)


ROLL = SheetSchema(
    "民主评议名单",
    (
        Column("人员编码", key="code", width=20),
        Column("姓名", key="name", required=False, width=14),
        Column("类别", key="category", choices=CATEGORIES, width=14),
    ),
)

#: Personnel codes of the sheet → (their people as {code: (name, kept by the village)},
#: those already on the roll as {code: category}).
Lookup = Callable[[set[str]], tuple[Mapping[str, tuple[str, bool]], Mapping[str, str]]]


@dataclass(frozen=True)
class ScoreRow:
    number: int
    code: str
    kind: str
    assessor: str
    score: Decimal


@dataclass(frozen=True)
class ElectorRow:
    number: int
    code: str
    category: str


def read_assessor_scores(stream: IO[bytes], villages: Mapping[str, str]) -> list[ScoreRow]:
    """The score rows; ``villages`` maps each village code of the round to its name. A row
    whose assessor and score are all empty is a template row left unfilled and is skipped."""
    errors: list[RowError] = []
    found: list[ScoreRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in read_one_sheet(stream, ASSESSOR_SCORES, errors):
        if not (row.text("kind") or row.text("assessor") or row.text("score")):
            continue
        code = row.required_text("code")
        kind = row.choice("kind", required=True)
        assessor = row.required_text("assessor")
        score = row.decimal("score", required=True)
        if code and code not in villages:
            row.fail("code", f"「{code}」不是本次双述双评的村")
            continue
        if len(assessor) > 50:
            row.fail("assessor", "评分人不超过 50 字")
            continue
        if score is not None and not Decimal(0) <= score <= Decimal(100):
            row.fail("score", f"得分应在 0 到 100 之间（收到 {score}）")
            continue
        if not (code and kind and assessor and score is not None):
            continue
        key = (kind, assessor, code)
        if key in seen:
            row.fail(
                "code", f"评分人「{assessor}」对「{villages[code]}」的打分与第 {seen[key]} 行重复"
            )
            continue
        seen[key] = row.number
        found.append(ScoreRow(row.number, code, kind, assessor, score))
    finish_sheet(errors, found, ASSESSOR_SCORES)
    return found


def assessor_template(villages: Sequence[tuple[str, str]]) -> bytes:
    """The round's villages as rows (code and name); the township fills in the assessor's kind,
    name and score, copying the rows once per assessor."""
    workbook = new_workbook()
    rows = [(code, name, None, None, None) for code, name in villages]
    write_sheet(workbook, ASSESSOR_SCORES, rows, choice_lists=True)
    return workbook_bytes(workbook)


def read_roll(stream: IO[bytes], lookup: Lookup) -> list[ElectorRow]:
    """The roll's rows. ``lookup`` finds the sheet's people in one go: a code must be a person
    kept by the village (its subtree), named as in the sheet if a name is given; someone already
    on the roll with the same category is accepted (nothing changes), another is refused."""
    labels = {code: label for label, code in CATEGORIES.items()}
    errors: list[RowError] = []
    found: list[ElectorRow] = []
    seen: dict[str, int] = {}
    rows = read_one_sheet(stream, ROLL, errors)
    people, on_roll = lookup({row.text("code") for row in rows} - {""})
    for row in rows:
        if not row.text("category"):
            continue  # a person of the village's template not put on the roll
        code = row.required_text("code")
        name = row.text("name")
        category = row.choice("category")
        if not code:
            continue
        if code not in people:
            row.fail("code", f"找不到人员编码「{code}」")
            continue
        known_name, in_village = people[code]
        if not in_village:
            row.fail("code", f"「{code}」（{known_name}）不属于本村，不能列入本村名单")
            continue
        if name and name != known_name:
            row.fail("name", f"与人员编码「{code}」登记的姓名「{known_name}」不一致")
            continue
        if code in seen:
            row.fail("code", f"「{code}」与第 {seen[code]} 行重复")
            continue
        seen[code] = row.number
        if category and code in on_roll and on_roll[code] != category:
            row.fail("category", f"已在名单中，类别为{labels.get(on_roll[code], on_roll[code])}")
            continue
        if category:
            found.append(ElectorRow(row.number, code, category))
    finish_sheet(errors, found, ROLL)
    return found


def roll_template(people: Sequence[tuple[str, str, str]]) -> bytes:
    """The village's people as rows: (code, name, category code if on the roll, else "")."""
    labels = {code: label for label, code in CATEGORIES.items()}
    workbook = new_workbook()
    write_sheet(
        workbook,
        ROLL,
        [(code, name, labels.get(category) or None) for code, name, category in people],
        choice_lists=True,
    )
    return workbook_bytes(workbook)
