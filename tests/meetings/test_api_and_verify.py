"""The ballot API, the meeting API, and ``shuzhi meetings verify`` on an export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from shuzhi.cli import main
from shuzhi.meetings import archive, box
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


def _post(client: Client, payload: dict) -> tuple[int, dict]:
    response = client.post("/api/meetings/ballots", payload, content_type="application/json")
    return response.status_code, response.json()


def test_ballot_api_one_token_one_ballot_idempotent(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    ballot = {"token": token, **all_graded(world, "good", "average")}
    client = Client()
    status, first = _post(client, ballot)
    assert status == 200 and first["meeting_title"] == world.meeting.title
    status, again = _post(client, ballot)
    assert status == 200 and again["receipt"] == first["receipt"] and again["repeated"]
    status, refused = _post(client, {"token": token, **all_graded(world, "poor")})
    assert status == 400 and "已经投过票" in refused["errors"][0]


def test_meeting_api_hides_results_until_closed(world):
    open_formal(world)
    for token in issue(world, "leader", 6):
        _post(Client(), {"token": token, **all_graded(world, "fair")})
    client = Client()
    client.force_login(world.host)
    detail = client.get(f"/api/meetings/{world.meeting.pk}").json()
    # While voting runs the count moves in steps of the meeting's turnout step (5).
    assert detail["ballots_cast"] == 5 and detail["results"] is None
    assert client.get(f"/api/meetings/{world.meeting.pk}/export").status_code == 409
    box.close_box(actor=world.host, meeting=world.meeting)
    detail = client.get(f"/api/meetings/{world.meeting.pk}").json()
    assert detail["ballots_cast"] == 6
    first = detail["results"][0]
    assert first["totals"]["fair"] == 6 and first["good_or_fair_percent"] == "100.00"
    assert first["score"] == "80.00" and detail["digest"]


@pytest.fixture
def closed_export(world, tmp_path: Path) -> Path:
    open_formal(world)
    tokens = issue(world, "leader", 4) + issue(world, "masses", 2)
    grades = ["good", "fair", "average", "poor"]
    for n, token in enumerate(tokens):
        data = all_graded(world, grades[n % 4], grades[(n + 1) % 4], comment=f"意见{n}")
        _post(Client(), {"token": token, **data})
    box.close_box(actor=world.host, meeting=world.meeting)
    client = Client()
    client.force_login(world.host)
    path = tmp_path / "ballots.json"
    path.write_bytes(client.get(f"/meetings/{world.meeting.pk}/export.json").content)
    return path


def test_digest_and_tally_recomputed_from_the_export(world, closed_export):
    world.meeting.refresh_from_db()
    result = CliRunner().invoke(main, ["meetings", "verify", str(closed_export)])
    assert result.exit_code == 0, result.output
    assert f"摘要：{world.meeting.digest}" in result.output and "核验通过" in result.output
    assert "有效票 6 张，无效票 0 张" in result.output


def test_verify_detects_a_changed_ballot(closed_export):
    body = json.loads(closed_export.read_text())
    body["ballots"][2]["ballot"]["comment"] = "被改过"
    closed_export.write_text(json.dumps(body, ensure_ascii=False))
    result = CliRunner().invoke(main, ["meetings", "verify", str(closed_export)])
    assert result.exit_code != 0 and "摘要不一致" in result.output


def test_verify_detects_a_changed_tally(closed_export):
    body = json.loads(closed_export.read_text())
    counts = next(iter(body["tally"]["reporters"].values()))["counts"]
    next(iter(counts.values()))["good"] += 1
    closed_export.write_text(json.dumps(body, ensure_ascii=False))
    verification = archive.verify_json(closed_export.read_text())
    assert not verification.ok and "重新计票的结果" in verification.problems[0]


def test_csv_export_verifies_with_the_genesis(world, closed_export, tmp_path):
    from shuzhi.meetings import rules

    client = Client()
    client.force_login(world.host)
    path = tmp_path / "ballots.csv"
    path.write_bytes(client.get(f"/meetings/{world.meeting.pk}/export.csv").content)
    genesis = rules.genesis(world.meeting.pk, False)
    result = CliRunner().invoke(main, ["meetings", "verify", str(path), "--genesis", genesis])
    world.meeting.refresh_from_db()
    assert result.exit_code == 0 and world.meeting.digest in result.output
