"""The problem list: intake from other apps, manual entry, duplicates, merge, escalation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import ProblemsRaised, RaisedProblem, problems_raised
from shuzhi.rectification import queries, services
from shuzhi.rectification.models import Problem
from tests.rectification.conftest import raise_problem

pytestmark = pytest.mark.django_db


def test_problems_raised_signal_is_idempotent(small_city):
    problems = [
        RaisedProblem(
            small_city.town_a1.pk, "superior", "党建责任压得不实", 2025, 7, None, "critique:3"
        ),
        RaisedProblem(
            small_city.town_a1.pk, "superior", "阵地建设滞后", 2025, 7, None, "critique:3"
        ),
        RaisedProblem(small_city.town_a1.pk, "masses", "   ", 2025, 7, None, "ballot:9"),
    ]
    problems_raised.publish(ProblemsRaised(tuple(problems)))
    problems_raised.publish(ProblemsRaised(tuple(problems)))
    listed = Problem.objects.filter(organization=small_city.town_a1)
    assert sorted(listed.values_list("text", flat=True)) == ["党建责任压得不实", "阵地建设滞后"]
    assert listed.first().round_id == 7  # type: ignore[union-attr]
    assert AuditEntry.objects.filter(action="rectification.problem.intake").count() == 2


def test_same_text_from_another_source_is_a_new_entry(small_city):
    raise_problem(small_city.town_a1, reference="critique:1")
    raise_problem(small_city.town_a1, reference="report:4", source="self")
    assert Problem.objects.filter(organization=small_city.town_a1).count() == 2


def test_manual_entry_accepts_only_inspection_audit_or_visit(small_city, cast):
    problem = services.add_problem(
        actor=cast.owner,
        organization=small_city.town_a1,
        source="audit",
        text="党费收缴不及时",
        year=2025,
        reference="审计报告〔2025〕3号",
    )
    assert problem.raised_by == cast.owner and problem.source == "audit"
    with pytest.raises(ValidationError, match="来源"):
        services.add_problem(
            actor=cast.owner,
            organization=small_city.town_a1,
            source="superior",
            text="x",
            year=2025,
        )
    with pytest.raises(ValidationError, match="已在问题清单"):
        services.add_problem(
            actor=cast.owner,
            organization=small_city.town_a1,
            source="audit",
            text="党费收缴不及时",
            year=2025,
            reference="审计报告〔2025〕3号",
        )


def test_duplicates_are_suggested_within_one_organisation_only(small_city):
    first = raise_problem(
        small_city.town_a1, "村级组织活动场所利用率不高。", reference="critique:1"
    )
    second = raise_problem(
        small_city.town_a1, "村级组织活动场所利用率不高", source="masses", reference="ballot:2"
    )
    raise_problem(small_city.town_a1, "发展党员程序不规范", reference="critique:1")
    raise_problem(small_city.town_a2, "村级组织活动场所利用率不高", reference="critique:1")
    pairs = queries.duplicate_suggestions(small_city.town_a1)
    assert [(a.pk, b.pk) for a, b, _ in pairs] == [(first.pk, second.pk)]


def test_merge_keeps_both_sources_and_is_audited(small_city, cast):
    keep = raise_problem(small_city.town_a1, "场所利用率不高", reference="critique:1")
    duplicate = raise_problem(
        small_city.town_a1, "场所利用率不高。", "masses", reference="ballot:2"
    )
    services.merge_problems(actor=cast.owner, keep=keep, duplicate=duplicate, reason="同一问题")
    listed = queries.problem_list(small_city.town_a1)
    assert [p.pk for p in listed] == [keep.pk]
    assert {keep.source, *(m.source for m in listed[0].merged.all())} == {"superior", "masses"}
    entry = AuditEntry.objects.get(action="rectification.problem.merge")
    assert entry.reason == "同一问题" and entry.after["merged_into"] == keep.pk
    with pytest.raises(ValidationError):
        services.merge_problems(actor=cast.owner, keep=keep, duplicate=keep)


def test_escalation_moves_the_problem_up_and_keeps_the_link(small_city, cast):
    problem = raise_problem(small_city.town_a1, "村干部报酬保障机制缺失")
    upper = services.escalate_problem(actor=cast.owner, problem=problem, reason="根源在县级政策")
    assert upper.organization == small_city.county_a and upper.text == problem.text
    problem.refresh_from_db()
    assert problem.escalated_to == upper and list(upper.escalated_from.all()) == [problem]
    assert queries.problem_status(problem) == "已上移至甲县委"
    with pytest.raises(ValidationError, match="已上移"):
        services.escalate_problem(actor=cast.owner, problem=problem, reason="again")


def test_escalation_needs_a_reason_and_a_parent(small_city, superuser):
    problem = raise_problem(small_city.city, "全市性问题")
    with pytest.raises(ValidationError, match="顶级组织"):
        services.escalate_problem(actor=superuser, problem=problem, reason="x")


def test_a_long_problem_text_is_taken_in_once(small_city):
    # Longer than a PostgreSQL B-tree entry may be: uniqueness goes by the text's digest.
    text = "党建工作存在薄弱环节。" * 400
    raise_problem(small_city.town_a1, text, reference="report:1")
    raise_problem(small_city.town_a1, text, reference="report:1")
    assert Problem.objects.get(organization=small_city.town_a1).text == text


@pytest.mark.django_db(transaction=True)
def test_migration_backfills_digests_and_reverses(small_city):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    raise_problem(small_city.town_a1, "回填摘要")
    executor = MigrationExecutor(connection)
    executor.migrate([("rectification", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate([("rectification", "0002_problem_text_digest")])
    # The model as of that migration: later ones add columns the current model reads.
    state = executor.loader.project_state(("rectification", "0002_problem_text_digest"))
    problem = state.apps.get_model("rectification", "Problem").objects.get(text="回填摘要")
    from shuzhi.rectification.models import text_digest

    assert problem.text_digest == text_digest("回填摘要")
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the schema as it was
