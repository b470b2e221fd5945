"""The interview ledger (约谈) and accountability actions (问责)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import InterviewRequired, InterviewsRequired, interviews_required
from shuzhi.orgs.models import Person
from shuzhi.rectification import interviews
from shuzhi.rectification.models import Interview

pytestmark = pytest.mark.django_db


def test_bottom_ranked_interviews_arrive_once_per_round(small_city):
    person = Person.objects.get(code="P-SEC")
    required = [
        InterviewRequired(
            small_city.town_a1.pk, person.pk, 3, "bottom_rank", "第二组第 18 名（共 18 名）"
        )
    ]
    interviews_required.publish(InterviewsRequired(tuple(required)))
    interviews_required.publish(InterviewsRequired(tuple(required)))
    interview = Interview.objects.get()
    assert interview.get_reason_display() == "考核排名末位"
    assert interview.detail.startswith("第二组") and interview.held_on is None
    assert AuditEntry.objects.filter(action="rectification.interview.require").count() == 1


def test_outcome_and_accountability_are_recorded_against_person_and_organisation(
    small_city, county_admin
):
    person = Person.objects.get(code="P-SEC")
    interview = interviews.add_interview(
        actor=county_admin,
        organization=small_city.town_a1,
        person=person,
        reason="overdue_rectification",
        detail="3 项整改逾期",
    )
    with pytest.raises(ValidationError):
        interviews.record_interview_outcome(
            actor=county_admin,
            interview=interview,
            held_on=date(2026, 3, 1),
            interviewer="王部长",
            outcome=" ",
        )
    interviews.record_interview_outcome(
        actor=county_admin,
        interview=interview,
        held_on=date(2026, 3, 1),
        interviewer="王部长",
        outcome="限期一个月完成整改",
    )
    action = interviews.hold_accountable(
        actor=county_admin,
        organization=small_city.town_a1,
        person=person,
        kind="admonition",
        decided_on=date(2026, 4, 1),
        reason="整改逾期且约谈后仍未完成",
        interview=interview,
    )
    assert action.get_kind_display() == "诫勉谈话"
    assert list(person.accountability_actions.all()) == [action]
    assert list(small_city.town_a1.accountability_actions.all()) == [action]
    assert AuditEntry.objects.filter(action="rectification.accountability").exists()


def test_interviews_are_for_the_organisation_department_only(small_city, cast):
    person = Person.objects.get(code="P-SEC")
    with pytest.raises(PermissionDenied):
        interviews.add_interview(
            actor=cast.superior,
            organization=small_city.town_a1,
            person=person,
            reason="poor_feedback",
        )
