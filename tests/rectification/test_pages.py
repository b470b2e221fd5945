"""The pages: an item taken through the flow over HTTP, rejected forms keep their input."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from shuzhi.rectification.models import Problem, RectificationItem
from tests.rectification.conftest import PNG, raise_problem

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_problem_becomes_an_item_and_is_signed_off_over_http(small_city, cast):
    problem = raise_problem(small_city.town_a1, "三会一课落实不到位")
    owner, superior = _client(cast.owner), _client(cast.superior)
    page = owner.get(f"/rectification/org/{small_city.town_a1.code}/").content.decode()
    assert "三会一课落实不到位" in page and "<svg" not in page and "暂无整改事项" in page
    response = owner.post(
        f"/rectification/problems/{problem.pk}/item/",
        {
            "measures": "逐月检查",
            "deadline": "2026-06-30",
            "milestone": "建立台账",
            "milestone_date": "2026-02-01",
        },
    )
    item = RectificationItem.objects.get(problem=problem)
    assert response.status_code == 302 and item.milestones.count() == 1
    page = owner.get(f"/rectification/org/{small_city.town_a1.code}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "甲1镇党委（本级）" in page
    url = f"/rectification/items/{item.pk}/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner.post(url + "evidence/", {"file": SimpleUploadedFile("照片.png", PNG), "note": "会议现场"})
    owner.post(url + "start/")
    owner.post(url + "submit/", {"progress": "已完成"})
    refused = owner.post(url + "close/", {"reason": "自己销号"})
    assert refused.status_code == 400 and "只有上级组织才能销号" in refused.content.decode()
    missing = superior.post(url + "return/", {"reason": ""})
    assert missing.status_code == 400 and "必须填写理由" in missing.content.decode()
    superior.post(url + "return/", {"reason": "记录不全"})
    owner.post(url + "submit/", {"progress": "补齐记录"})
    assert "待我销号" in superior.get("/rectification/").content.decode()
    superior.post(url + "close/", {"reason": "经核实已整改"})
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_by == cast.superior
    assert "经核实已整改" in owner.get(url).content.decode()


def test_rejected_manual_problem_keeps_its_input(small_city, cast):
    response = _client(cast.owner).post(
        f"/rectification/org/{small_city.town_a1.code}/problems/new/",
        {"source": "audit", "text": "", "year": "2025", "reference": "审计〔2025〕9号"},
    )
    assert response.status_code == 400
    assert "审计〔2025〕9号" in response.content.decode()
    assert not Problem.objects.exists()


def test_bad_evidence_is_refused_with_a_chinese_reason(small_city, cast, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(cast.owner).post(
        f"/rectification/items/{item.pk}/evidence/",
        {"file": SimpleUploadedFile("报告.pdf", b"not a pdf")},
    )
    assert (
        response.status_code == 400 and "文件内容与扩展名「pdf」不符" in response.content.decode()
    )
    assert not item.evidence.exists()


def test_ledger_and_report_downloads(small_city, cast, item):
    client = _client(cast.superior)
    response = client.get(f"/rectification/org/{small_city.county_a.code}/ledger.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["C3"].value == "组织生活不规范"
    report = client.get(f"/rectification/org/{small_city.town_a1.code}/report.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"


def test_another_county_is_not_found(small_city, cast, item):
    client = _client(cast.outsider)
    assert client.get(f"/rectification/items/{item.pk}/").status_code == 404
    assert client.get(f"/rectification/org/{small_city.town_a1.code}/").status_code == 404


def test_report_deadline_form(small_city, cast):
    client = _client(cast.owner)
    client.post(
        f"/rectification/org/{small_city.town_a1.code}/reports/new/",
        {"title": "审计整改报告", "basis_date": "2026-01-15", "months": "2"},
    )
    page = client.get(f"/rectification/org/{small_city.town_a1.code}/").content.decode()
    assert "审计整改报告" in page and "2026-03-15" in page


def test_pages_link_no_organisation_the_user_cannot_open(small_city, cast):
    from shuzhi.rectification import services

    problem = raise_problem(small_city.town_a1, "根源在县里")
    services.escalate_problem(actor=cast.owner, problem=problem, reason="县级政策")
    owner = _client(cast.owner)
    county = f'href="/rectification/org/{small_city.county_a.code}/"'
    assert (
        county not in owner.get(f"/rectification/org/{small_city.town_a1.code}/").content.decode()
    )
    page = owner.get(f"/rectification/problems/{problem.pk}/").content.decode()
    assert "已上移至" in page and "甲县委" in page
    assert f'href="/rectification/problems/{problem.escalated_to_id}/"' not in page
    problem.refresh_from_db()
    superior_page = _client(cast.superior).get(f"/rectification/problems/{problem.pk}/")
    assert (
        f'href="/rectification/problems/{problem.escalated_to_id}/"'
        in superior_page.content.decode()
    )
    town_page = _client(cast.superior).get(f"/rectification/org/{small_city.town_a1.code}/")
    assert county in town_page.content.decode()
