"""The organisation picker: search by name within the user's scope, one field in every form
that chooses an organisation, errors that say what a code looks like."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.test import Client

import shuzhi
from shuzhi.accounts.forms import GrantForm
from shuzhi.orgs.pickers import OrganizationField
from shuzhi.rounds.forms import EnrollForm, RoundForm
from shuzhi.rounds.models import Round

pytestmark = pytest.mark.django_db


def _pick(client: Client, q: str, permission: str = "rounds.manage", **extra: str) -> str:
    response = client.get("/orgs/pick/", {"q": q, "permission": permission, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_search_by_name_offers_only_the_users_subtree(small_city, county_admin):
    client = Client()
    client.force_login(county_admin)
    page = _pick(client, "县委")
    assert 'data-pick-code="C-A"' in page and "C-B" not in page
    towns = _pick(client, "镇", under="C-A")
    assert 'data-pick-code="C-A1"' in towns and 'data-pick-code="C-B1"' not in towns
    assert "没有名称含“乙县”的组织" in _pick(client, "乙县")
    assert _pick(client, "  ").strip() == ""


def test_the_picker_follows_the_fields_permission(small_city):
    from tests.factories import make_user

    viewer = make_user("city_viewer", "viewer", small_city.city)
    client = Client()
    client.force_login(viewer)
    assert "data-pick-code" not in _pick(client, "县委", permission="rounds.manage")
    assert 'data-pick-code="C-B"' in _pick(client, "县委", permission="orgs.view")
    assert client.get("/orgs/pick/", {"q": "县", "permission": "no.such"}).status_code == 400
    assert Client().get("/orgs/pick/", {"q": "县", "permission": "orgs.view"}).status_code == 302


def test_a_code_outside_the_scope_is_refused_with_a_hint(small_city, county_admin):
    form = GrantForm(
        {"username": "x", "role": "viewer", "organization_code": "C-B"}, user=county_admin
    )
    assert not form.is_valid()
    (error,) = form.errors["organization_code"]
    assert "找不到编码为「C-B」的党组织" in error and "「甲县委」的编码是「C-A」" in error


def test_the_multiple_picker_takes_codes_by_line_or_comma_below_the_hearing_body(
    small_city, county_admin
):
    round_ = Round.objects.create(name="甲县", year=2026, hearing_organization=small_city.county_a)
    form = EnrollForm({"codes": "C-A1，C-A2\nC-A1"}, user=county_admin, round=round_)
    assert form.is_valid(), form.errors
    assert [o.code for o in form.cleaned_data["codes"]] == ["C-A1", "C-A2"]
    outside = EnrollForm({"codes": "C-A1\nC-B1"}, user=county_admin, round=round_)
    assert not outside.is_valid() and "「C-B1」" in outside.errors["codes"][0]
    single = RoundForm(
        {"year": 2026, "period": "annual", "organization_code": "C-A1, C-A2"}, user=county_admin
    )
    assert not single.is_valid() and "只能选择一个" in single.errors["organization_code"][0]


def test_the_pages_render_the_picker(small_city, county_admin):
    round_ = Round.objects.create(name="甲县", year=2026, hearing_organization=small_city.county_a)
    client = Client()
    client.force_login(county_admin)
    for url in ("/rounds/", f"/rounds/{round_.pk}/groups/", "/accounts/grants/"):
        page = client.get(url).content.decode()
        assert 'data-testid="org-picker-search"' in page and "/orgs/pick/?permission=" in page, url


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(shuzhi.__path__, "shuzhi."):
        if module.name.endswith(".forms"):
            loaded = importlib.import_module(module.name)
            found += [
                v
                for v in vars(loaded).values()
                if isinstance(v, type)
                and issubclass(v, forms.BaseForm)
                and v.__module__ == module.name
            ]
    return found


def test_every_form_that_chooses_an_organisation_uses_the_picker():
    forms_found = _form_classes()
    assert len(forms_found) > 10
    typed_codes = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if not isinstance(field, OrganizationField)
        and "组织" in str(field.label or "")
        and "编码" in str(field.label or "")
        and not getattr(getattr(form, "Meta", None), "model", None)  # creating one: a new code
    ]
    assert typed_codes == []
    pickers = {
        f"{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if isinstance(field, OrganizationField)
    }
    assert {
        "RoundForm.organization_code",
        "EnrollForm.codes",
        "GrantForm.organization_code",
        "AssignUnitForm.organization",
        "OtherVisitForm.organization",
        "PlanAuditForm.organization",
    } <= pickers
