"""A county's star-rating standard per field (星级评定标准): 002's six standards until the
county sets its own; set by the county's admin (audited), a bad form keeps what was typed and
writes nothing; ratings of that field then use it, other fields and counties keep theirs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from shuzhi.audit.models import AuditEntry
from shuzhi.orgs.models import Organization
from shuzhi.villages import ratings
from shuzhi.villages.models import RatingTemplate
from shuzhi.villages.rules import DEFAULT_STAR_BARS, SIX_STANDARDS

pytestmark = pytest.mark.django_db

STANDARDS = "org | 组织建设 | 40\nservice｜服务群众｜35\n\ngovern | 基层治理 | 25\n"


@pytest.fixture
def page(small_city, county_admin):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(county_admin)
    return client, f"/villages/stars/template/?org={small_city.county_a.code}&field=community"


def test_a_field_uses_the_six_standards_until_the_county_sets_its_own(page, small_city) -> None:  # type: ignore[no-untyped-def]
    client, url = page
    html = client.get(url).content.decode()
    assert "尚未设定，使用默认标准" in html and SIX_STANDARDS[0].label in html
    form = {"name": "社区党组织星级标准", "standards": STANDARDS, "bars": "92，82、72 62"}
    assert client.post(url, form).status_code == 302
    branch = Organization(field="community")
    standards, bars = ratings.template_for(branch, small_city.county_a)
    assert [(s.key, s.label, s.max_points) for s in standards] == [
        ("org", "组织建设", Decimal(40)),
        ("service", "服务群众", Decimal(35)),
        ("govern", "基层治理", Decimal(25)),
    ]
    assert bars == (Decimal(92), Decimal(82), Decimal(72), Decimal(62))
    entry = AuditEntry.objects.get(action="villages.rating_template.set")
    assert entry.before == {} and entry.after["bars"] == ["92", "82", "72", "62"]
    html = client.get(url).content.decode()
    assert "本县（市、区）为该领域设定的标准" in html and "服务群众" in html
    # The village field and the other county keep 002's six standards.
    assert ratings.template_for(Organization(field="rural"), small_city.county_a) == (
        list(SIX_STANDARDS),
        DEFAULT_STAR_BARS,
    )
    assert ratings.template_for(branch, small_city.county_b)[0] == list(SIX_STANDARDS)
    # Setting it again replaces it, with the previous standard in the trail.
    form["bars"] = "95, 85, 75, 65"
    assert client.post(url, form).status_code == 302
    assert RatingTemplate.objects.get().bars == ["95", "85", "75", "65"]
    assert AuditEntry.objects.filter(action="villages.rating_template.set").latest("pk").before[
        "bars"
    ] == ["92", "82", "72", "62"]


@pytest.mark.parametrize(
    ("standards", "bars", "expected"),
    [
        ("org | 组织建设 | 0\nx | 重复 | 10\nx | 重复 | 10", "90,80,70,60", ["第 1 行：满分应在", "第 3 行：编码“x”重复"]),
        (STANDARDS, "90, 80, 70", ["应填四个分数线"]),
        (STANDARDS, "90, 95, 70, 60", ["依次降低"]),
        ("org | 组织建设 | 40", "90, 80, 70, 60", ["五星分数线不能高于各项标准满分之和"]),
    ],
)  # fmt: skip
def test_a_bad_form_keeps_what_was_typed_and_writes_nothing(  # type: ignore[no-untyped-def]
    page, standards: str, bars: str, expected: list[str]
) -> None:
    client, url = page
    response = client.post(url, {"name": "社区标准", "standards": standards, "bars": bars})
    html = response.content.decode()
    assert response.status_code == 400
    assert all(text in html for text in expected)
    # The errors stand in the box the other pages use for form errors, one item each.
    assert '<article class="errors" role="alert" data-testid="template-errors">' in html
    box = html.split('data-testid="template-errors"', 1)[1].split("</article>", 1)[0]
    assert "<li>" in box and all(text in box for text in expected)
    assert "社区标准" in html and bars in html  # what was typed is still in the form
    assert not RatingTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="villages.rating_template.set").exists()
