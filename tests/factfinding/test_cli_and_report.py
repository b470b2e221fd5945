"""The CLI (export, verify) and the Word audit report."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from shuzhi.cli import main
from shuzhi.factfinding import audits, services
from shuzhi.factfinding.documents import write_audit_report
from shuzhi.factfinding.models import AuditSample
from tests.factfinding.conftest import unannounced

pytestmark = pytest.mark.django_db


def test_the_cli_exports_the_findings_and_verifies_a_sample(
    scene, small_city, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    services.record_finding(
        actor=scene.admin, visit=unannounced(scene), responsibility="甲", text="问题一"
    )
    target = tmp_path / "清单.xlsx"
    result = CliRunner().invoke(main, ["factfinding", "export", str(scene.round.pk), str(target)])
    assert result.exit_code == 0, result.output
    assert load_workbook(target)["问题清单"]["F3"].value == "问题一"
    audit = audits.plan_audit(
        actor=scene.admin, round=scene.round, organization=small_city.county_a, seed="s1"
    )
    result = CliRunner().invoke(main, ["factfinding", "verify", str(audit.pk)])
    assert result.exit_code == 0 and "一致" in result.output
    AuditSample.objects.filter(audit=audit).first().delete()  # type: ignore[union-attr]
    assert CliRunner().invoke(main, ["factfinding", "verify", str(audit.pk)]).exit_code == 1


def test_the_audit_report_names_the_seed_the_score_and_the_deadline(scene, small_city) -> None:  # type: ignore[no-untyped-def]
    audit = audits.plan_audit(
        actor=scene.admin, round=scene.round, organization=small_city.county_a, seed="公开种子"
    )
    audits.start_audit(actor=scene.admin, audit=audit, today=date(2025, 10, 9))
    audits.record_audit_finding(
        actor=scene.admin, audit=audit, sampled=None, responsibility="党费", text="未按月收缴"
    )
    for item in audit.checklist.all():
        audits.score_item(actor=scene.admin, item=item, awarded=item.max_points)
    audits.issue_report(
        actor=scene.admin, audit=audit, conclusion="总体较好", today=date(2025, 10, 20)
    )
    stream = BytesIO()
    write_audit_report(audit, stream)
    stream.seek(0)
    text = "\n".join(p.text for p in Document(stream).paragraphs)
    assert "公开种子" in text and "100.00" in text and "2025-12-20" in text and "未按月收缴" in text
