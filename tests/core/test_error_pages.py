from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from shuzhi.accounts.errors import denial_reason, permission_denied
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_permission_code_is_explained_by_the_roles_that_hold_it():
    reason = denial_reason("orgs.manage")
    assert "「组织部管理员」" in reason and "orgs.manage" not in reason


def test_a_chinese_reason_is_shown_as_it_is_and_anything_else_in_general_words():
    assert denial_reason("不能审核本人的述职报告。") == "不能审核本人的述职报告。"
    assert denial_reason("sign-in required") == "您的账号没有访问此页面的权限。"


def test_the_403_page_is_a_full_chinese_page_with_the_reason(small_city):
    request = RequestFactory().get("/somewhere/")
    request.user = make_user("plain", "viewer", small_city.county_a)
    response = permission_denied(request, PermissionDenied("不能审核本人的述职报告。"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in html and "不能审核本人的述职报告。" in html
    assert 'name="viewport"' in html


def test_an_unknown_page_answers_in_chinese(small_city):
    client = Client()
    client.force_login(make_user("plain", "viewer", small_city.county_a))
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
