"""The 100-point assessment: import (all or nothing), classes, 十佳, pay sheets and sign-offs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook

from shuzhi.audit.models import AuditEntry
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.villages import services
from shuzhi.villages.models import CommitteeMember, VillageScore
from shuzhi.villages.rules import SignOffLevel
from tests.factories import make_user
from tests.villages.conftest import assessment_file, members_for, scores_for

pytestmark = pytest.mark.django_db


def test_classes_split_twenty_fifty_thirty_and_pay_follows(computed, county_villages):
    scores = list(VillageScore.objects.filter(assessment=computed).order_by("rank"))
    assert [s.klass for s in scores].count("1") == 5  # 20% of 24 = 4.8 → 5
    assert [s.klass for s in scores].count("2") == 12  # 70% of 24 = 16.8 → 17 in all
    best = CommitteeMember.objects.get(name=f"{scores[0].village.code}书记")
    assert best.bonus == Decimal("30000.00")
    middle = CommitteeMember.objects.get(name=f"{scores[10].village.code}主任")
    assert middle.bonus == Decimal("12000.25")  # 24000.50 × 50%
    last = CommitteeMember.objects.get(name=f"{scores[-1].village.code}主任")
    assert last.bonus == Decimal("4800.10")  # 24000.50 × 20%


def test_top_ten_is_limited_to_class_one(computed):
    top = VillageScore.objects.filter(assessment=computed, top_ten=True)
    assert top.count() == 5 and set(top.values_list("klass", flat=True)) == {"1"}


def test_a_bad_row_writes_nothing_and_says_where(small_city, county_villages, admin):
    assessment = services.create_assessment(
        actor=admin, organization=small_city.county_a, year=2025
    )
    rows = scores_for(county_villages)
    rows[3][2] = "很好"
    members = members_for(county_villages)
    members.append(["C-B1-1", "外县人", "委员", "100"])
    with pytest.raises(WorkbookInvalid) as raised:
        services.import_assessment(
            actor=admin, assessment=assessment, stream=assessment_file(rows, members)
        )
    text = str(raised.value)
    assert "「村级得分」表第 5 行「得分」：「很好」不是数字" in text
    assert "找不到编码为「C-B1-1」的村（社区）" in text
    assert not VillageScore.objects.filter(assessment=assessment).exists()
    assert not CommitteeMember.objects.exists()


def test_a_second_import_replaces_the_first(small_city, county_villages, admin, computed):
    services.import_assessment(
        actor=admin,
        assessment=computed,
        stream=assessment_file(scores_for(county_villages[:3]), members_for(county_villages[:1])),
    )
    assert VillageScore.objects.filter(assessment=computed).count() == 3
    assert CommitteeMember.objects.count() == 2


def test_pay_sheet_signed_by_township_then_county_and_audited(small_city, computed):
    township_cadre = make_user("town_reviewer", "reviewer", small_city.town_a1)
    county = make_user("county_reviewer", "reviewer", small_city.county_a)
    with pytest.raises(ValidationError, match="须先经乡镇"):
        services.sign_pay_sheet(
            actor=county, assessment=computed, township=small_city.town_a1, level="county"
        )
    with pytest.raises(PermissionDenied):
        services.sign_pay_sheet(
            actor=township_cadre, assessment=computed, township=small_city.town_a1, level="county"
        )
    services.sign_pay_sheet(
        actor=township_cadre, assessment=computed, township=small_city.town_a1, level="township"
    )
    services.sign_pay_sheet(
        actor=county, assessment=computed, township=small_city.town_a1, level="county"
    )
    assert AuditEntry.objects.filter(action="villages.pay_sheet.sign").count() == 2
    with pytest.raises(ValidationError, match="不能再修改"):
        services.compute_assessment(
            actor=make_user("a2", "admin", small_city.county_a), assessment=computed
        )


def test_the_pay_sheet_download_lists_members_with_total_and_sign_offs(small_city, computed):
    client = Client()
    client.force_login(make_user("town_viewer", "viewer", small_city.town_a1))
    response = client.get(
        f"/villages/assessments/{computed.pk}/townships/{small_city.town_a1.code}/pay.xlsx"
    )
    assert response.status_code == 200
    from io import BytesIO

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    lines = [r for r in rows if r[5] and r[1] not in ("合计",) and r[0] is not None]
    assert len(lines) == 24  # 12 villages × 2 members
    total = next(r for r in rows if r[1] == "合计")[9]
    expected = sum(
        CommitteeMember.objects.filter(score__township=small_city.town_a1).values_list(
            "bonus", flat=True
        )
    )
    assert Decimal(str(total)) == expected
    assert any(r[1] == SignOffLevel.COUNTY.label for r in rows)
    # Another township's cadre cannot open it.
    other = Client()
    other.force_login(make_user("b_viewer", "viewer", small_city.town_b1))
    assert (
        other.get(
            f"/villages/assessments/{computed.pk}/townships/{small_city.town_a1.code}/"
        ).status_code
        == 404
    )


def test_the_assessment_page_shows_top_ten_with_the_prize(computed, admin):
    client = Client()
    client.force_login(admin)
    page = client.get(f"/villages/assessments/{computed.pk}/").content.decode()
    assert "十佳村（社区）" in page and "50000.00" in page


def test_the_import_page_lists_row_errors(computed, admin, county_villages):
    client = Client()
    client.force_login(admin)
    bad = assessment_file([[county_villages[0].code, "", 120]], [])
    bad.name = "bad.xlsx"
    response = client.post(f"/villages/assessments/{computed.pk}/import/", {"file": bad})
    assert response.status_code == 400
    assert "得分应在 0 到 100 之间" in response.content.decode()
