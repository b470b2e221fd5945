"""Objections filed by the public during 公示 (实名反映): the page reached from the posted result,
only within the period, throttled per address, CSRF-protected, a receipt number for the filer,
nobody else's objections or contact shown; the township answers them as any other."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from shuzhi.audit.models import AuditEntry
from shuzhi.villages import dual, dual_queries
from shuzhi.villages.models import Objection
from tests.villages.dual_world import evaluate_and_count, open_village_round, published, score_all

pytestmark = pytest.mark.django_db

FILING = {
    "name": "张秀英",
    "filer_kind": "masses",
    "contact": "13800138000",
    "text": "第二村民主评议时有人代投",
}


@pytest.fixture
def world(small_city, county_admin):  # type: ignore[no-untyped-def]
    world = open_village_round(small_city.town_a1, county_admin)
    first, second = world.villages
    score_all(world, {first: "80", second: "90"})
    evaluate_and_count(world, {first: ["good"], second: ["fair"]})
    return world


@pytest.fixture
def posted(world):  # type: ignore[no-untyped-def]
    """Posted today, so the public page (which takes today's date) is within the period."""
    return published(world, timezone.localdate())


def _url(village_round) -> str:  # type: ignore[no-untyped-def]
    return f"/villages/o/{dual_queries.public_key(village_round)}/"


def test_a_member_of_the_public_files_an_objection_and_gets_a_receipt_number(world, posted) -> None:  # type: ignore[no-untyped-def]
    second = world.villages[1]
    client = Client()
    page = client.get(_url(posted))
    assert page.status_code == 200 and "实名反映" in page.content.decode()
    response = client.post(_url(posted), {**FILING, "village": second.code})
    assert response.status_code == 200
    objection = Objection.objects.get()
    assert objection.receipt in response.content.decode()
    assert len(objection.receipt) == dual.RECEIPT_LENGTH
    assert set(objection.receipt) <= set(dual.RECEIPT_ALPHABET)
    assert (objection.raised_by, objection.contact, objection.filer_kind) == (
        "张秀英",
        "13800138000",
        "masses",
    )
    assert objection.village == second and objection.recorded_by is None
    assert objection.raised_on == timezone.localdate() and objection.filed_publicly
    # The filer's receipt carries no contact; the audit names the filing, not the phone number.
    assert "13800138000" not in response.content.decode()
    entry = AuditEntry.objects.get(action="villages.dual.objection_filed")
    assert entry.after["receipt"] == objection.receipt
    assert "13800138000" not in str(entry.after)


def test_the_township_sees_the_filed_objection_with_contact_and_answers_it(world, posted) -> None:  # type: ignore[no-untyped-def]
    Client().post(_url(posted), FILING)
    objection = Objection.objects.get()
    client = Client()
    client.force_login(world.actor)
    html = client.get(f"/villages/rounds/{posted.pk}/").content.decode()
    assert "第二村民主评议时有人代投" in html and objection.receipt in html
    assert "13800138000" in html  # the township may call back
    assert dual_queries.public_key(posted) in html  # the link the villages are given
    response = client.post(
        f"/villages/objections/{objection.pk}/answer/", {"answer": "经核实无代投"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answer == "经核实无代投" and objection.answered_by == world.actor


def test_the_public_page_shows_nobody_elses_objections_or_contact(world, posted) -> None:  # type: ignore[no-untyped-def]
    dual.file_objection(
        village_round=posted,
        name="李建国",
        contact="13900001111",
        filer_kind="member",
        text="打分人中有本村亲属",
    )
    dual.record_objection(
        actor=world.actor,
        village_round=posted,
        raised_by="王大妈",
        text="电话反映的异议",
        raised_on=timezone.localdate(),
    )
    client = Client()
    for response in (client.get(_url(posted)), client.post(_url(posted), FILING)):
        html = response.content.decode()
        for secret in ("李建国", "13900001111", "打分人中有本村亲属", "王大妈", "电话反映的异议"):
            assert secret not in html


def test_objections_are_refused_outside_the_posting_period(world) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    # Posted six days ago for five days: the period ended two days ago.
    village_round = published(world, today - timedelta(days=6))
    client = Client()
    page = client.get(_url(village_round))
    closed = f"公示期已于{today - timedelta(days=2):%Y-%m-%d}结束，不能再受理异议。"
    assert page.status_code == 200 and closed in page.content.decode()
    assert 'data-testid="objection-form"' not in page.content.decode()
    response = client.post(_url(village_round), FILING)
    assert response.status_code == 400 and closed in response.content.decode()
    assert not Objection.objects.exists()


def test_the_service_takes_objections_only_within_the_period(world) -> None:  # type: ignore[no-untyped-def]
    village_round = published(world, date(2026, 7, 10))
    with pytest.raises(ValidationError, match="公示自2026-07-10开始"):
        dual.file_objection(village_round=village_round, **FILING, today=date(2026, 7, 9))
    with pytest.raises(ValidationError, match="公示期已于2026-07-14结束"):
        dual.file_objection(village_round=village_round, **FILING, today=date(2026, 7, 15))
    filed = dual.file_objection(village_round=village_round, **FILING, today=date(2026, 7, 14))
    assert filed.raised_on == date(2026, 7, 14)


def test_a_round_not_yet_posted_or_a_forged_key_has_no_public_page(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get(_url(world.village_round)).status_code == 404  # not posted yet
    key = dual_queries.public_key(world.village_round)
    assert client.get(f"/villages/o/{key}x/").status_code == 404
    assert client.get(f"/villages/o/{world.village_round.pk}/").status_code == 404


def test_a_final_result_takes_no_more_objections(world) -> None:  # type: ignore[no-untyped-def]
    village_round = published(world, date(2026, 7, 10))
    dual.finalize(actor=world.actor, village_round=village_round, today=date(2026, 7, 15))
    village_round.refresh_from_db()
    village_round.objections_close_on = date(2099, 1, 1)  # even were the period still open
    village_round.save()
    with pytest.raises(ValidationError, match="结果已经确定"):
        dual.file_objection(village_round=village_round, **FILING, today=date(2026, 7, 12))


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("name", "真实姓名"),
        ("contact", "联系电话"),
        ("text", "异议内容"),
        ("filer_kind", "身份"),
    ],
)
def test_an_objection_must_be_named_with_contact(world, posted, missing, message) -> None:  # type: ignore[no-untyped-def]
    data = {**FILING, missing: ""}
    response = Client().post(_url(posted), data)
    assert response.status_code == 400
    assert 'data-testid="objection-errors"' in response.content.decode()
    with pytest.raises(ValidationError, match=message):
        dual.file_objection(village_round=posted, **data)
    assert not Objection.objects.exists()


def test_an_objection_names_only_a_posted_village(world, posted, small_city) -> None:  # type: ignore[no-untyped-def]
    other = small_city.town_a2.children.first()
    response = Client().post(_url(posted), {**FILING, "village": other.code})
    assert response.status_code == 400  # not among the form's choices
    with pytest.raises(ValidationError, match="不在本次公示的名单中"):
        dual.file_objection(village_round=posted, **FILING, village=other)
    assert not Objection.objects.exists()


def test_filings_are_throttled_per_client_address(world, posted, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VILLAGES_OBJECTION_MAX_FAILURES = 2
    here, there = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert here.post(_url(posted), FILING).status_code == 200
    assert here.post(_url(posted), {**FILING, "text": "再补充一点"}).status_code == 200
    blocked = here.post(_url(posted), {**FILING, "text": "第三条"})
    assert blocked.status_code == 429 and "本网络提交的异议过多" in blocked.content.decode()
    assert there.post(_url(posted), {**FILING, "text": "另一处网络"}).status_code == 200
    assert sorted(Objection.objects.values_list("text", flat=True)) == sorted(
        ["第二村民主评议时有人代投", "再补充一点", "另一处网络"]
    )


def test_the_public_page_is_csrf_protected(world, posted) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    assert client.post(_url(posted), FILING).status_code == 403
    page = client.get(_url(posted))
    token = page.cookies["csrftoken"].value
    assert client.post(_url(posted), {**FILING, "csrfmiddlewaretoken": token}).status_code == 200
    assert Objection.objects.count() == 1


def test_the_notice_to_post_carries_the_qr_code_of_the_public_page(
    world, posted, small_city
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.actor)
    html = client.get(f"/villages/rounds/{posted.pk}/notice/").content.decode()
    assert 'data-testid="notice-qr"' in html and "<svg" in html
    assert f"http://testserver{_url(posted)}" in html
    assert 'data-testid="ranking"' in html
    # The round's name already says whose round it is: the heading does not repeat it.
    assert f"<h1>{posted.round.name}村级双述双评结果公示</h1>" in html
    today = timezone.localdate()
    assert f"公示期自 {today.year}年{today.month}月{today.day}日 至" in html
    not_posted = open_village_round(small_city.town_a2, world.actor)
    assert client.get(f"/villages/rounds/{not_posted.village_round.pk}/notice/").status_code == 404
