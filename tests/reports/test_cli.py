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
    from shuzhi.reports.models import CopyEntry, PassageBucket, ReportVersion
    from tests.reports.conftest import drafted

    services.submit(actor=review.secretary, report=drafted(review))
    settings.REPORT_CHECKS = {"num_perm": 60, "bands": 10}
    result = CliRunner().invoke(main, ["reindex-reports"])
    assert result.exit_code == 0 and "1 份" in result.output
    version = ReportVersion.objects.get()
    assert len(bytes(version.minhashes)) == len(version.passage_spans) * 60 * 4
    assert bytes(CopyEntry.objects.get().minhashes) == bytes(version.minhashes)
    assert PassageBucket.objects.count() == len(version.passage_spans) * 10


TEMPLATE_REPORT = """一、履行职责情况
镇党委全年召开党建专题会议X次，新建党群服务中心X个，XX村党支部发展党员XX名。
二、存在的问题
一是党建阵地利用率不高，XX村党群服务中心平时大门紧锁。二是流动党员管理不到位，XX名流动党员失联。
三、原因分析
一是青壮年大量外出务工，留守党员多为老弱病残。二是部分群众素质不高。
四、下一步措施
一是为流动党员逐一建立联系卡，每月联系一次。
"""


def test_the_command_shows_the_new_findings(tmp_path):
    path = tmp_path / "模板.txt"
    path.write_text(TEMPLATE_REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check-report", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert "[不符合] 未完成文字" in out and "未填写：X次" in out
    assert "[不符合] 本人履职" in out and "只谈单位工作" in out
    assert "[不符合] 原因剖析" in out and "客观原因" in out
    assert "问题与措施对应" in out and "↔ 措施：（未找到对应的整改措施）" in out
    assert "↔ 措施：一是为流动党员逐一建立联系卡" in out
    assert "具体事例" in out
