"""Groups, visits, findings, ratings, evidence and 认账."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shuzhi.audit.models import AuditEntry
from shuzhi.factfinding import queries, services
from shuzhi.factfinding.models import GroupMember, InspectionGroup
from shuzhi.rectification.models import Problem
from tests.factfinding.conftest import inspection, unannounced


def test_groups_are_formed_from_the_pools_with_every_category_spread(scene) -> None:  # type: ignore[no-untyped-def]
    groups = InspectionGroup.objects.filter(round=scene.round)
    assert groups.count() == 2
    for group in groups:
        members = GroupMember.objects.filter(group=group)
        assert members.count() == 5
        assert {m.representative.category for m in members} == {
            "party_congress",
            "peoples_congress",
            "cppcc",
            "grassroots_member",
            "masses",
        }
        assert members.filter(is_leader=True).count() == 1


def test_a_representative_sits_in_one_group_per_round(scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.form_groups(actor=scene.admin, round=scene.round, group_count=1)


def test_an_inspection_finding_lands_on_the_units_problem_list_as_inspection(scene) -> None:  # type: ignore[no-untyped-def]
    visit = inspection(scene)
    finding = services.record_finding(
        actor=scene.inspector,
        visit=visit,
        responsibility="“三会一课”制度",
        text="2025年仅召开1次党课",
    )
    problem = Problem.objects.get(organization=scene.town)
    assert problem.source == "inspection"
    assert "仅召开1次党课" in problem.text and problem.round_id == scene.round.pk
    assert problem.reference == f"factfinding:finding:{finding.pk}:1"
    assert AuditEntry.objects.filter(action="factfinding.finding.record").count() == 1


def test_only_members_of_the_group_record_its_inspections(scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.record_visit(
            actor=scene.outsider_inspector,
            round=scene.round,
            organization=scene.town,
            kind="inspection",
            visited_on=scene.round.created_at.date(),
            group=scene.group,
        )
    visit = inspection(scene)
    with pytest.raises(PermissionDenied):
        services.rate(actor=scene.outsider_inspector, visit=visit, score=Decimal(80))


def test_a_unit_not_in_the_groups_plan_is_refused(scene, small_city) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="视察计划"):
        services.record_visit(
            actor=scene.inspector,
            round=scene.round,
            organization=small_city.town_b1,
            kind="inspection",
            visited_on=scene.round.created_at.date(),
            group=scene.group,
        )


def test_a_generic_finding_without_a_responsibility_is_refused(scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="责任事项"):
        services.record_finding(
            actor=scene.inspector, visit=inspection(scene), responsibility=" ", text="作风不实"
        )


def test_each_members_rating_is_kept_and_combined(scene) -> None:  # type: ignore[no-untyped-def]
    visit = inspection(scene)
    services.rate(actor=scene.inspector, visit=visit, score=Decimal(70))
    services.rate(actor=scene.inspector, visit=visit, score=Decimal(90))  # changed, not added
    assert visit.ratings.count() == 1
    assert queries.inspection_scores(scene.round.pk)[scene.town.pk].score == Decimal("90.00")
    assert AuditEntry.objects.filter(action="factfinding.rating.record").count() == 2


def test_a_rating_outside_0_to_100_is_refused(scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.rate(actor=scene.inspector, visit=inspection(scene), score=Decimal(101))


def test_an_unannounced_finding_reaches_the_list_only_once_acknowledged(scene) -> None:  # type: ignore[no-untyped-def]
    finding = services.record_finding(
        actor=scene.admin,
        visit=unannounced(scene),
        responsibility="便民服务",
        text="服务大厅工作日无人值守",
    )
    assert not Problem.objects.filter(organization=scene.town).exists()
    services.answer_finding(actor=scene.town_secretary, finding=finding, action="accept")
    problem = Problem.objects.get(organization=scene.town)
    assert problem.source == "unannounced_visit"


def test_a_dispute_needs_a_reason_and_the_superior_rules_on_it(scene) -> None:  # type: ignore[no-untyped-def]
    finding = services.record_finding(
        actor=scene.admin,
        visit=unannounced(scene),
        responsibility="便民服务",
        text="服务大厅无人值守",
    )
    with pytest.raises(ValidationError, match="理由"):
        services.answer_finding(actor=scene.town_secretary, finding=finding, action="dispute")
    services.answer_finding(
        actor=scene.town_secretary, finding=finding, action="dispute", reason="当天为法定节假日"
    )
    with pytest.raises(PermissionDenied):  # the unit cannot rule on its own dispute
        services.rule_on_dispute(
            actor=scene.town_secretary, finding=finding, uphold=True, reason="x"
        )
    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=True, reason="核实属实"
    )
    finding.refresh_from_db()
    assert finding.acknowledgement == "dispute_upheld"
    assert not Problem.objects.filter(organization=scene.town).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"factfinding.finding.dispute", "factfinding.finding.uphold_dispute"} <= actions


def test_a_rejected_dispute_makes_the_finding_stand(scene) -> None:  # type: ignore[no-untyped-def]
    finding = services.record_finding(
        actor=scene.admin,
        visit=unannounced(scene),
        responsibility="便民服务",
        text="服务大厅无人值守",
    )
    services.answer_finding(
        actor=scene.town_secretary, finding=finding, action="dispute", reason="不属实"
    )
    services.rule_on_dispute(
        actor=scene.county_reviewer, finding=finding, uphold=False, reason="有视频为证"
    )
    assert Problem.objects.filter(organization=scene.town, source="unannounced_visit").exists()
    with pytest.raises(ValidationError):
        services.answer_finding(actor=scene.town_secretary, finding=finding, action="accept")


def test_a_video_is_kept_as_evidence_and_a_disguised_file_is_refused(scene) -> None:  # type: ignore[no-untyped-def]
    visit = unannounced(scene)
    video = SimpleUploadedFile("暗访.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    assert services.attach_evidence(actor=scene.admin, visit=visit, upload=video).kind == "video"
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError, match="不符"):
        services.attach_evidence(actor=scene.admin, visit=visit, upload=fake)
    exe = SimpleUploadedFile("tool.exe", b"MZ" + b"\x00" * 64)
    with pytest.raises(ValidationError, match="不支持"):
        services.attach_evidence(actor=scene.admin, visit=visit, upload=exe)
    assert visit.evidence.count() == 1


def test_findings_for_the_report_and_the_agenda(scene) -> None:  # type: ignore[no-untyped-def]
    visit = unannounced(scene)
    first = services.record_finding(
        actor=scene.admin, visit=visit, responsibility="甲", text="问题一"
    )
    services.record_finding(actor=scene.admin, visit=visit, responsibility="乙", text="问题二")
    services.answer_finding(actor=scene.town_secretary, finding=first, action="accept")
    every = queries.finding_items(scene.round.pk, [scene.town.pk])[scene.town.pk]
    assert [(i.text, i.acknowledged) for i in every] == [("问题一", True), ("问题二", False)]
    pending = queries.finding_items(scene.round.pk, [scene.town.pk], unacknowledged_only=True)
    assert [i.text for i in pending[scene.town.pk]] == ["问题二"]


def test_a_superuser_and_a_member_see_the_groups(scene) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    root = make_user("ff_root", is_superuser=True)
    assert queries.visible_groups(root).count() == 2
    assert queries.visible_groups(scene.inspector).count() == 2  # by scope, and as a member
