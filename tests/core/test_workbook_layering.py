"""The workbook layer is pure: no Django, no app. The 指标 sheet (read by the serverless
``shuzhi score``) uses no Django models, and rounds does not import scoring (issue 19's cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

import shuzhi

SRC = Path(shuzhi.__file__).parent


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_workbook_layer_imports_neither_django_nor_any_app() -> None:
    for path in (SRC / "core" / "workbook").glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("django", "shuzhi")), f"{path.name} imports {name}"


def test_the_indicator_sheet_is_pure_and_rounds_never_imports_scoring() -> None:
    sheet = _imports(SRC / "rounds" / "indicator_sheet.py")
    assert not any(n.startswith(("django", "shuzhi.rounds.models")) for n in sheet), sheet
    for path in (SRC / "rounds").rglob("*.py"):
        assert not any(n.startswith("shuzhi.scoring") for n in _imports(path)), path.name


def test_the_indicator_sheet_labels_are_the_engines() -> None:
    from shuzhi.rounds import indicator_sheet
    from shuzhi.scoring.engine import Grade, IndicatorKind, VetoEffect

    assert {k.value: k.label for k in IndicatorKind} == indicator_sheet.KIND_LABELS
    assert {v.value: v.label for v in VetoEffect} == indicator_sheet.VETO_LABELS
    assert {g.value: g.label for g in Grade} == indicator_sheet.GRADE_LABELS
