"""The annual summary: the Word document's numbers are the page's and the API's; the CLI writes it."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client
from docx import Document

from shuzhi.analytics import summary
from shuzhi.cli import main
from tests.analytics.history import build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(small_city):  # type: ignore[no-untyped-def]
    return build_history(small_city)


def _text(content: bytes) -> str:
    document = Document(BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?%?", text)


def test_the_word_summary_s_numbers_equal_the_page_s(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    base = f"/analytics/org/{history.county.code}/rounds/{history.rounds[2025].pk}/"
    page = client.get(base + "summary/").content.decode()
    lines = page.split('data-testid="summary-lines">')[1].split("</article>")[0]
    page_lines = re.findall(r"<p>(.*?)</p>", lines)
    document = _text(client.get(base + "summary.docx").content)
    assert page_lines and all(line in document for line in page_lines)
    data = summary.build(history.rounds[2025], history.county)
    assert f"整改销号率{summary.percent(data.rectification_rate)}" in document
    assert data.reporters == 2 and "共有2名" in document
    api = client.get(
        f"/api/analytics/organizations/{history.county.code}/rounds/{history.rounds[2025].pk}/summary"
    ).json()
    assert api["lines"] == page_lines
    assert api["problems"] == data.problems == 24


def test_the_summary_lists_honours_interviews_themes_and_notices(history) -> None:  # type: ignore[no-untyped-def]
    data = summary.build(history.rounds[2025], history.county)
    assert [n.person for n in data.honours] == ["甲一书记"]
    assert [n.person for n in data.interviews] == ["甲二书记"]
    assert sum(t.problems for t in data.themes) == data.problems
    assert [r.year for r, _ in data.notices] == [2025]


def test_the_cli_writes_the_word_file(history, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "总结.docx"
    result = CliRunner().invoke(main, ["summary", str(history.rounds[2025].pk), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "共有2名" in _text(out.read_bytes())
    missing = CliRunner().invoke(main, ["summary", "99999"])
    assert missing.exit_code != 0 and "找不到" in missing.output


def test_the_api_gives_themes_years_and_dashboard(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    base = f"/api/analytics/organizations/{history.county.code}"
    round_id = history.rounds[2025].pk
    themes = client.get(f"{base}/rounds/{round_id}/themes").json()
    assert sum(t["problems"] for t in themes) == 24
    years = client.get(f"{base}/years").json()
    assert [y["year"] for y in years["years"]] == [2023, 2024, 2025]
    assert years["improved"][0]["organization"] == history.towns[0].name
    board = client.get(f"{base}/rounds/{round_id}/dashboard").json()
    assert {f["key"] for f in board["figures"]} >= {"reports.submitted", "meetings.ballots"}


def test_the_publication_index_page(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history.admin)
    page = client.get(
        f"/analytics/org/{history.county.code}/rounds/{history.rounds[2024].pk}/publications/"
    )
    assert "2024年度结果公示" in page.content.decode()
