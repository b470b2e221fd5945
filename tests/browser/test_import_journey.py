from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from shuzhi.orgs.models import Organization
from tests.browser.conftest import sign_in
from tests.factories import make_user
from tests.orgs.workbooks import good_workbook, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_downloads_the_template_then_imports_a_bad_and_a_good_file(
    page: Page, live_server: Any, small_city: Any, tmp_path: Path
) -> None:
    make_user("county", "admin", small_city.county_a)
    sign_in(page, live_server, "county", "pw-county")
    page.goto(f"{live_server.url}/orgs/import/")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载导入模板").click()
    assert download.value.suggested_filename == "组织人员导入模板.xlsx"

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx(组织=[["C-A9", "甲9镇", "NOPE", "乡镇（街道）", "党委", "地方党委"]]).getvalue()
    )
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(bad)
    page.get_by_test_id("import-submit").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("发现 1 处错误，未导入任何数据")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("组织")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("2")
    expect(errors).to_contain_text("找不到编码为「NOPE」的上级组织")
    assert not Organization.objects.filter(code="C-A9").exists()

    good = tmp_path / "good.xlsx"
    good.write_bytes(good_workbook().getvalue())
    page.goto(f"{live_server.url}/orgs/import/")
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(good)
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-job")).to_contain_text("导入成功")
    expect(page.get_by_test_id("import-job")).to_contain_text("组织：新增 3")
    page.goto(f"{live_server.url}/orgs/C-A3/")
    expect(page.get_by_role("heading", name="甲3镇党委")).to_be_visible()
