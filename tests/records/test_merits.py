"""Red and black files: submissions, the monthly joint meeting, the bulletin, later changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document

from shuzhi.audit.models import AuditEntry
from shuzhi.records import merit_services, queries
from shuzhi.records.bulletin import bulletin_docx
from tests.factories import make_user
from tests.records.conftest import YEAR, meeting, submit

pytestmark = pytest.mark.django_db


def test_a_submission_takes_its_colour_and_points_from_the_table(small_city, cast):
    merit = submit(cast, small_city.town_a1, cast.black)
    assert (merit.color, merit.points, merit.status) == ("black", Decimal(-2), "submitted")
    assert merit.hearing_organization == small_city.county_a
    outside = small_city.town_b1
    with pytest.raises(ValidationError, match="不在"):
        submit(cast, outside, cast.red)
    with pytest.raises(PermissionDenied):
        submit(cast, small_city.town_a1, cast.red, actor=make_user("v", "viewer", cast.department))


def test_the_monthly_meeting_approves_and_rejects_with_its_date_and_approvers(small_city, cast):
    red = submit(cast, small_city.town_a1, cast.red)
    black = submit(cast, small_city.town_a2, cast.black)
    march = meeting(cast)
    assert {u.username for u in march.approvers.all()} == {"county_rev", "county_adm"}
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=red, approve=True)
    with pytest.raises(ValidationError, match="理由"):
        merit_services.decide_merit(
            actor=cast.county_rev, meeting=march, merit=black, approve=False
        )
    merit_services.decide_merit(
        actor=cast.county_rev, meeting=march, merit=black, approve=False, note="事实不清"
    )
    red.refresh_from_db(), black.refresh_from_db()
    assert (red.status, red.meeting, black.status) == ("approved", march, "rejected")
    actions = list(
        AuditEntry.objects.filter(action__startswith="records.merit.").values_list(
            "action", flat=True
        )
    )
    assert (
        actions.count("records.merit.approve") == 1 and actions.count("records.merit.reject") == 1
    )


def test_only_the_meetings_approvers_decide(small_city, cast):
    merit = submit(cast, small_city.town_a1, cast.red)
    march = meeting(cast)
    another_reviewer = make_user("rev2", "reviewer", small_city.county_a)
    with pytest.raises(PermissionDenied):
        merit_services.decide_merit(
            actor=another_reviewer, meeting=march, merit=merit, approve=True
        )
    with pytest.raises(ValidationError, match="审议人"):
        merit_services.hold_joint_meeting(
            actor=cast.county_admin,
            organization=small_city.county_a,
            month=date(YEAR, 4, 1),
            held_on=date(YEAR, 4, 28),
            approvers=[cast.town_sec],
        )


def test_the_bulletin_lists_the_months_approved_entries_only(small_city, cast):
    approved = submit(cast, small_city.town_a1, cast.red, facts="获评省级先进基层党组织")
    rejected = submit(cast, small_city.town_a2, cast.red, facts="材料不实")
    pending = submit(cast, small_city.town_a2, cast.black, day=date(YEAR, 4, 2))
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=approved, approve=True)
    merit_services.decide_merit(
        actor=cast.county_rev, meeting=march, merit=rejected, approve=False, note="不实"
    )
    assert pending not in queries.pending_for(march)  # April's facts wait for April's meeting
    merit_services.publish_bulletin(actor=cast.county_rev, meeting=march)
    assert queries.bulletin_entries(march) == [approved]
    text = "\n".join(
        cell.text
        for table in Document(BytesIO(bulletin_docx(march, queries.bulletin_entries(march)))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "获评省级先进基层党组织" in text and "材料不实" not in text
    client = Client()
    client.force_login(cast.county_rev)
    page = client.get(f"/records/meetings/{march.pk}/bulletin/").content.decode()
    assert "获评省级先进基层党组织" in page and "材料不实" not in page
    with pytest.raises(ValidationError, match="已经发布"):
        merit_services.decide_merit(
            actor=cast.county_rev, meeting=march, merit=pending, approve=True
        )


def test_a_change_after_publication_needs_a_reason_and_is_audited(small_city, cast):
    merit = submit(cast, small_city.town_a1, cast.red)
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=merit, approve=True)
    merit_services.change_merit(actor=cast.county_rev, merit=merit, reason="", points=Decimal(4))
    merit_services.publish_bulletin(actor=cast.county_rev, meeting=march)
    with pytest.raises(ValidationError, match="理由"):
        merit_services.change_merit(
            actor=cast.county_rev, merit=merit, reason=" ", points=Decimal(5)
        )
    merit_services.change_merit(
        actor=cast.county_rev, merit=merit, reason="按新标准调整", points=Decimal(5)
    )
    merit.refresh_from_db()
    assert merit.points == Decimal(5)
    entry = AuditEntry.objects.filter(action="records.merit.change").order_by("pk").last()
    assert entry.reason == "按新标准调整" and entry.before["points"] == "4.00"


def test_a_unit_sees_only_what_it_submitted_and_viewers_the_approved(small_city, cast):
    mine = submit(cast, small_city.town_a1, cast.red)
    other_department = small_city.county_a.children.get(code="C-A2")
    other = submit(
        cast, small_city.town_a1, cast.black, unit=other_department, actor=cast.county_admin
    )
    assert list(queries.visible_merits(cast.submitter)) == [mine]
    viewer = make_user("town_viewer", "viewer", small_city.town_a1)
    assert list(queries.visible_merits(viewer)) == []
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=other, approve=True)
    assert list(queries.visible_merits(viewer)) == [other]
    assert set(queries.visible_merits(cast.county_rev)) == {mine, other}


def test_a_published_bulletin_reaches_the_units_below_but_not_an_open_meeting(small_city, cast):
    merit = submit(cast, small_city.town_a1, cast.red)
    march = meeting(cast)
    merit_services.decide_merit(actor=cast.county_rev, meeting=march, merit=merit, approve=True)
    town = Client()
    town.force_login(cast.town_sec)
    assert town.get(f"/records/meetings/{march.pk}/").status_code == 404
    merit_services.publish_bulletin(actor=cast.county_rev, meeting=march)
    assert town.get(f"/records/meetings/{march.pk}/bulletin/").status_code == 200
    other = Client()
    other.force_login(make_user("b_viewer", "viewer", small_city.county_b))
    assert other.get(f"/records/meetings/{march.pk}/bulletin/").status_code == 404


def test_a_superuser_sees_every_submission_and_meeting(small_city, cast):
    pending = submit(cast, small_city.town_a1, cast.red)
    march = meeting(cast)
    root = make_user("root", is_superuser=True)
    assert list(queries.visible_merits(root)) == [pending]
    assert list(queries.visible_meetings(root)) == [march]
