"""The county's points table page (积分规则): shown with the default table until set, set by
the county's admin (audited), every bad line listed by number and nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.villages import ratings
from shuzhi.villages.models import PointsRuleSetting
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(small_city, county_admin):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(county_admin)
    return client, f"/villages/points/rules/?org={small_city.county_a.code}"


def test_the_default_table_is_shown_until_the_county_sets_its_own(page, small_city) -> None:  # type: ignore[no-untyped-def]
    client, url = page
    html = client.get(url).content.decode()
    assert "尚未设定，使用默认积分规则" in html and "按时召开“三会一课”" in html
    table = "meeting | 按时召开“三会一课” | 1.5\nlate｜迟交党费｜-0.5\n\n"
    response = client.post(url, {"table": table})
    assert response.status_code == 302
    assert [(r.code, r.label, r.points) for r in ratings.points_rules(small_city.county_a)] == [
        ("late", "迟交党费", Decimal("-0.50")),
        ("meeting", "按时召开“三会一课”", Decimal("1.50")),
    ]
    entry = AuditEntry.objects.get(action="villages.points_rules.set")
    assert entry.after["rules"] == [["meeting", "1.5"], ["late", "-0.5"]]
    html = client.get(url).content.decode()
    assert "本县（市、区）设定的积分规则" in html and "迟交党费" in html
    # The new table is the one entries use; another county keeps the default.
    entry_ = ratings.enter_points(
        actor=make_user("points_root", is_superuser=True),
        branch=small_city.village_a1,
        rule_code="late",
        occurred_on=date(2026, 3, 1),
    )
    assert entry_.points == Decimal("-0.50") and entry_.rule_label == "迟交党费"
    assert ratings.points_rules(small_city.county_b)[0].code == "meeting"


def test_bad_lines_are_listed_by_number_and_nothing_is_written(page) -> None:  # type: ignore[no-untyped-def]
    client, url = page
    table = "\n".join(
        [
            "meeting | 按时召开 | 1",
            "meeting | 重复 | 2",
            "坏编码 | 事项 | 1",
            "zero | 零分 | 0",
            "many | 小数 | 0.125",
            "word | 非数字 | 两分",
            "two | 只有两项",
        ]
    )
    response = client.post(url, {"table": table})
    html = response.content.decode()
    assert response.status_code == 400
    for expected in (
        "第 2 行：编码“meeting”重复",
        "第 3 行：编码应为",
        "第 4 行：分值应在 -100 至 100 之间",
        "第 5 行：分值应在",
        "第 6 行：分值应为数字",
        "第 7 行：应为“编码 | 事项 | 分值”三项",
    ):
        assert expected in html
    assert not PointsRuleSetting.objects.exists()
    assert not AuditEntry.objects.filter(action="villages.points_rules.set").exists()
