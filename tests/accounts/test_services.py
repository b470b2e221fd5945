"""Account services own their transactions: a grant to a new account is all or nothing."""

from __future__ import annotations

import pytest

from shuzhi.accounts import services
from shuzhi.accounts.models import RoleGrant, User

pytestmark = pytest.mark.django_db


def test_granting_to_a_new_account_creates_both(small_city, city_admin):
    grant = services.grant_role_to_account(
        actor=city_admin,
        organization=small_city.county_a,
        role="reviewer",
        username=" new_reviewer ",
        display_name="新审核人",
        password="Pw-12345678",
    )
    assert grant.user.username == "new_reviewer" and grant.role == "reviewer"
    assert RoleGrant.objects.filter(user__username="new_reviewer").count() == 1


def test_a_refused_grant_leaves_no_account_behind(small_city, city_admin):
    with pytest.raises(ValueError):
        services.grant_role_to_account(
            actor=city_admin,
            organization=small_city.county_a,
            role="emperor",
            username="nobody",
            display_name="无名",
            password="Pw-12345678",
        )
    assert not User.objects.filter(username="nobody").exists()
