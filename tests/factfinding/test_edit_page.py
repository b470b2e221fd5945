"""The page that corrects a finding: only the group's own members, a refused form keeps what
was typed, every change in the audit trail."""

from __future__ import annotations

from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.factfinding import services
from shuzhi.factfinding.models import Finding
from tests.factfinding.conftest import Scene, inspection


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _finding(scene: Scene) -> Finding:
    return services.record_finding(
        actor=scene.inspector, visit=inspection(scene), responsibility="便民服务", text="无人值守"
    )


def test_a_member_corrects_the_groups_finding_and_it_is_audited(scene: Scene) -> None:
    finding = _finding(scene)
    client = _client(scene.inspector)
    page = client.get(f"/factfinding/findings/{finding.pk}/edit/")
    assert page.status_code == 200 and "无人值守" in page.content.decode()

    answer = client.post(
        f"/factfinding/findings/{finding.pk}/edit/",
        {"responsibility": "便民服务中心", "text": "工作日上午无人值守", "reason": "补充时间"},
    )

    assert (
        answer.status_code == 302
        and answer["Location"] == f"/factfinding/visits/{finding.visit_id}/"
    )
    finding.refresh_from_db()
    assert (finding.responsibility, finding.text) == ("便民服务中心", "工作日上午无人值守")
    entry = AuditEntry.objects.get(action="factfinding.finding.edit")
    assert entry.actor_id == scene.inspector.pk and entry.reason == "补充时间"
    assert entry.after == {"responsibility": "便民服务中心", "text": "工作日上午无人值守"}


def test_an_inspector_outside_the_group_cannot_open_or_post_the_edit(scene: Scene) -> None:
    finding = _finding(scene)
    client = _client(scene.outsider_inspector)
    assert client.get(f"/factfinding/findings/{finding.pk}/edit/").status_code == 403
    posted = client.post(
        f"/factfinding/findings/{finding.pk}/edit/", {"responsibility": "甲", "text": "改"}
    )
    assert posted.status_code == 403
    finding.refresh_from_db()
    assert finding.text == "无人值守"


def test_a_refused_form_keeps_what_was_typed_with_a_chinese_error(scene: Scene) -> None:
    finding = _finding(scene)
    answer = _client(scene.inspector).post(
        f"/factfinding/findings/{finding.pk}/edit/",
        {"responsibility": "", "text": "我刚输入的新问题描述"},
    )
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "我刚输入的新问题描述" in body and "这个字段是必填项" in body
    finding.refresh_from_db()
    assert finding.text == "无人值守"
    assert not AuditEntry.objects.filter(action="factfinding.finding.edit").exists()


def test_an_answered_finding_is_refused_in_chinese(scene: Scene) -> None:
    finding = _finding(scene)
    services.answer_finding(actor=scene.town_secretary, finding=finding, action="accept")
    answer = _client(scene.inspector).post(
        f"/factfinding/findings/{finding.pk}/edit/", {"responsibility": "甲", "text": "改过的"}
    )
    assert answer.status_code == 400
    assert "单位已答复" in answer.content.decode()
    finding.refresh_from_db()
    assert finding.text == "无人值守"


def test_the_visit_page_links_a_pending_finding_to_its_edit_page(scene: Scene) -> None:
    finding = _finding(scene)
    page = _client(scene.inspector).get(f"/factfinding/visits/{finding.visit_id}/")
    assert f"/factfinding/findings/{finding.pk}/edit/" in page.content.decode()
