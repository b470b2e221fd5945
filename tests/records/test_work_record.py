"""The work record: who writes it, targets and progress, the monthly check, change with reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shuzhi.audit.models import AuditEntry
from shuzhi.records import queries, rules, services
from shuzhi.records.models import WorkLog
from tests.factories import make_person, make_post, make_user
from tests.records.conftest import YEAR, log

pytestmark = pytest.mark.django_db


def test_the_secretary_logs_into_their_own_record(small_city, cast):
    entry = log(cast, small_city.town_a1, date(YEAR, 2, 3), kind="village_visit", days="0")
    assert entry.person == cast.secretary and entry.organization == small_city.town_a1
    audit = AuditEntry.objects.get(action="records.work.log")
    assert audit.after["kind"] == "village_visit" and audit.actor_id == cast.town_sec.pk


def test_a_secretary_above_cannot_write_a_townships_record(small_city, cast):
    with pytest.raises(PermissionDenied):
        log(cast, small_city.town_a1, date(YEAR, 2, 3), actor=cast.county_sec)
    other = make_user("a2_sec", "secretary", small_city.town_a2)
    with pytest.raises(PermissionDenied):
        log(cast, small_city.town_a1, date(YEAR, 2, 3), actor=other)


def test_an_entry_needs_a_secretary_in_post_text_and_no_future_date(small_city, cast):
    with pytest.raises(ValidationError, match="没有在任书记"):
        log(cast, small_city.town_a1, date(2022, 5, 1))
    with pytest.raises(ValidationError, match="主要内容"):
        log(cast, small_city.town_a1, date(YEAR, 2, 3), text="  ")
    with pytest.raises(ValidationError, match="今后"):
        log(cast, small_city.town_a1, date(2999, 1, 1))


def test_evidence_follows_the_shared_rule(small_city, cast):
    fake = SimpleUploadedFile("照片.png", b"MZ not a picture", content_type="image/png")
    with pytest.raises(ValidationError, match="不符"):
        log(cast, small_city.town_a1, date(YEAR, 2, 3), evidence=fake)
    assert not WorkLog.objects.exists()
    photo = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    entry = log(cast, small_city.town_a1, date(YEAR, 2, 3), evidence=photo)
    assert entry.evidence_name == "照片.png" and entry.evidence.size > 0


def test_progress_counts_days_and_contact_points_against_the_default_targets(small_city, cast):
    village_1, village_2 = small_city.village_a1, small_city.town_a1.children.order_by("code")[1]
    for month in range(1, 7):
        log(cast, small_city.town_a1, date(YEAR, month, 10), days="15")
    log(
        cast,
        small_city.town_a1,
        date(YEAR, 3, 1),
        kind="contact_point",
        days="30",
        place_organization=village_1,
    )
    log(
        cast,
        small_city.town_a1,
        date(YEAR, 4, 1),
        kind="contact_point",
        days="20",
        place_organization=village_2,
    )
    progress = queries.progress_of(small_city.town_a1, YEAR, date(YEAR, 12, 31))
    days, points = progress.targets
    assert (days.achieved, days.percent) == (Decimal(90), 50)
    # Only the village with a full month counts towards "one township, three villages".
    assert (points.achieved, points.percent) == (Decimal(1), 33)
    assert progress.percent == 41 and progress.behind
    assert progress.series[0][1][5] == 90.0 and progress.series[0][2] == 180.0


def test_a_contact_point_outside_the_organisation_is_refused(small_city, cast):
    outside = small_city.town_b1.children.first()
    with pytest.raises(ValidationError, match="联系点"):
        log(
            cast,
            small_city.town_a1,
            date(YEAR, 3, 1),
            kind="contact_point",
            place_organization=outside,
        )


def test_a_rounds_targets_replace_the_defaults(small_city, cast):
    services.set_targets(
        actor=cast.county_admin,
        round=cast.round,
        targets=[rules.Target("party_lesson", "count", Decimal(2))],
    )
    log(cast, small_city.town_a1, date(YEAR, 5, 1), kind="party_lesson", days="0")
    progress = queries.progress_of(small_city.town_a1, YEAR, date(YEAR, 6, 30))
    assert [t.label for t in progress.targets] == ["讲党课 ≥ 2 次"]
    assert progress.percent == 50 and not progress.behind  # half the year, half the lessons
    with pytest.raises(PermissionDenied):
        services.set_targets(actor=cast.county_rev, round=cast.round, targets=[])


def test_the_level_above_confirms_a_month(small_city, cast):
    march = log(cast, small_city.town_a1, date(YEAR, 3, 10))
    april = log(cast, small_city.town_a1, date(YEAR, 4, 10))
    with pytest.raises(PermissionDenied):
        services.confirm_month(
            actor=cast.town_sec, organization=small_city.town_a1, month=date(YEAR, 3, 1)
        )
    assert (
        services.confirm_month(
            actor=cast.county_rev, organization=small_city.town_a1, month=date(YEAR, 3, 31)
        )
        == 1
    )
    march.refresh_from_db(), april.refresh_from_db()
    assert march.is_confirmed and march.confirmed_by == cast.county_rev and not april.is_confirmed
    with pytest.raises(ValidationError, match="没有待确认"):
        services.confirm_month(
            actor=cast.county_rev, organization=small_city.town_a1, month=date(YEAR, 3, 1)
        )


def test_a_confirmed_entry_changes_only_with_a_recorded_reason(small_city, cast):
    entry = log(cast, small_city.town_a1, date(YEAR, 3, 10), days="2")
    services.change_work_log(actor=cast.town_sec, log=entry, days=Decimal(3))  # not yet confirmed
    services.confirm_month(
        actor=cast.county_rev, organization=small_city.town_a1, month=date(YEAR, 3, 1)
    )
    with pytest.raises(ValidationError, match="理由"):
        services.change_work_log(actor=cast.town_sec, log=entry, days=Decimal(4))
    services.change_work_log(actor=cast.town_sec, log=entry, days=Decimal(4), reason="补记半天")
    entry.refresh_from_db()
    assert entry.days == Decimal(4) and entry.is_confirmed
    change = AuditEntry.objects.filter(action="records.work.change").order_by("pk").last()
    assert (
        change.reason == "补记半天"
        and change.before["days"] == "3.0"
        and change.after == {"days": "4"}
    )


def test_the_admin_sees_the_subtrees_secretaries_who_are_behind(small_city, cast):
    a2_secretary = make_person("甲二书记", small_city.town_a2, code="P-A2")
    make_post(small_city.town_a2, a2_secretary)
    a2 = make_user("a2_sec", "secretary", small_city.town_a2, person=a2_secretary)
    for month in range(1, 7):
        log(cast, small_city.town_a2, date(YEAR, month, 3), days="30", actor=a2)
    for n, village in enumerate(small_city.town_a2.children.all()):
        log(
            cast,
            small_city.town_a2,
            date(YEAR, 7, 1 + n),
            kind="contact_point",
            days="30",
            place_organization=village,
            actor=a2,
        )
    log(cast, small_city.town_a1, date(YEAR, 1, 5), days="5")
    rows = {
        row.organization.code: row
        for row in queries.secretaries_progress(small_city.county_a, YEAR, date(YEAR, 7, 15))
    }
    assert set(rows) == {"C-A1", "C-A2"}
    assert rows["C-A1"].behind and rows["C-A1"].percent == 1
    # 180 days met; two of three contact points: on pace in July, behind at the year's end.
    assert rows["C-A2"].percent == 83 and not rows["C-A2"].behind
    assert rows["C-A2"].details[0] == "下基层驻村 ≥ 180 天：180"
    at_year_end = queries.secretaries_progress(small_city.county_a, YEAR, date(YEAR, 12, 31))
    assert [row.behind for row in at_year_end] == [True, True]
