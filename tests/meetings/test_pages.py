"""The pages: create, settings, agenda, sign-in (list and scan), critique, tokens and slips,
phone ballot and receipt, live screen, results sheet, export."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from shuzhi.meetings import ballots, box
from shuzhi.meetings.models import Attendance, Ballot, BallotToken, Meeting
from shuzhi.orgs.models import Representative
from tests.factories import make_person
from tests.meetings.conftest import all_graded, issue, open_formal

pytestmark = pytest.mark.django_db


@pytest.fixture
def host_client(world) -> Client:
    client = Client()
    client.force_login(world.host)
    return client


def test_create_meeting_from_the_list_page(world, host_client):
    response = host_client.post(
        "/meetings/", {"round": world.round.pk, "title": "第二场", "held_on": "2026-12-30"}
    )
    meeting = Meeting.objects.get(title="第二场")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert "第二场" in host_client.get("/meetings/").content.decode()


def test_rejected_settings_keep_input_and_change_nothing(world, host_client):
    response = host_client.post(
        f"/meetings/{world.meeting.pk}/settings/",
        {
            "representative_share": "1/5",
            "min_key_problems": 3,
            "small_category_threshold": 3,
            "max_good_percent": 60,
            **{f"points_{g}": 10 for g in ("good", "fair", "average", "poor")},
            **{f"weight_{c}": 1 for c in ("leader", "representative", "member", "masses")},
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "不得低于 1/3" in html and 'value="1/5"' in html
    world.meeting.refresh_from_db()
    assert world.meeting.min_key_problems == 2


def test_settings_form_shows_the_rounds_points_and_weights(world, host_client):
    from shuzhi.rounds.models import RoundSettings

    RoundSettings.objects.update_or_create(round=world.round, defaults={"points_good": 97})
    page = host_client.get(f"/meetings/{world.meeting.pk}/settings/").content.decode()
    assert "来自考核设置" in page and "<td>97</td>" in page
    assert f"/rounds/{world.round.pk}/settings/" in page
    response = host_client.post(
        f"/meetings/{world.meeting.pk}/settings/",
        {
            "representative_share": "2/5",
            "min_key_problems": 3,
            "small_category_threshold": 4,
            "max_good_percent": 60,
            "points_good": 5,  # no longer a meeting setting: ignored
        },
    )
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.representative_share_denominator == 5
    assert world.meeting.grade_points["good"] != 5


def test_sign_in_from_the_list_and_by_scan(world, host_client):
    rep = make_person("王代表", world.city, code="P-REP")
    Representative.objects.create(organization=world.city, person=rep, category="party_congress")
    page = host_client.get(f"/meetings/{world.meeting.pk}/sign-in/").content.decode()
    assert "王代表" in page and "<svg" in page
    host_client.post(f"/meetings/{world.meeting.pk}/sign-in/", {"person": rep.pk})
    assert Attendance.objects.get(person=rep).category == "party_congress"
    walker = make_person("李群众", world.city, code="P-WALK")
    anonymous = Client()
    url = f"/meetings/s/{world.meeting.sign_in_code}/"
    bad = anonymous.post(url, {"name": "李群众", "person_code": "P-WRONG"})
    assert bad.status_code == 400 and "不匹配" in bad.content.decode()
    assert 'value="P-WRONG"' in bad.content.decode()
    ok = anonymous.post(url, {"name": "李群众", "person_code": "P-WALK"})
    assert "签到成功" in ok.content.decode()
    assert Attendance.objects.get(person=walker).by_scan


def test_open_box_refused_on_the_page_with_the_reason(world, host_client):
    response = host_client.post(f"/meetings/{world.meeting.pk}/box/open/", follow=True)
    assert "代表人数不足" in response.content.decode()


def test_critique_page_refuses_too_few_problems_and_keeps_input(world):
    client = Client()
    client.force_login(world.superior)
    item = world.items[0]
    url = f"/meetings/{world.meeting.pk}/critiques/{item.pk}/"
    response = client.post(url, {"form": "critique", "problems": "只有一条", "summary": "要加强"})
    html = response.content.decode()
    assert response.status_code == 400 and "至少指出 2 个关键问题" in html and "只有一条" in html
    response = client.post(url, {"form": "critique", "problems": "一\n二", "summary": ""})
    assert response.status_code == 302


def test_tokens_page_prints_slips_once_and_keeps_only_hashes(world, host_client):
    response = host_client.post(
        f"/meetings/{world.meeting.pk}/tokens/", {"category": "masses", "count": 4}
    )
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    links = re.findall(r'href="http://testserver/meetings/b/([A-Z2-7]{32})/"', html)
    assert len(links) == 4 and html.count("<svg") == 4
    assert set(BallotToken.objects.values_list("token_hash", flat=True)) == {
        ballots.hash_token(t) for t in links
    }


def test_phone_ballot_page_to_receipt_and_resubmission(world):
    open_formal(world)
    (token,) = issue(world, count=1)
    voter = Client(enforce_csrf_checks=False)
    page = voter.get(f"/meetings/b/{token}/").content.decode()
    assert all(r.person.name in page for r in world.reporters)
    form = {f"r{r.pk}": "fair" for r in world.reporters}
    first = voter.post(f"/meetings/b/{token}/", {**form, "comment": "很好"})
    html = first.content.decode()
    assert world.meeting.title in html and "提交成功" in html
    code = re.search(r'data-testid="receipt-code">([0-9A-F]+)<', html).group(1)
    again = voter.post(f"/meetings/b/{token}/", {**form, "comment": "很好"}).content.decode()
    assert code in again and "此前已经提交成功" in again
    changed = voter.post(f"/meetings/b/{token}/", {**form, "comment": "改了"})
    assert changed.status_code == 400 and "已经投过票" in changed.content.decode()
    assert Ballot.objects.count() == 1


def test_invalid_phone_ballot_is_refused_with_reasons_and_keeps_choices(world):
    world.meeting.max_good_percent = 25
    world.meeting.save()
    open_formal(world)
    (token,) = issue(world, count=1)
    form = {f"r{r.pk}": "good" for r in world.reporters[:2]}
    response = Client().post(f"/meetings/b/{token}/", form)
    html = response.content.decode()
    assert response.status_code == 400 and "最多 1 名" in html and "checked" in html
    assert not Ballot.objects.exists()


def test_unknown_token_page(world):
    assert Client().get("/meetings/b/AAAA/").status_code == 404


def test_live_screen_shows_only_turnout_until_closed_then_results_and_digest(world, host_client):
    open_formal(world)
    tokens = issue(world, "leader", 3) + issue(world, "masses", 2)
    for token in tokens:
        ballots.submit_ballot(raw_token=token, data=all_graded(world, "good", "fair", "poor"))
    live = host_client.get(f"/meetings/{world.meeting.pk}/live/").content.decode()
    assert "5 / 5" in live and 'data-testid="results"' not in live
    assert host_client.get(f"/meetings/{world.meeting.pk}/results/").status_code == 404
    assert host_client.get(f"/meetings/{world.meeting.pk}/export.json").status_code == 403
    meeting = box.close_box(actor=world.host, meeting=world.meeting)
    live = host_client.get(f"/meetings/{meeting.pk}/live/").content.decode()
    assert 'data-testid="results"' in live and meeting.digest in live
    # The hall's screen shows totals per reporter only; the sheet has the categories.
    assert "合并（" not in live and "加权得分" in live
    sheet = host_client.get(f"/meetings/{meeting.pk}/results/").content.decode()
    assert meeting.digest in sheet and "100.00%" in sheet
    # Masses (2 voters) fall below the threshold of 3 and are shown merged.
    assert "合并（群众代表）" not in sheet and "合并（" in sheet


def test_export_has_no_voter_link_and_includes_comments(world, host_client):
    open_formal(world)
    (token,) = issue(world, count=1)
    data = all_graded(world, "fair", comment="希望多下基层")
    ballots.submit_ballot(raw_token=token, data=data)
    box.close_box(actor=world.host, meeting=world.meeting)
    body = json.loads(host_client.get(f"/meetings/{world.meeting.pk}/export.json").content)
    (ballot,) = body["ballots"]
    assert ballot["ballot"]["comment"] == "希望多下基层"
    assert set(ballot) == {"category", "source", "valid", "invalid_reason", "receipt", "ballot"}
    assert token not in json.dumps(body) and ballots.hash_token(token) not in json.dumps(body)
    csv_text = host_client.get(f"/meetings/{world.meeting.pk}/export.csv").content.decode()
    assert "希望多下基层" in csv_text


def test_rehearsal_wipe_on_the_page_shows_the_counts(world, host_client):
    host_client.post(f"/meetings/{world.meeting.pk}/box/rehearsal/")
    (token,) = issue(world, count=1)
    ballots.submit_ballot(raw_token=token, data=all_graded(world, "fair"))
    response = host_client.post(f"/meetings/{world.meeting.pk}/box/wipe/", follow=True)
    html = response.content.decode()
    assert "已清除演练测评票 1 张、演练测评码 1 个" in html and "正式票箱现有测评票 0 张" in html
