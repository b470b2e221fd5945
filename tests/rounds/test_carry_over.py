"""Copying last year's peer groups and reporters: a preview of what changed, then the copy."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.rounds.models import Reporter, Round
from shuzhi.rounds.services import set_peer_groups
from tests.factories import make_org, make_person, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(small_city, county_admin):  # type: ignore[no-untyped-def]
    last = Round.objects.create(
        name="甲县2025", year=2025, hearing_organization=small_city.county_a
    )
    this = Round.objects.create(
        name="甲县2026", year=2026, hearing_organization=small_city.county_a
    )
    set_peer_groups(actor=county_admin, round=last, names=["乡镇组", "街道组"])
    old = make_person("甲二老书记", small_city.town_a2, code="P-OLD")
    post = make_post(small_city.town_a2, old)
    gone = make_org("甲3镇党委", small_city.county_a, code="C-A3")
    gone_secretary = make_person("甲三书记", gone, code="P-GONE")
    make_post(gone, gone_secretary)
    sec = Person.objects.get(code="P-SEC")
    for org, person, group in (
        (small_city.town_a1, sec, "乡镇组"),
        (small_city.town_a2, old, "街道组"),
        (gone, gone_secretary, "乡镇组"),
    ):
        Reporter.objects.create(round=last, organization=org, person=person, peer_group=group)
    # Since then: township A2 has a new secretary, township A3 was dissolved.
    Post.objects.filter(pk=post.pk).update(end_date=date(2025, 12, 31))
    make_post(small_city.town_a2, make_person("甲二新书记", small_city.town_a2, code="P-NEW"))
    Organization.objects.filter(pk=gone.pk).update(is_active=False)
    return last, this


def test_the_preview_shows_what_changed_and_copies_nothing(years, county_admin):
    last, this = years
    client = Client()
    client.force_login(county_admin)
    page = client.get(f"/rounds/{this.pk}/groups/", {"source": last.pk}).content.decode()
    rows = {n: r for r in page.split("<tr")[1:] for n in ("甲1镇", "甲2镇", "甲3镇") if n in r}
    assert "书记未变" in rows["甲1镇"]
    assert (
        "甲二老书记" in rows["甲2镇"]
        and "甲二新书记" in rows["甲2镇"]
        and "书记已更换" in rows["甲2镇"]
    )
    assert "组织已撤销或不在下级，跳过" in rows["甲3镇"]
    assert "新增分组：乡镇组、街道组" in page
    assert not this.reporters.exists() and not this.peer_groups.exists()


def test_the_copy_enrolls_current_secretaries_in_last_years_groups(years, county_admin):
    last, this = years
    client = Client()
    client.force_login(county_admin)
    response = client.post(f"/rounds/{this.pk}/reporters/carry-over/", {"source": last.pk})
    assert response.status_code == 302
    assert list(this.peer_groups.values_list("name", flat=True)) == ["乡镇组", "街道组"]
    enrolled = {r.organization.code: (r.person.code, r.peer_group) for r in this.reporters.all()}
    assert enrolled == {"C-A1": ("P-SEC", "乡镇组"), "C-A2": ("P-NEW", "街道组")}
    entry = AuditEntry.objects.get(action="rounds.reporters.carry_over")
    assert entry.after["secretary_changed"] == 1 and entry.after["gone"] == 1
    # Copying again adds nothing: those already enrolled are marked so.
    client.post(f"/rounds/{this.pk}/reporters/carry-over/", {"source": last.pk})
    assert this.reporters.count() == 2


def test_only_the_rounds_manager_may_copy(years, small_city):
    from tests.factories import make_user

    last, this = years
    client = Client()
    client.force_login(make_user("viewer_a", "viewer", small_city.county_a))
    response = client.post(f"/rounds/{this.pk}/reporters/carry-over/", {"source": last.pk})
    assert response.status_code == 403 and not this.reporters.exists()
