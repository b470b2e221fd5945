"""The party-building audit: the verifiable sample, the report, the score and rectification."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuzhi.audit.models import AuditEntry
from shuzhi.core.events import FactFindingScoresRequest, fact_finding_scores_requested
from shuzhi.factfinding import audits, queries, sampling
from shuzhi.factfinding.models import Finding
from shuzhi.rectification.models import Problem
from tests.factfinding.conftest import add_orgs

COUNTS = {"government": 1, "village": 2, "community": 2, "two_new": 2}


@pytest.fixture
def county(small_city):  # type: ignore[no-untyped-def]
    county = small_city.county_a
    add_orgs(county, "government", 4, "机关")
    add_orgs(small_city.town_a2, "community", 5, "社区")
    add_orgs(small_city.town_a2, "non_public", 1, "企业")
    add_orgs(small_city.county_b, "community", 3, "乙社区")  # another subtree
    return county


def _plan(scene, county, seed="published-seed"):  # type: ignore[no-untyped-def]
    return audits.plan_audit(
        actor=scene.admin, round=scene.round, organization=county, counts=COUNTS, seed=seed
    )


def test_the_same_seed_draws_the_same_sample(scene, county) -> None:  # type: ignore[no-untyped-def]
    audit = _plan(scene, county)
    again = sampling.draw(county, "published-seed", COUNTS)
    assert {(s.organization_id, s.kind.value) for s in again.picked} == set(
        audit.samples.values_list("organization_id", "kind")
    )
    assert audits.verify_sample(audit)


def test_the_sample_respects_the_counts_and_the_subtree(scene, county) -> None:  # type: ignore[no-untyped-def]
    audit = _plan(scene, county)
    kinds = list(audit.samples.values_list("kind", flat=True))
    assert kinds.count("government") == 1 and kinds.count("community") == 2
    assert kinds.count("village") == 2
    assert all(s.organization.path.startswith(county.path) for s in audit.samples.all())
    assert all(s.organization_id != county.pk for s in audit.samples.all())


def test_a_kind_with_too_few_is_taken_whole_and_said_so(scene, county) -> None:  # type: ignore[no-untyped-def]
    audit = _plan(scene, county)
    assert audit.shortfalls == ["two_new"]
    assert audit.populations["two_new"] == 1
    assert audit.samples.filter(kind="two_new").count() == 1


def test_the_draw_in_the_database_agrees_with_the_naive_draw(scene, county) -> None:  # type: ignore[no-untyped-def]
    for seed in ("a", "b", "c", "d"):
        fast, slow = sampling.draw(county, seed, COUNTS), sampling.naive_draw(county, seed, COUNTS)
        assert fast.picked == slow.picked and fast.shortfalls == slow.shortfalls


def test_the_sample_is_hidden_from_the_unit_until_the_audit_starts(scene, county) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    audit = _plan(scene, county)
    unit_admin = make_user("unit_admin", "admin", county)
    assert not queries.sees_sample(unit_admin, audit)
    assert queries.sees_sample(scene.admin, audit)
    audits.start_audit(actor=scene.admin, audit=audit, today=date(2025, 10, 9))
    assert queries.sees_sample(unit_admin, audit)


def _scored_audit(scene, county, points: int):  # type: ignore[no-untyped-def]
    audit = _plan(scene, county)
    audits.start_audit(actor=scene.admin, audit=audit, today=date(2025, 10, 9))
    sampled = audit.samples.first().organization
    audits.record_audit_finding(
        actor=scene.admin,
        audit=audit,
        sampled=sampled,
        responsibility="党费收缴",
        text="党费未按月收缴",
    )
    for item in audit.checklist.all():
        audits.score_item(actor=scene.admin, item=item, awarded=item.max_points * points / 100)
    return audit


def test_audit_findings_reach_the_list_and_the_unit_only_when_the_report_is_issued(
    scene, county
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    audit = _scored_audit(scene, county, 80)
    unit_admin = make_user("unit_admin", "admin", county)
    assert not queries.visible_findings(unit_admin).exists()
    assert not Problem.objects.filter(organization=county).exists()
    audits.issue_report(
        actor=scene.admin, audit=audit, conclusion="总体较好", today=date(2025, 10, 20)
    )
    assert audit.score == Decimal("80.00")
    assert audit.rectification_due == date(2025, 12, 20)
    assert queries.visible_findings(unit_admin).count() == 1
    assert Problem.objects.get(organization=county).source == "audit"


def test_an_unscored_checklist_cannot_be_issued(scene, county) -> None:  # type: ignore[no-untyped-def]
    audit = _plan(scene, county)
    audits.start_audit(actor=scene.admin, audit=audit, today=date(2025, 10, 9))
    with pytest.raises(ValidationError, match="未评分"):
        audits.issue_report(actor=scene.admin, audit=audit, conclusion="", today=date(2025, 10, 20))


def test_the_audit_score_and_rank_reach_scoring_as_a_source(scene, county, small_city) -> None:  # type: ignore[no-untyped-def]
    audit = _scored_audit(scene, county, 80)
    audits.issue_report(actor=scene.admin, audit=audit, conclusion="", today=date(2025, 10, 20))
    other = audits.plan_audit(
        actor=scene.admin, round=scene.round, organization=small_city.county_b, counts=COUNTS
    )
    audits.start_audit(actor=scene.admin, audit=other, today=date(2025, 10, 9))
    for item in other.checklist.all():
        audits.score_item(actor=scene.admin, item=item, awarded=item.max_points)
    audits.issue_report(actor=scene.admin, audit=other, conclusion="", today=date(2025, 10, 21))
    [answer] = fact_finding_scores_requested.ask(FactFindingScoresRequest(scene.round.pk, "audit"))
    assert answer[small_city.county_b.pk].score == Decimal("100.00")
    assert "第 1 名" in answer[small_city.county_b.pk].note
    assert "第 2 名（共 2 个）" in answer[county.pk].note


def test_the_rectification_report_is_returned_then_accepted(scene, county) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    audit = _scored_audit(scene, county, 60)
    audits.issue_report(actor=scene.admin, audit=audit, conclusion="", today=date(2025, 10, 20))
    secretary = make_user("county_sec", "secretary", county)
    audits.submit_rectification_report(actor=secretary, audit=audit, text="已按月收缴党费")
    with pytest.raises(ValidationError, match="意见"):
        audits.review_rectification_report(actor=scene.admin, audit=audit, accept=False)
    audits.review_rectification_report(
        actor=scene.admin, audit=audit, accept=False, note="缺少凭证"
    )
    assert audit.rectification_state == "returned"
    audits.submit_rectification_report(actor=secretary, audit=audit, text="补充凭证")
    audits.review_rectification_report(actor=scene.admin, audit=audit, accept=True)
    assert audit.state == "rectified"
    assert AuditEntry.objects.filter(action="factfinding.audit.rectification_review").count() == 2
    assert Finding.objects.filter(audit=audit, raised=True).count() == 1
