"""The report pages: editor with live checks, review form, diff, chain settings, export."""

from __future__ import annotations

import pytest
from django.test import Client

from shuzhi.reports import services
from shuzhi.reports.models import DutyReport, ReportStatus, ReviewStep
from tests.reports.conftest import ALL_GATES, drafted, pass_step
from tests.reports.texts import BOASTFUL_SECTIONS, GOOD_SECTIONS

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_secretary_opens_the_editor_from_the_list(review):
    client = _client(review.secretary)
    html = client.get("/reports/").content.decode()
    assert "甲一书记" in html and "未开始" in html
    response = client.get(f"/reports/reporters/{review.reporter.pk}/")
    report = DutyReport.objects.get()
    assert response.url == f"/reports/{report.pk}/edit/"
    assert "逐项回应去年的问题和承诺" in client.get(response.url).content.decode()


def test_live_checks_read_the_unsaved_editor(review):
    report = drafted(review)
    client = _client(review.secretary)
    html = client.post(
        f"/reports/{report.pk}/checks/", BOASTFUL_SECTIONS, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-worst="fail"' in html and "成绩占" in html
    report.refresh_from_db()
    assert report.achievements == GOOD_SECTIONS["achievements"]  # nothing saved


def test_submit_from_the_editor_and_keep_input_on_refusal(review):
    report = drafted(review)
    client = _client(review.secretary)
    response = client.post(
        f"/reports/{report.pk}/edit/", {"achievements": "太短了。", "submit": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "不足 200 字" in html and "太短了。" in html
    response = client.post(
        f"/reports/{report.pk}/edit/", {**GOOD_SECTIONS, "answer:x": "已整改", "submit": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW and report.answers == {"x": "已整改"}


def test_reviewer_signs_on_the_page_and_sees_the_checks(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    client = _client(review.step1)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "审核：组织部初审" in html and 'data-rule="copying"' in html
    response = client.post(
        f"/reports/{report.pk}/review/", {"decision": "pass", "gates": ALL_GATES[:2]}
    )
    assert response.status_code == 400 and "原因剖析深" in response.content.decode()
    response = client.post(
        f"/reports/{report.pk}/review/", {"decision": "pass", "gates": ALL_GATES}
    )
    assert response.status_code == 302 and ReviewStep.objects.count() == 1
    assert "审核：" not in client.get(f"/reports/{report.pk}/").content.decode()


def test_a_user_who_may_not_act_gets_no_form_and_is_refused(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    client = _client(review.step2)
    assert "审核：" not in client.get(f"/reports/{report.pk}/").content.decode()
    response = client.post(
        f"/reports/{report.pk}/review/", {"decision": "pass", "gates": ALL_GATES}
    )
    assert response.status_code == 403


def test_versions_are_compared_side_by_side(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    services.decide(actor=review.step1, report=report, decision="return", reasons="数据需核实")
    report = services.save_draft(
        actor=review.secretary,
        report=report,
        sections={**GOOD_SECTIONS, "causes": "究其原因，是我对东坪村掌握不细。"},
        answers={},
    )
    services.submit(actor=review.secretary, report=report)
    html = _client(review.step1).get(f"/reports/{report.pk}/diff/?a=1&b=2").content.decode()
    assert "第 1 版" in html and "第 2 版" in html and "diff_sub" in html and "掌握不细" in html


def test_export_is_a_docx(review):
    report = drafted(review)
    response = _client(review.secretary).get(f"/reports/{report.pk}/export.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_chain_settings_page_saves_steps(review, small_city):
    from tests.factories import make_user

    admin = make_user("adm", "admin", small_city.county_a)
    client = _client(admin)
    assert f"/reports/rounds/{review.round.pk}/chain/" in client.get("/reports/").content.decode()
    assert "组织部初审" in client.get(f"/reports/rounds/{review.round.pk}/chain/").content.decode()
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-label": "组织部审核",
        "form-0-role": "reviewer",
        "form-0-scope": "hearing",
        "form-1-label": "书记审定",
        "form-1-role": "secretary",
        "form-1-scope": "hearing",
    }
    assert client.post(f"/reports/rounds/{review.round.pk}/chain/", data).status_code == 302
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    pass_step(review.step1, report)
    pass_step(review.step2, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PASSED


def test_api_checker_refuses_an_oversized_text(review):
    import json

    client = _client(review.step1)
    big = json.dumps({"text": "字" * 100_001})
    assert (
        client.post("/api/reports/check", big, content_type="application/json").status_code == 422
    )
    ok = client.post(
        "/api/reports/check",
        json.dumps({"sections": GOOD_SECTIONS}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["worst"] in {"pass", "warn"}
