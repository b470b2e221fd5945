"""Small HTTP helpers shared by every app."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download with a Chinese file name that every browser keeps (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class HtmxHttpRequest(HttpRequest):
    """A request seen through django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails
