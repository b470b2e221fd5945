"""Property tests: no sequence of actions reaches 已销号 without a sign-off from the parent's scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuzhi.rectification import rules, services
from shuzhi.rectification.models import RectificationItem
from shuzhi.rectification.rules import Action, Side, Status
from tests.rectification.conftest import png

ALL_SIDES = [frozenset(), frozenset({Side.OWNER}), frozenset({Side.SUPERIOR}), frozenset(Side)]
steps = st.lists(st.tuples(st.sampled_from(list(Action)), st.sampled_from(ALL_SIDES)), max_size=30)


@given(steps)
def test_pure_machine_closes_only_by_a_superior_after_submission(sequence):
    status = Status.PLANNED
    for action, sides in sequence:
        before = status
        try:
            status = rules.next_status(status, action, sides)
        except rules.TransitionRefused:
            continue
        if status is Status.CLOSED:
            assert before is Status.SUBMITTED and Side.SUPERIOR in sides
        assert action in rules.actions_for(before, sides)


@given(st.sampled_from(list(Status)), st.sampled_from(list(Action)))
def test_an_owner_alone_can_never_close(status, action):
    try:
        result = rules.next_status(status, action, frozenset({Side.OWNER}))
    except rules.TransitionRefused:
        return
    assert result is not Status.CLOSED


ACTORS = ["owner", "town_secretary_role", "superior", "county_admin", "outsider"]
SIGN_OFF_FROM_PARENT = {"superior", "county_admin"}


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(list(Action)), st.sampled_from(ACTORS)), max_size=12))
def test_services_never_close_without_a_parent_scope_sign_off(item, cast, sequence):
    with transaction.atomic():
        services.attach_evidence(actor=cast.owner, item=item, upload=png())
        closer = None
        for action, name in sequence:
            actor = getattr(cast, name)
            try:
                services.transition(actor=actor, item=item, action=action, reason="理由")
            except (ValidationError, PermissionDenied):
                continue
            if action is Action.CLOSE:
                closer = name
        final = RectificationItem.objects.get(pk=item.pk)
        if final.status == "closed":
            assert closer in SIGN_OFF_FROM_PARENT
            assert final.closed_by != final.submitted_by
            assert final.closed_by.person_id not in (  # type: ignore[union-attr]
                final.first_responsible_id,
                final.direct_responsible_id,
            )
        transaction.set_rollback(True)


def test_deadline_arithmetic_clamps_to_month_end():
    assert rules.add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert rules.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert rules.add_months(date(2025, 1, 15), 12) == date(2026, 1, 15)


@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_is_bounded_and_one_for_the_same_text(first, second):
    assert 0.0 <= rules.similarity(first, second) <= 1.0
    assert rules.similarity(first, first) == (1.0 if rules.normalise(first) else 0.0)


def test_similarity_ignores_punctuation_and_width():
    assert rules.similarity("阵地建设滞后。", "阵地建设滞后") == 1.0
    assert rules.similarity("ＡＢＣ 问题", "abc问题") == 1.0
