"""The secretary marks a finding as wrong with a reason: kept, audited, shown to reviewers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.reports import services
from shuzhi.reports.models import FindingObjection
from tests.reports.conftest import drafted
from tests.reports.texts import GOOD_SECTIONS

pytestmark = pytest.mark.django_db
SENTENCE = "二是镇党委对流动党员的联系仍停留在微信群通知，没有建立一人一档。"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_secretary_objects_to_a_finding_and_it_is_kept_and_audited(review):
    report = drafted(review)
    objection = services.object_to_finding(
        actor=review.secretary,
        report=report,
        rule="causes",
        text=SENTENCE,
        reason="这是工作方法上的主观原因，不是客观原因。",
        section="原因剖析",
        note="未说明主客观",
        correct_section="causes",
    )
    assert objection.created_by == review.secretary and objection.version is None
    entry = AuditEntry.objects.get(action="reports.finding.object")
    assert entry.reason == "这是工作方法上的主观原因，不是客观原因。"
    assert entry.after["rule"] == "causes"


def test_an_objection_needs_a_reason_and_a_sentence_of_the_report(review):
    report = drafted(review)
    with pytest.raises(ValidationError, match="请写明为什么"):
        services.object_to_finding(
            actor=review.secretary, report=report, rule="causes", text=SENTENCE, reason="  "
        )
    with pytest.raises(ValidationError, match="不在本报告中"):
        services.object_to_finding(
            actor=review.secretary, report=report, rule="causes", text="别处的话", reason="错了"
        )
    with pytest.raises(ValidationError, match="检查项不正确"):
        services.object_to_finding(
            actor=review.secretary, report=report, rule="nonsense", text=SENTENCE, reason="错了"
        )
    assert not FindingObjection.objects.exists()


def test_only_the_reports_secretary_may_object(review):
    report = drafted(review)
    with pytest.raises(PermissionDenied):
        services.object_to_finding(
            actor=review.step1, report=report, rule="causes", text=SENTENCE, reason="错了"
        )
    response = _client(review.step1).post(
        f"/reports/{report.pk}/objections/", {"rule": "causes", "text": SENTENCE, "reason": "x"}
    )
    assert response.status_code == 403
    assert response.status_code != 200 and not FindingObjection.objects.exists()


def test_the_check_page_offers_the_form_and_reviewers_see_the_objection(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    author = _client(review.secretary)
    page = author.get(f"/reports/{report.pk}/").content.decode()
    assert "这条检查不对？" in page and 'name="reason"' in page
    response = author.post(
        f"/reports/{report.pk}/objections/",
        {
            "rule": "pairing",
            "text": GOOD_SECTIONS["problems"].split("。")[0] + "。",
            "reason": "下一步措施第一条就是针对这个问题的。",
            "correct_section": "",
            "back": "detail",
        },
    )
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    objection = FindingObjection.objects.get()
    assert objection.version is not None and objection.version.number == 1
    reviewer_page = _client(review.step1).get(f"/reports/{report.pk}/").content.decode()
    assert "下一步措施第一条就是针对这个问题的。" in reviewer_page
    assert "这条检查不对？" not in reviewer_page  # the reviewer cannot object


def test_a_bad_objection_from_the_page_says_why_and_keeps_nothing(review):
    report = drafted(review)
    response = _client(review.secretary).post(
        f"/reports/{report.pk}/objections/",
        {"rule": "causes", "text": SENTENCE, "reason": "", "back": "edit"},
        follow=True,
    )
    assert "请写明为什么这条检查结果不对" in response.content.decode()
    assert not FindingObjection.objects.exists()
