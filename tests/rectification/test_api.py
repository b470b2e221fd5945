"""The JSON API and the remaining page actions (milestones, evidence download, interviews)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shuzhi.orgs.models import Person
from shuzhi.rectification import services
from shuzhi.rectification.models import AccountabilityAction, Interview
from tests.rectification.conftest import PNG, png

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_api_flow_refusals_come_back_as_400_with_the_reason(item, cast):
    owner, superior = _client(cast.owner), _client(cast.superior)
    url = f"/api/rectification/items/{item.pk}"
    assert owner.post(f"{url}/start", {}, content_type="application/json").json()["status"] == (
        "in_progress"
    )
    refused = owner.post(f"{url}/submit", {}, content_type="application/json")
    assert refused.status_code == 400 and "佐证材料" in refused.json()["detail"]
    services.attach_evidence(actor=cast.owner, item=item, upload=png())
    assert owner.post(f"{url}/submit", {}, content_type="application/json").status_code == 200
    no_reason = superior.post(f"{url}/close", {}, content_type="application/json")
    assert no_reason.status_code == 400
    closed = superior.post(f"{url}/close", {"reason": "核实"}, content_type="application/json")
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "核实"
    assert owner.post(f"{url}/bogus", {}, content_type="application/json").status_code == 404


def test_api_lists_problems_ledger_and_dashboard(item, cast, small_city):
    client = _client(cast.superior)
    problems = client.get(f"/api/rectification/organizations/{small_city.town_a1.code}/problems")
    first = problems.json()[0]
    assert first["item_id"] == item.pk and first["status"].startswith("待整改")
    ledger = client.get(f"/api/rectification/organizations/{small_city.county_a.code}/items").json()
    assert [row["id"] for row in ledger] == [item.pk]
    dashboard = client.get(f"/api/rectification/organizations/{small_city.county_a.code}/dashboard")
    assert sum(row["open"] + row["overdue"] for row in dashboard.json()) == 1


def test_api_manual_problem_entry(small_city, cast):
    client = _client(cast.owner)
    url = f"/api/rectification/organizations/{small_city.town_a1.code}/problems"
    body = {"source": "unannounced_visit", "text": "值班制度未落实", "year": 2026}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "未立整改事项"
    wrong = client.post(url, body | {"source": "self"}, content_type="application/json")
    assert wrong.status_code == 400 and "来源" in wrong.json()["detail"]


def test_milestone_done_and_evidence_download(item, cast):
    client = _client(cast.owner)
    milestone = item.milestones.get()
    client.post(f"/rectification/milestones/{milestone.pk}/done/")
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    client.post(
        f"/rectification/items/{item.pk}/evidence/",
        {"file": SimpleUploadedFile("照片.png", PNG), "note": ""},
    )
    evidence = item.evidence.get()
    download = client.get(f"/rectification/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]
    assert _client(cast.outsider).get(f"/rectification/evidence/{evidence.pk}/").status_code == 404


def test_interview_and_accountability_forms(small_city, county_admin):
    client = _client(county_admin)
    person = Person.objects.get(code="P-SEC")
    base = f"/rectification/org/{small_city.town_a1.code}"
    bad = client.post(
        f"{base}/interviews/new/",
        {"person": person.pk, "reason": "audit_finding", "detail": "审计发现", "outcome": "整改"},
    )
    assert bad.status_code == 400 and "约谈日期" in bad.content.decode()
    assert "审计发现" in bad.content.decode()  # the rejected form keeps its input
    client.post(
        f"{base}/interviews/new/",
        {"person": person.pk, "reason": "audit_finding", "detail": "审计发现"},
    )
    interview = Interview.objects.get()
    client.post(
        f"/rectification/interviews/{interview.pk}/outcome/",
        {"held_on": "2026-03-01", "interviewer": "李部长", "outcome": "限期整改"},
    )
    client.post(
        f"{base}/accountability/new/",
        {"person": person.pk, "kind": "criticism", "decided_on": "2026-03-10", "reason": "逾期"},
    )
    interview.refresh_from_db()
    assert interview.outcome == "限期整改"
    assert AccountabilityAction.objects.get().get_kind_display() == "通报批评"
    page = client.get(f"{base}/").content.decode()
    assert "李部长" in page and "通报批评" in page
