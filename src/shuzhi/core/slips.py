"""Printable ballot slips with QR codes (segno, inline SVG), shared by the meetings' ballot
box and the villages' democratic evaluation: ``slip_list`` pairs each raw token with its
absolute ballot URL and QR code; ``core/slips.html`` prints them on an A4 grid with cut marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import segno
from django.http import HttpRequest
from django.urls import reverse


def qr_svg(url: str, scale: int = 3) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=scale, border=2, omitsize=True))


def slip_list(request: HttpRequest, view_name: str, tokens: Iterable[str]) -> list[dict[str, Any]]:
    """One slip per raw token: its ballot URL (``view_name`` takes the token) and QR code."""
    slips = []
    for token in tokens:
        url = request.build_absolute_uri(reverse(view_name, args=[token]))
        slips.append({"url": url, "qr": qr_svg(url, scale=3), "token": token})
    return slips
