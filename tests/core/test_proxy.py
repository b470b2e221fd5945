"""The client's address behind trusted proxies (lockouts and throttles count per address)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from shuzhi.core.proxy import TrustedProxyMiddleware, client_address


def test_client_address_takes_the_hop_the_trusted_proxy_saw() -> None:
    assert client_address("", "10.0.0.1", 1) == "10.0.0.1"
    assert client_address("203.0.113.7", "10.0.0.1", 0) == "10.0.0.1"
    assert client_address("203.0.113.7", "10.0.0.1", 1) == "203.0.113.7"
    # A client cannot choose its address by writing its own X-Forwarded-For.
    assert client_address("6.6.6.6, 203.0.113.7", "10.0.0.1", 1) == "203.0.113.7"
    assert client_address("6.6.6.6, 203.0.113.7, 10.0.0.9", "10.0.0.1", 2) == "203.0.113.7"
    assert client_address("203.0.113.7", "10.0.0.1", 2) == "10.0.0.1"


def test_middleware_rewrites_remote_addr_only_when_configured(settings) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    TrustedProxyMiddleware(view)(request)
    settings.TRUSTED_PROXY_COUNT = 1
    TrustedProxyMiddleware(view)(request)
    assert seen == ["10.0.0.1", "203.0.113.7"]
