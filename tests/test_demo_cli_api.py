from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from shuzhi.cli import main
from shuzhi.orgs.demo import DEMO_PASSWORD, _flatten, build_demo_city, build_tree
from shuzhi.orgs.models import Organization, Post, Representative

pytestmark = pytest.mark.django_db


def test_demo_city_has_the_shape_of_the_source_article_and_working_logins(db):
    logins = build_demo_city(seed=2016)
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
    assert Post.objects.filter(end_date__isnull=False).exists(), "some posts have a history"
    assert {login.username for login in logins} >= {"admin", "county_admin", "secretary", "viewer"}
    client = Client()
    assert client.login(username="county_admin", password=DEMO_PASSWORD)
    assert client.get("/orgs/QL-01/").status_code == 200
    assert client.get("/orgs/QL-02/").status_code == 404


def test_demo_city_is_deterministic_and_its_codes_unique():
    def snapshot(seed: int) -> list[tuple[str, str]]:
        return [(node.code, node.name) for node, _ in _flatten(build_tree(random.Random(seed)))]

    first = snapshot(2016)
    assert first == snapshot(2016)
    assert first != snapshot(2017)
    assert len({code for code, _ in first}) == len(first)


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


def test_import_page_runs_a_job_and_shows_every_error_and_keeps_nothing(
    small_city, county_admin, django_capture_on_commit_callbacks
):
    from tests.orgs.workbooks import good_workbook, xlsx

    client = Client()
    client.force_login(county_admin)
    upload = xlsx(组织=[["C-A9", "甲9镇", "NOPE", "乡镇（街道）", "党委", "地方党委"]])
    upload.name = "bad.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        job_url = client.post("/orgs/import/", {"file": upload})["Location"]
    html = client.get(job_url).content.decode()
    assert "发现 1 处错误，未导入任何数据" in html and "找不到编码为「NOPE」的上级组织" in html
    assert not Organization.objects.filter(code="C-A9").exists()
    good = good_workbook()
    good.name = "good.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        job_url = client.post("/orgs/import/", {"file": good})["Location"]
    html = client.get(job_url).content.decode()
    assert "导入成功" in html and "组织：新增 3" in html
    assert "good.xlsx" in client.get("/orgs/import/").content.decode()


def test_a_job_page_polls_while_running_and_belongs_to_its_uploader(small_city, county_admin):
    from shuzhi.core.progress import reporter
    from shuzhi.orgs.import_jobs import PROGRESS
    from shuzhi.orgs.models import ImportJob
    from tests.factories import make_user

    job = ImportJob.objects.create(
        created_by=county_admin, file="imports/x.xlsx", original_name="x.xlsx"
    )
    reporter(PROGRESS, job.pk)(50, "写入组织")
    client = Client()
    client.force_login(county_admin)
    fragment = client.get(
        f"/orgs/import/{job.pk}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        'hx-trigger="every 1s"' in fragment and 'value="50"' in fragment and "写入组织" in fragment
    )
    other = Client()
    other.force_login(make_user("other_admin", "admin", small_city.county_a))
    assert other.get(f"/orgs/import/{job.pk}/").status_code == 404


def test_a_job_is_never_run_twice(small_city, county_admin):
    from django.core.files.base import ContentFile

    from shuzhi.orgs.import_jobs import run_job
    from shuzhi.orgs.models import ImportJob
    from tests.orgs.workbooks import good_workbook

    job = ImportJob(created_by=county_admin, original_name="good.xlsx")
    job.file.save("good.xlsx", ContentFile(good_workbook().getvalue()))
    run_job(str(job.pk))
    run_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded" and Organization.objects.filter(code="C-A3").count() == 1
