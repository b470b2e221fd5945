"""``shuzhi check-report`` on .txt and .docx files, with and without last year's report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from docx import Document

from shuzhi.cli import main
from shuzhi.reports.checks import SECTION_LABELS, SECTIONS, Category
from tests.reports.texts import EMPTY_TALK_TEXT, GOOD_SECTIONS


def _as_text(sections: dict[str, str]) -> str:
    numerals = "一二三四五"
    return "\n".join(
        f"{numerals[n]}、{SECTION_LABELS[c]}\n{sections[c.value]}" for n, c in enumerate(SECTIONS)
    )


def test_txt_report_with_empty_talk_fails_and_names_the_passages(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(EMPTY_TALK_TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check-report", str(path)])
    assert result.exit_code == 1
    assert "[不符合] 套话空话" in result.output and "层层压实责任" in result.output


def test_docx_report_against_last_years_report_as_json(tmp_path):
    this_year = tmp_path / "2026.docx"
    document = Document()
    for line in _as_text(GOOD_SECTIONS).splitlines():
        document.add_paragraph(line)
    document.save(str(this_year))
    last_year = tmp_path / "2025.txt"
    # Last year's report had the same problems paragraph and a commitment nobody answered.
    last = {**GOOD_SECTIONS, Category.COMMITMENTS.value: "承诺年底前建成青石镇智慧党建平台。"}
    last_year.write_text(_as_text(last), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check-report", str(this_year), "--previous", str(last_year), "--json"]
    )
    data = json.loads(result.output)
    findings = {f["rule"]: f for f in data["findings"]}
    assert findings["copying"]["status"] == "fail"
    assert findings["copying"]["pairs"][0]["source"] == "去年报告（2025.txt）"
    assert findings["responsiveness"]["status"] == "fail"
    assert "智慧党建平台" in findings["responsiveness"]["message"]
    assert findings["shares"]["status"] == "pass"


def test_unsupported_file_is_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF")
    result = CliRunner().invoke(main, ["check-report", str(path)])
    assert result.exit_code != 0 and "只支持 .docx 和 .txt" in result.output


@pytest.mark.django_db
def test_reindex_recomputes_stored_signatures(review, settings):
    from shuzhi.reports import services
    from shuzhi.reports.models import PassageBucket, ReportVersion
    from tests.reports.conftest import drafted

    services.submit(actor=review.secretary, report=drafted(review))
    settings.REPORT_CHECKS = {"num_perm": 60, "bands": 10}
    result = CliRunner().invoke(main, ["reindex-reports"])
    assert result.exit_code == 0 and "1 份" in result.output
    version = ReportVersion.objects.get()
    assert len(bytes(version.minhashes)) == len(version.passage_spans) * 60 * 4
    assert PassageBucket.objects.count() == len(version.passage_spans) * 10
