"""A finding already on the problem list leaves it again (core.events.finding_withdrawn): its
dispute upheld, or its record corrected; the rows and their history stay."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import FindingWithdrawn, RaisedProblem, finding_withdrawn
from shuzhi.factfinding import services
from shuzhi.factfinding.models import Finding
from shuzhi.rectification import queries as rectification_queries
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Problem
from tests.factfinding.conftest import Scene, inspection


def _inspection_finding(scene: Scene) -> Finding:
    return services.record_finding(
        actor=scene.inspector,
        visit=inspection(scene),
        responsibility="“三会一课”制度",
        text="2025年仅召开1次党课",
    )


def _disputed(scene: Scene) -> Finding:
    finding = _inspection_finding(scene)
    return services.answer_finding(
        actor=scene.town_secretary, finding=finding, action="dispute", reason="另有2次党课记录"
    )


def _item_for(scene: Scene, problem: Problem) -> None:
    rectification.create_item(
        actor=scene.admin, problem=problem, measures="按季度召开党课", deadline=date(2026, 3, 31)
    )


def _disputed_with_item(scene: Scene) -> tuple[Finding, Problem]:
    """A disputed inspection finding already on the list, with its ledger item."""
    finding = _disputed(scene)
    problem = Problem.objects.get(organization=scene.town)
    _item_for(scene, problem)
    return finding, problem


def test_an_upheld_dispute_takes_the_problem_and_its_item_off_the_list(scene: Scene) -> None:
    finding, problem = _disputed_with_item(scene)

    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=True, reason="查阅记录属实"
    )

    problem.refresh_from_db()
    assert rectification_queries.problem_list(scene.town) == []
    assert problem.withdrawn_at is not None
    assert problem.withdrawal_reason == "异议成立：查阅记录属实"
    assert problem.item.status == "withdrawn"
    assert rectification_queries.problem_status(problem) == "已撤销（异议成立：查阅记录属实）"
    assert list(rectification_queries.withdrawn_problems(scene.town)) == [problem]
    entry = AuditEntry.objects.get(action="rectification.problem.withdraw")
    assert entry.actor_id == scene.county_reviewer.pk
    assert entry.object_id == str(problem.pk) and entry.reason == "异议成立：查阅记录属实"
    assert entry.after["item"]["to"] == "withdrawn"


def test_a_rejected_dispute_leaves_the_problem_on_the_list(scene: Scene) -> None:
    finding, problem = _disputed_with_item(scene)

    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=False, reason="记录系补写"
    )

    problem.refresh_from_db()
    assert rectification_queries.problem_list(scene.town) == [problem]
    assert problem.withdrawn_at is None and problem.withdrawal_reason == ""
    assert problem.item.status == "planned"
    assert not AuditEntry.objects.filter(action="rectification.problem.withdraw").exists()


def test_problems_merged_into_a_withdrawn_one_return_to_the_list(scene: Scene) -> None:
    finding = _disputed(scene)
    problem = Problem.objects.get(organization=scene.town)
    (critique,) = rectification.intake_problems(
        [RaisedProblem(scene.town.pk, "superior", "党课次数不足", 2025, reference="critique:9:1")]
    )
    rectification.merge_problems(actor=scene.admin, keep=problem, duplicate=critique)

    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=True, reason="属实"
    )

    critique.refresh_from_db()
    assert critique.merged_into_id is None
    assert rectification_queries.problem_list(scene.town) == [critique]


def test_withdrawing_twice_changes_nothing(scene: Scene) -> None:
    finding = _disputed(scene)
    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=True, reason="属实"
    )
    finding_withdrawn.publish(
        FindingWithdrawn(scene.town.pk, f"factfinding:finding:{finding.pk}", "再次撤销")
    )
    assert Problem.objects.get(organization=scene.town).withdrawal_reason == "异议成立：属实"
    assert AuditEntry.objects.filter(action="rectification.problem.withdraw").count() == 1


def test_a_withdrawn_problem_cannot_be_taken_into_the_ledger(scene: Scene) -> None:
    finding = _disputed(scene)
    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=True, reason="属实"
    )
    with pytest.raises(ValidationError, match="已撤销"):
        _item_for(scene, Problem.objects.get(organization=scene.town))


def test_correcting_an_inspection_finding_replaces_it_on_the_list(scene: Scene) -> None:
    finding = _inspection_finding(scene)
    services.edit_finding(
        actor=scene.inspector,
        finding=finding,
        responsibility="“三会一课”制度",
        text="2025年仅召开2次党课",
        reason="笔误",
    )
    old, new = Problem.objects.filter(organization=scene.town).order_by("pk")
    assert old.withdrawal_reason == "问题记录已更正：笔误"
    assert new.reference == f"factfinding:finding:{finding.pk}:2" and "2次党课" in new.text
    assert rectification_queries.problem_list(scene.town) == [new]
    entry = AuditEntry.objects.get(action="factfinding.finding.edit")
    assert entry.before["text"] == "2025年仅召开1次党课" and entry.reason == "笔误"
