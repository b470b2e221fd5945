"""The three-level review: order, signers, return and resubmit, the agenda gate."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import ClearanceRequest, problems_raised, report_clearance_requested
from shuzhi.reports import services
from shuzhi.reports.models import ReportStatus, ReviewStep, VersionState
from tests.reports.conftest import ALL_GATES, drafted, pass_step
from tests.reports.texts import GOOD_SECTIONS
from tests.signals import isolated

GOOD_SECTIONS_WITHOUT_CAUSES = {**GOOD_SECTIONS, "causes": ""}

pytestmark = pytest.mark.django_db


def _clearance(review):
    (answer,) = report_clearance_requested.ask(ClearanceRequest((review.reporter.pk,)))
    return answer[review.reporter.pk]


def test_three_steps_in_order_pass_the_report_and_clear_it_for_the_agenda(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    for actor in (review.step1, review.step2, review.step3):
        assert not _clearance(review).cleared
        pass_step(actor, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PASSED
    assert _clearance(review).cleared
    assert AuditEntry.objects.filter(action="reports.review.pass").count() == 3


def test_no_step_can_be_skipped(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    # The city reviewer holds step 3's role but step 1 is next, and it is theirs too (reviewer
    # at or above the county): they may sign step 1 — but then not step 3.
    with pytest.raises(PermissionDenied):
        pass_step(review.step2, report)  # a secretary cannot sign the reviewer's step 1
    pass_step(review.step1, report)
    with pytest.raises(PermissionDenied):
        pass_step(review.step3, report)  # step 2 is the hearing body's secretary's
    assert ReviewStep.objects.count() == 1
    reason = _clearance(review).reason
    assert "第 2 步" in reason and "书记" in reason


def test_one_person_signs_at_most_one_step_of_a_version(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    pass_step(review.step3, report)  # the city reviewer may act for step 1 (their subtree)
    pass_step(review.step2, report)
    with pytest.raises(ValidationError, match="每人只能签署一个"):
        pass_step(review.step3, report)


def test_reviewer_outside_the_subtree_cannot_act(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    with pytest.raises(PermissionDenied):
        pass_step(review.outsider, report)


def test_reporter_cannot_review_their_own_report(review, small_city):
    from tests.factories import make_user

    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    twin = make_user("twin", "reviewer", small_city.county_a, person=review.secretary.person)
    with pytest.raises(PermissionDenied, match="本人"):
        pass_step(twin, report)


def test_return_then_resubmit_restarts_the_chain_at_step_one(review):
    report = drafted(review)
    first = services.submit(actor=review.secretary, report=report)
    pass_step(review.step1, report)
    services.decide(
        actor=review.step2, report=report, decision="return", reasons="原因剖析不够深入"
    )
    report.refresh_from_db()
    first.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and first.state == VersionState.RETURNED
    assert "退回" in _clearance(review).reason
    with pytest.raises(ValidationError):
        pass_step(review.step3, report)
    services.save_draft(
        actor=review.secretary,
        report=report,
        sections={**report.sections(), "causes": report.causes + "二是制度执行不严。"},
        answers={},
    )
    second = services.submit(actor=review.secretary, report=report)
    assert second.number == 2
    with pytest.raises(PermissionDenied):
        pass_step(review.step2, report)  # step 1 again, not step 3
    for actor in (review.step1, review.step2, review.step3):
        pass_step(actor, report)
    assert _clearance(review).cleared


def test_pass_needs_all_four_gates_and_return_needs_reasons(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    with pytest.raises(ValidationError, match="材料真实"):
        services.decide(actor=review.step1, report=report, decision="pass", gates=ALL_GATES[:3])
    with pytest.raises(ValidationError, match="理由"):
        services.decide(actor=review.step1, report=report, decision="return", reasons="  ")
    assert not ReviewStep.objects.exists()


def test_submitted_report_cannot_be_edited_until_returned(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    with pytest.raises(ValidationError, match="审核结束前"):
        services.save_draft(actor=review.secretary, report=report, sections={}, answers={})


def test_too_short_or_incomplete_report_is_refused(review):
    report = drafted(review, {"achievements": "做了很多工作。"})
    with pytest.raises(ValidationError, match="不足"):
        services.submit(actor=review.secretary, report=report)
    assert not report.versions.exists()


def test_passing_the_last_step_raises_the_reports_problems(review):
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    received = []
    with isolated(problems_raised) as signal:
        signal.subscribe(lambda event: received.extend(event.problems), uid="test")
        for actor in (review.step1, review.step2, review.step3):
            pass_step(actor, report)
    assert [p.reference for p in received] == [f"report:{report.pk}:{n}" for n in (1, 2, 3)]
    assert all(p.source == "self" and p.year == 2026 for p in received)
    assert received[0].text.startswith("一是软弱涣散村整顿")


def test_unsubmitted_reporter_is_not_cleared(review):
    assert _clearance(review).reason == "尚未提交述职报告"


def test_a_county_secretary_cannot_write_a_townships_report(review):
    with pytest.raises(PermissionDenied):
        services.open_report(actor=review.step2, reporter=review.reporter)


def test_chain_is_configurable_but_not_during_review(review, small_city):
    from tests.factories import make_user

    admin = make_user("adm", "admin", small_city.county_a)
    steps = services.configure_chain(
        actor=admin,
        round=review.round,
        steps=[("组织部审核", "reviewer", "hearing"), ("书记审定", "secretary", "hearing")],
    )
    assert [s.position for s in steps] == [1, 2]
    report = drafted(review)
    services.submit(actor=review.secretary, report=report)
    with pytest.raises(ValidationError, match="正在审核"):
        services.configure_chain(
            actor=admin, round=review.round, steps=[("x", "reviewer", "hearing")]
        )
    pass_step(review.step1, report)
    pass_step(review.step2, report)
    assert _clearance(review).cleared


def test_a_structured_report_with_an_empty_section_is_refused(review):
    report = drafted(review, {**GOOD_SECTIONS_WITHOUT_CAUSES})
    with pytest.raises(ValidationError, match="原因剖析"):
        services.submit(actor=review.secretary, report=report)
