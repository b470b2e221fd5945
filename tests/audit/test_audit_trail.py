from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from shuzhi.accounts.services import grant_role, revoke_role
from shuzhi.audit.models import AppendOnlyError, AuditEntry
from shuzhi.audit.queries import visible_entries
from shuzhi.orgs.services import (
    assign_post,
    create_organization,
    move_organization,
    update_organization,
)
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def test_organization_changes_are_recorded_with_before_and_after(small_city, county_admin):
    town = create_organization(
        actor=county_admin,
        code="C-A9",
        name="甲9镇党委",
        level="township",
        kind="party_committee",
        field="regional",
        parent=small_city.county_a,
    )
    update_organization(actor=county_admin, organization=town, name="甲9镇党委（新）")
    path_before_move = town.path
    move_organization(actor=county_admin, organization=town, new_parent=small_city.town_a1)
    actions = list(
        AuditEntry.objects.filter(object_id=str(town.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "orgs.organization.create",
        "orgs.organization.update",
        "orgs.organization.move",
    ]
    update = AuditEntry.objects.get(action="orgs.organization.update")
    assert (update.before, update.after) == ({"name": "甲9镇党委"}, {"name": "甲9镇党委（新）"})
    assert update.actor_label == "county_admin" and update.organization_path == path_before_move


def test_an_update_that_changes_nothing_writes_no_entry(small_city, county_admin):
    update_organization(
        actor=county_admin, organization=small_city.town_a1, name=small_city.town_a1.name
    )
    assert not AuditEntry.objects.filter(action="orgs.organization.update").exists()


def test_post_hand_over_records_the_end_and_the_new_term(small_city, county_admin):
    successor = make_person("新书记", small_city.town_a1)
    assign_post(
        actor=county_admin,
        organization=small_city.town_a1,
        person=successor,
        role="secretary",
        start_date=date(2025, 3, 1),
    )
    entries = AuditEntry.objects.filter(action__startswith="orgs.post").order_by("id")
    assert [e.action for e in entries] == ["orgs.post.end", "orgs.post.assign"]
    assert entries[0].after == {"end_date": "2025-02-28"}


def test_role_grants_and_revocations_are_recorded(small_city, county_admin):
    user = make_user("someone")
    grant = grant_role(
        actor=county_admin, user=user, role="viewer", organization=small_city.town_a1
    )
    revoke_role(actor=county_admin, grant=grant)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "accounts.grant.create",
        "accounts.grant.revoke",
    ]


def test_entries_cannot_be_changed_or_deleted_through_the_orm(small_city, county_admin):
    update_organization(actor=county_admin, organization=small_city.town_a1, name="改")
    entry = AuditEntry.objects.get()
    entry.reason = "rewrite history"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_to_rewrite_an_entry(small_city, county_admin):
    update_organization(actor=county_admin, organization=small_city.town_a1, name="改")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'forged'")
    assert AuditEntry.objects.get().reason == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps DELETE for test flushes"
)
def test_postgresql_refuses_to_delete_an_entry(small_city, county_admin):
    update_organization(actor=county_admin, organization=small_city.town_a1, name="改")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_audit_page_shows_only_entries_in_the_viewers_subtree(small_city, city_admin):
    update_organization(actor=city_admin, organization=small_city.town_a1, name="甲一改")
    update_organization(actor=city_admin, organization=small_city.town_b1, name="乙一改")
    viewer = make_user("viewer_a", "viewer", small_city.county_a)
    assert [e.after["name"] for e in visible_entries(viewer)] == ["甲一改"]
