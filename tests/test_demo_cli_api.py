from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from shuzhi.cli import main
from shuzhi.orgs.demo import DEMO_PASSWORD, build_demo_city
from shuzhi.orgs.models import Organization, Person, Post, Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(db):
    return build_demo_city(seed=2016)


def test_demo_city_has_the_shape_of_the_source_article(demo_city):
    counties = Organization.objects.filter(level="county", field="regional")
    assert counties.count() == 11
    assert counties.filter(kind="working_committee").count() == 2
    assert Organization.objects.filter(level="township").count() == 122
    villages = Organization.objects.filter(level="village").count()
    assert 1500 <= villages <= 4000
    assert Organization.objects.filter(level="branch").exists()
    without_secretary = Organization.objects.exclude(
        posts__role="secretary", posts__end_date__isnull=True
    )
    assert not without_secretary.exists()
    assert Representative.objects.filter(category="cppcc").exists()
    assert {login.username for login in demo_city} >= {
        "admin",
        "county_admin",
        "secretary",
        "viewer",
    }


def test_demo_city_is_deterministic(demo_city):
    first = list(Person.objects.order_by("code").values_list("name", flat=True)[:200])
    names = list(Organization.objects.order_by("path").values_list("name", flat=True)[:300])
    Post.objects.all().delete()
    Representative.objects.all().delete()
    from shuzhi.accounts.models import RoleGrant, User

    RoleGrant.objects.all().delete()
    User.objects.all().delete()
    Person.objects.all().delete()
    for depth in range(6, -1, -1):
        Organization.objects.filter(depth=depth).delete()
    build_demo_city(seed=2016)
    assert list(Person.objects.order_by("code").values_list("name", flat=True)[:200]) == first
    assert list(Organization.objects.order_by("path").values_list("name", flat=True)[:300]) == names


def test_demo_logins_work(demo_city):
    client = Client()
    assert client.login(username="county_admin", password=DEMO_PASSWORD)
    assert client.get("/orgs/QL-01/").status_code == 200
    assert client.get("/orgs/QL-02/").status_code == 404


def test_cli_template_import_and_export_round_trip(small_city, county_admin, tmp_path: Path):
    runner = CliRunner()
    template = tmp_path / "template.xlsx"
    assert runner.invoke(main, ["template", str(template)]).exit_code == 0
    from tests.orgs.workbooks import good_workbook

    source = tmp_path / "good.xlsx"
    source.write_bytes(good_workbook().getvalue())
    result = runner.invoke(main, ["import", str(source), "--as", "county_admin"])
    assert result.exit_code == 0, result.output
    assert "组织：新增 3" in result.output
    exported = tmp_path / "export.xlsx"
    assert runner.invoke(main, ["export", "C-A", str(exported)]).exit_code == 0
    again = runner.invoke(main, ["import", str(exported), "--as", "county_admin"])
    assert again.exit_code == 0 and "新增 0，更新 0" in again.output


def test_cli_import_of_a_bad_file_lists_rows_and_fails(small_city, county_admin, tmp_path: Path):
    from tests.orgs.workbooks import xlsx

    source = tmp_path / "bad.xlsx"
    source.write_bytes(
        xlsx(组织=[["C-A9", "甲9镇", "NOPE", "乡镇（街道）", "党委", "地方党委"]]).getvalue()
    )
    result = CliRunner().invoke(main, ["import", str(source), "--as", "county_admin"])
    assert result.exit_code == 1
    assert "「组织」表第 2 行「上级组织编码」" in result.output
    assert not Organization.objects.filter(code="C-A9").exists()


def test_openapi_schema_lists_the_endpoints_and_token_auth(db):
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"].startswith("ShuZhi")
    assert "/api/orgs/" in schema["paths"] and "/api/orgs/{code}" in schema["paths"]
    assert "BearerToken" in schema["components"]["securitySchemes"]


def test_import_page_shows_every_error_and_keeps_nothing(small_city, county_admin):
    from tests.orgs.workbooks import xlsx

    client = Client()
    client.force_login(county_admin)
    upload = xlsx(组织=[["C-A9", "甲9镇", "NOPE", "乡镇（街道）", "党委", "地方党委"]])
    upload.name = "bad.xlsx"
    html = client.post("/orgs/import/", {"file": upload}).content.decode()
    assert "发现 1 处错误，未导入任何数据" in html and "找不到编码为「NOPE」的上级组织" in html
    good = __import__("tests.orgs.workbooks", fromlist=["good_workbook"]).good_workbook()
    good.name = "good.xlsx"
    response = client.post("/orgs/import/", {"file": good}, follow=True)
    assert "导入成功" in response.content.decode()
