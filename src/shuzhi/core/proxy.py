"""The client's address when app servers sit behind trusted reverse proxies.

Sign-in lockouts (django-axes) and the meeting's scan throttle count failures per client
address. Behind a load balancer every request arrives from the proxy, so without this all
attendees of a meeting would share one counter. With ``TRUSTED_PROXY_COUNT=N`` (the number of
proxies in front of the app that append to X-Forwarded-For), the address the outermost trusted
proxy saw becomes ``REMOTE_ADDR``; anything a client wrote further left is ignored.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(forwarded_for: str, remote_addr: str, trusted_proxies: int) -> str:
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        return remote_addr
    return hops[-trusted_proxies]


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted_proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted_proxies:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                request.META.get("REMOTE_ADDR", ""),
                self.trusted_proxies,
            )
        return self.get_response(request)
