from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_shipped_icon() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/shuzhi/favicon.svg"
    icon = finders.find("shuzhi/favicon.svg")
    assert icon is not None
    assert Path(icon).read_text(encoding="utf-8").startswith("<svg")


def test_every_page_links_the_icon() -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/shuzhi/favicon.svg">' in html
