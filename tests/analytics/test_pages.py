"""The themes pages as the admin uses them: build, rename, merge, split, root above."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuzhi.analytics.models import Theme
from shuzhi.rectification.models import Problem, RectificationItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(county):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(county.admin)
    return client


def themes_url(county) -> str:  # type: ignore[no-untyped-def]
    return f"/analytics/org/{county.county.code}/rounds/{county.round.pk}/themes/"


def test_the_admin_builds_themes_and_sees_counts_units_and_examples(county, admin_client) -> None:  # type: ignore[no-untyped-def]
    assert "尚未归类" in admin_client.get(themes_url(county)).content.decode()
    response = admin_client.post(themes_url(county) + "build/")
    assert response.status_code == 302
    page = admin_client.get(themes_url(county)).content.decode()
    assert f"共 {county.count} 个问题" in page
    for theme in Theme.objects.all():
        assert theme.name in page


def test_the_themes_page_takes_a_fixed_number_of_queries(county, admin_client) -> None:  # type: ignore[no-untyped-def]
    admin_client.post(themes_url(county) + "build/")
    admin_client.get(themes_url(county))
    with CaptureQueriesContext(connection) as first:
        admin_client.get(themes_url(county))
    for n in range(20):
        Problem.objects.create(
            organization=county.county.children.first(), source="self", text=f"新增问题{n}",
            year=2025, round_id=county.round.pk,
        )  # fmt: skip
    admin_client.post(themes_url(county) + "build/")
    with CaptureQueriesContext(connection) as second:
        admin_client.get(themes_url(county))
    assert len(second) == len(first) <= 15


def test_rename_merge_split_through_the_pages(county, admin_client) -> None:  # type: ignore[no-untyped-def]
    admin_client.post(themes_url(county) + "build/")
    keep, other = list(Theme.objects.order_by("position"))[:2]
    before = Theme.objects.count()
    assert (
        admin_client.post(f"/analytics/themes/{keep.pk}/rename/", {"name": "甲类问题"}).status_code
        == 302
    )
    assert (
        admin_client.post(f"/analytics/themes/{keep.pk}/merge/", {"other": other.pk}).status_code
        == 302
    )
    assert not Theme.objects.filter(pk=other.pk).exists()
    assert admin_client.post(f"/analytics/themes/{keep.pk}/split/").status_code == 302
    assert Theme.objects.count() == before  # one fewer by the merge, one more by the split
    page = admin_client.get(f"/analytics/themes/{keep.pk}/").content.decode()
    assert "甲类问题" in page


def test_rooting_above_through_the_page_opens_the_county_s_item(county, admin_client) -> None:  # type: ignore[no-untyped-def]
    admin_client.post(themes_url(county) + "build/")
    theme = Theme.objects.order_by("position").first()
    url = f"/analytics/themes/{theme.pk}/root-above/"
    assert admin_client.post(url, {"measures": ""}).status_code == 400
    response = admin_client.post(
        url,
        {
            "text": "全县党费收缴制度不健全",
            "measures": "县委组织部统一规范",
            "deadline": "2026-06-30",
        },
    )
    assert response.status_code == 302
    item = RectificationItem.objects.get(problem__reference=f"theme:{theme.pk}")
    assert item.organization == county.county and item.problem.text == "全县党费收缴制度不健全"
    page = admin_client.get(f"/analytics/themes/{theme.pk}/").content.decode()
    assert 'data-testid="rooted-above"' in page
    assert "合并" not in page.split('data-testid="rooted-above"')[1].split("涉及单位")[0]


def test_the_audit_page_reads_every_analytics_entry(county, admin_client) -> None:  # type: ignore[no-untyped-def]
    admin_client.post(themes_url(county) + "build/")
    keep, other = list(Theme.objects.order_by("position"))[:2]
    admin_client.post(f"/analytics/themes/{keep.pk}/merge/", {"other": other.pk})
    admin_client.post(f"/analytics/themes/{keep.pk}/split/")
    admin_client.post(
        f"/analytics/themes/{keep.pk}/root-above/",
        {"measures": "统一整改", "deadline": "2026-06-30"},
    )
    assert admin_client.get("/audit/").status_code == 200
