"""The 问题清单 export and the all-or-nothing import of paper findings."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.factfinding import services, workbook
from shuzhi.factfinding.models import Finding
from shuzhi.rectification.models import Problem
from tests.factfinding.conftest import unannounced


def _paper(*rows: tuple[str, str, str, str]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "纸质问题"
    sheet.append(["单位编码", "来源", "对应责任事项", "问题"])
    for row in rows:
        sheet.append(list(row))
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def test_paper_findings_are_imported_and_an_inspections_are_listed(scene) -> None:  # type: ignore[no-untyped-def]
    stream = _paper(
        ("C-A1", "视察发现", "组织生活", "未按期换届"), ("C-A2", "暗访发现", "便民服务", "窗口无人")
    )
    assert workbook.import_paper(actor=scene.admin, round=scene.round, stream=stream) == 2
    assert Finding.objects.filter(round=scene.round).count() == 2
    assert Problem.objects.get(organization=scene.town).source == "inspection"


def test_an_import_with_a_bad_row_writes_nothing_and_names_the_row(scene) -> None:  # type: ignore[no-untyped-def]
    stream = _paper(
        ("C-A1", "视察发现", "组织生活", "未按期换届"),
        ("NOPE", "视察发现", "组织生活", "某问题"),
        ("C-A1", "随便写", "组织生活", "某问题"),
        ("C-A1", "视察发现", "", "没有责任事项"),
    )
    with pytest.raises(WorkbookInvalid) as refused:
        workbook.import_paper(actor=scene.admin, round=scene.round, stream=stream)
    text = "\n".join(str(e) for e in refused.value.errors)
    assert "第 3 行" in text and "NOPE" in text
    assert "第 4 行" in text and "第 5 行" in text
    assert not Finding.objects.exists() and not Problem.objects.exists()


def test_the_export_lists_every_finding_by_unit_as_text(scene, small_city) -> None:  # type: ignore[no-untyped-def]
    visit = unannounced(scene)
    services.record_finding(
        actor=scene.admin, visit=visit, responsibility="=SUM(A1)", text="问题一"
    )
    stream = BytesIO()
    workbook.write_findings(scene.round, stream, today=date(2025, 12, 1))
    stream.seek(0)
    sheet = load_workbook(stream)["问题清单"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][1:7] == (
        "C-A1",
        small_city.town_a1.name,
        "暗访发现",
        "=SUM(A1)",
        "问题一",
        "待认账",
    )
    assert sheet.cell(3, 5).data_type == "s"
