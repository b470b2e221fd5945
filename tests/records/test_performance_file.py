"""The cadre's performance file: everything about one person across years and posts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from shuzhi.core.events import RaisedProblem
from shuzhi.orgs.models import Post
from shuzhi.records import merit_services
from shuzhi.records.performance import performance_file
from shuzhi.rectification import services as rectification
from shuzhi.rectification.models import Interview
from shuzhi.rounds.models import Reporter, Round
from shuzhi.scoring.models import Publication, Result
from tests.factories import make_post
from tests.records.conftest import YEAR, log, meeting, submit

pytestmark = pytest.mark.django_db


def _result(reporter: Reporter, composite: str, rank: int, publish: bool, admin) -> None:  # type: ignore[no-untyped-def]
    Result.objects.create(
        reporter=reporter,
        round=reporter.round,
        peer_group="乡镇",
        composite=Decimal(composite),
        rank=rank,
        group_size=12,
        grade="good",
        class_number=2,
        interview=rank == 12,
    )
    if publish:
        Publication.objects.create(
            round=reporter.round,
            frozen_at=timezone.now(),
            starts_on=date(reporter.round.year, 12, 20),
            ends_on=date(reporter.round.year, 12, 27),
            published_by=admin,
        )


@pytest.fixture
def two_years(small_city, cast):  # type: ignore[no-untyped-def]
    # 2025 in township A2, then the post in township A1 (this year's round is cast.round).
    Post.objects.filter(organization=small_city.town_a1).update(start_date=date(2026, 1, 1))
    make_post(small_city.town_a2, cast.secretary, start=date(2024, 1, 1))
    Post.objects.filter(organization=small_city.town_a2).update(end_date=date(2025, 12, 31))
    last = Round.objects.create(
        name="甲县2025年度", year=2025, hearing_organization=small_city.county_a
    )
    earlier = Reporter.objects.create(
        round=last, organization=small_city.town_a2, person=cast.secretary
    )
    _result(earlier, "88.50", 12, True, cast.county_admin)
    _result(cast.reporter, "91.25", 3, False, cast.county_admin)  # not yet posted
    Interview.objects.create(
        organization=small_city.town_a2,
        person=cast.secretary,
        reason="bottom_rank",
        detail="第 12 名（共 12 名）",
        round_id=last.pk,
        held_on=date(2026, 1, 15),
        outcome="限期整改",
    )
    (problem,) = rectification.intake_problems(
        [
            RaisedProblem(
                small_city.town_a1.pk, "superior", "党建责任落实不到位", 2025, reference="c:1"
            )
        ]
    )
    rectification.create_item(
        actor=cast.town_sec, problem=problem, measures="建立责任清单", deadline=date(2026, 6, 30)
    )
    log(cast, small_city.town_a1, date(YEAR, 2, 1), days="3")
    merit = submit(
        cast, small_city.town_a1, cast.red, person=cast.secretary, facts="带头领办党建项目"
    )
    merit_services.decide_merit(
        actor=cast.county_rev, meeting=meeting(cast), merit=merit, approve=True
    )
    return last


def test_the_file_lists_everything_across_two_years(small_city, cast, two_years):
    file = performance_file(cast.secretary)
    assert [p.organization.code for p in file.posts] == ["C-A2", "C-A1"]
    sections = {s.key: s for s in file.sections}
    assert list(sections) == [
        "records.1.work",
        "records.2.merits",
        "rectification.1.interviews",
        "rectification.2.items",
        "scoring.1.results",
    ]
    results = sections["scoring.1.results"].rows
    assert results[0][:8] == (
        "2025",
        "甲县2025年度",
        "甲2镇党委",
        "88.50",
        "12/12",
        "良好",
        "2类",
        "",
    )
    assert results[0][8] == "是"
    assert results[1][3] == "未公示"  # this year's result is not posted yet
    assert sections["rectification.1.interviews"].rows[0][4] == "限期整改"
    assert sections["rectification.2.items"].rows[0][2:4] == ("党建责任落实不到位", "第一责任人")
    assert sections["records.1.work"].rows == (("2026", "下基层驻村", "1", "0", "3"),)
    assert sections["records.2.merits"].rows[0][3:6] == ("获评上级表彰", "+3.00", "已通过")


def test_the_file_exports_to_excel_and_word(small_city, cast, two_years):
    client = Client()
    client.force_login(cast.county_admin)
    page = client.get("/records/people/P-SEC/").content.decode()
    assert (
        "88.50" in page and "限期整改" in page and "带头领办党建项目" not in page
    )  # facts stay in the entry
    workbook = load_workbook(BytesIO(client.get("/records/people/P-SEC/file.xlsx").content))
    assert workbook.sheetnames == [
        "任职经历",
        "工作纪实",
        "红黑档案",
        "约谈",
        "负责的整改事项",
        "述职评议考核结果",
    ]
    assert workbook["述职评议考核结果"]["D2"].value == "88.50"
    document = Document(BytesIO(client.get("/records/people/P-SEC/file.docx").content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"88.50", "限期整改", "获评上级表彰"} <= cells


def test_another_subtree_does_not_see_the_file(small_city, cast, two_years):
    from tests.factories import make_user

    client = Client()
    client.force_login(make_user("b_viewer", "viewer", small_city.county_b))
    assert client.get("/records/people/P-SEC/").status_code == 404
