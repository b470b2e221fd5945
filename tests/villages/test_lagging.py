"""Lagging villages and weak organisations: identification, pairing, the plan in the ledger
(through core.events) and the de-listing gate."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from shuzhi.audit.models import AuditEntry
from shuzhi.orgs.models import Person
from shuzhi.rectification.models import Problem, RectificationItem
from shuzhi.villages import listing, rules
from shuzhi.villages.models import LaggingOrganization
from shuzhi.villages.rules import ListingStatus
from tests.factories import make_org, make_person, make_user

pytestmark = pytest.mark.django_db


def _listing(small_city, admin):  # type: ignore[no-untyped-def]
    return listing.list_organization(
        actor=admin,
        organization=small_city.village_a1,
        kind="weak",
        identified_by="hand",
        reason="班子不团结，组织生活长期不正常",
        year=2024,
    )


def _sign_off_all(found: LaggingOrganization, closer) -> None:  # type: ignore[no-untyped-def]
    submitter = make_user(f"sub_{found.pk}_{RectificationItem.objects.count()}")
    person = (
        make_person("村书记", found.organization)
        if not Person.objects.filter(code="P-V").exists()
        else Person.objects.get(code="P-V")
    )
    for problem in Problem.objects.filter(
        reference__startswith=f"{found.reference}:", item__isnull=True
    ):
        RectificationItem.objects.create(
            problem=problem,
            organization=found.organization,
            first_responsible=person,
            measures="整改",
            deadline=date(2026, 6, 30),
            status="closed",
            submitted_by=submitter,
            closed_by=closer,
            closed_on=date(2026, 5, 1),
            close_reason="核实已整改",
        )


def test_by_rank_lists_about_five_percent_of_the_assessment(computed, admin):
    created = listing.identify_by_rank(actor=admin, assessment=computed)
    assert len(created) == 1  # 5% of 24 = 1.2 → 1
    assert created[0].identified_by == "rank" and "第 24 名（共 24 名）" in created[0].reason
    assert listing.identify_by_rank(actor=admin, assessment=computed) == []  # already listed


def test_by_hand_needs_a_reason_and_is_audited(small_city, admin):
    with pytest.raises(ValidationError, match="认定理由"):
        listing.list_organization(
            actor=admin,
            organization=small_city.village_a1,
            kind="lagging",
            identified_by="hand",
            reason=" ",
            year=2025,
        )
    found = _listing(small_city, admin)
    assert found.county == small_city.county_a
    assert AuditEntry.objects.filter(action="villages.lagging.list").exists()


def test_pairing_with_a_department_and_a_leader(small_city, admin):
    department = make_org(
        "县农业农村局党组", small_city.county_a, code="C-A-NY", level="township", field="government"
    )
    found = listing.pair(
        actor=admin,
        listing=_listing(small_city, admin),
        department=department,
        responsible_leader="王副县长",
    )
    assert found.department == department and found.responsible_leader == "王副县长"


def test_plan_items_go_to_the_ledger_and_gate_de_listing(small_city, admin):
    found = _listing(small_city, admin)
    with pytest.raises(ValidationError, match="尚无整改事项"):
        listing.request_delisting(actor=admin, listing=found)
    listing.add_plan_items(actor=admin, listing=found, texts=["调整班子", "", "恢复三会一课"])
    assert (
        Problem.objects.filter(organization=small_city.village_a1, source="superior").count() == 2
    )
    assert listing.plan_progress([found])[found.pk].open == 2
    with pytest.raises(ValidationError, match="还有 2 项整改事项未销号"):
        listing.request_delisting(actor=admin, listing=found)
    _sign_off_all(found, admin)
    requester = make_user("county_sec_req", "secretary", small_city.county_a)
    listing.request_delisting(actor=requester, listing=found)
    with pytest.raises(ValidationError, match="申请人不能审批"):
        listing.approve_delisting(actor=requester, listing=found, today=date(2026, 6, 1))
    approver = make_user("county_sec", "secretary", small_city.county_a)
    done = listing.approve_delisting(actor=approver, listing=found, today=date(2026, 6, 1))
    assert done.status == ListingStatus.DELISTED.value and done.delisted_on == date(2026, 6, 1)


def test_a_township_cannot_approve_its_own_village(small_city, admin):
    found = _listing(small_city, admin)
    listing.add_plan_items(actor=admin, listing=found, texts=["调整班子"])
    _sign_off_all(found, admin)
    listing.request_delisting(actor=admin, listing=found)
    with pytest.raises(PermissionDenied):
        listing.approve_delisting(
            actor=make_user("town_only", "secretary", small_city.town_a1),
            listing=found,
            today=date(2026, 6, 1),
        )


def test_a_new_item_after_the_request_reopens_it(small_city, admin):
    found = _listing(small_city, admin)
    listing.add_plan_items(actor=admin, listing=found, texts=["调整班子"])
    _sign_off_all(found, admin)
    listing.request_delisting(actor=admin, listing=found)
    listing.add_plan_items(actor=admin, listing=found, texts=["新发现的问题"])
    found.refresh_from_db()
    assert found.status == ListingStatus.LISTED.value


@given(
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=1, max_value=50),
    st.booleans(),
)
def test_an_open_item_always_blocks_de_listing(open_items: int, total: int, approved: bool) -> None:
    open_items = min(open_items, total)
    refusal = rules.delisting_refusal(open_items=open_items, total_items=total, approved=approved)
    assert (refusal is None) == (open_items == 0 and approved)


def test_county_sees_rate_and_years_on_the_list(small_city, admin):
    old = _listing(small_city, admin)
    LaggingOrganization.objects.filter(pk=old.pk).update(year_listed=2020)
    client = Client()
    client.force_login(admin)
    page = client.get("/villages/lagging/?years=3").content.decode()
    assert small_city.village_a1.name in page and "目标" in page
    assert rules.years_listed(2024, 2026) == 3
    assert rules.rectification_rate(20, 19) == rules.RECTIFICATION_TARGET
