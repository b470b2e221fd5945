from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from shuzhi.accounts.models import ApiToken
from shuzhi.accounts.services import issue_api_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2():
    from shuzhi import settings as shuzhi_settings

    assert shuzhi_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    encoded = Argon2PasswordHasher().encode("secret", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")


def test_sign_in_and_out(small_city):
    make_user("alice", "viewer", small_city.county_a)
    client = Client()
    response = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_keeps_the_username_and_says_why(small_city):
    make_user("alice", "viewer", small_city.county_a)
    response = Client().post("/accounts/login/", {"username": "alice", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="alice"' in html
    assert "请输入一个正确的" in html or "正确的" in html


def test_repeated_failures_lock_the_account_out(settings, small_city):
    settings.AXES_ENABLED = True
    assert django_settings.AXES_FAILURE_LIMIT == 5
    make_user("alice", "viewer", small_city.county_a)
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert client.get("/").status_code == 302


def test_api_token_authenticates_and_stores_only_a_hash(small_city):
    user = make_user("integration", "viewer", small_city.county_a)
    token, key = issue_api_token(user=user, name="数据中台")
    assert key not in {token.key_hash, token.prefix} and token.key_hash != key
    client = Client()
    response = client.get("/api/orgs/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200 and response.json()["username"] == "integration"
    assert client.get("/api/orgs/me", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_a_revoked_token_is_refused(small_city):
    user = make_user("integration", "viewer", small_city.county_a)
    token, key = issue_api_token(user=user, name="数据中台")
    client = Client()
    client.force_login(user)
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert (
        Client().get("/api/orgs/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    )
