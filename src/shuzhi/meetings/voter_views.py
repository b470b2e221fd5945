"""Pages for voters and attendees, who have no account: the ballot and the scan sign-in.

A ballot request is never logged with the token's owner: the token is not linked to a person,
and nothing about the request (address, browser, time) is stored with the ballot.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from shuzhi.meetings import ballots, queries, services, throttle
from shuzhi.meetings.forms import GRADE_CHOICES, ballot_data
from shuzhi.meetings.models import BoxState, Meeting
from shuzhi.orgs.models import Person


def ballot_context(meeting: Meeting, posted: dict[str, Any] | None) -> dict[str, Any]:
    posted = posted or {}
    indicators = meeting.ballot_indicators
    rows = []
    for item in queries.agenda(meeting):
        rid = item.reporter_id
        rows.append(
            {
                "item": item,
                "field": f"r{rid}",
                "chosen": posted.get(f"r{rid}", ""),
                "remark_field": f"m{rid}",
                "remark": posted.get(f"m{rid}", ""),
                "indicators": [
                    {"name": name, "field": f"r{rid}i{n}", "chosen": posted.get(f"r{rid}i{n}", "")}
                    for n, name in enumerate(indicators)
                ],
            }
        )
    return {
        "meeting": meeting,
        "rows": rows,
        "grades": GRADE_CHOICES,
        "comment": posted.get("comment", ""),
        "max_good": len(rows) * meeting.max_good_percent // 100,
        "reporter_count": len(rows),
    }


@never_cache
@csrf_protect
def ballot_page(request: HttpRequest, token: str) -> HttpResponse:
    """The phone ballot: every reporter of the meeting, 好/较好/一般/差, an optional comment."""
    if throttle.TOKEN.blocked(request):
        context: dict[str, Any] = {"message": throttle.token_message()}
        return throttle.unlogged(
            render(request, "meetings/ballot_invalid.html", context, status=429)
        )
    found = ballots.find_token(token)
    if found is None:
        throttle.TOKEN.failed(request)
        return throttle.unlogged(render(request, "meetings/ballot_invalid.html", status=404))
    meeting = found.meeting
    expected = BoxState.REHEARSAL if found.rehearsal else BoxState.OPEN
    if request.method == "POST":
        posted = request.POST.dict()
        ids = ballots.reporter_ids(meeting)
        try:
            receipt = ballots.submit_ballot(
                raw_token=token, data=ballot_data(request.POST, ids, meeting.ballot_indicators)
            )
        except ValidationError as error:
            context = ballot_context(meeting, posted)
            context.update(errors=error.messages, token=token, open=meeting.state == expected)
            return render(request, "meetings/ballot.html", context, status=400)
        return render(request, "meetings/receipt.html", {"receipt": receipt})
    context = ballot_context(meeting, None)
    context.update(token=token, open=meeting.state == expected, rehearsal=found.rehearsal)
    return render(request, "meetings/ballot.html", context)


@never_cache
@csrf_protect
def scan_sign_in(request: HttpRequest, code: str) -> HttpResponse:
    """An attendee scans the meeting's code and signs in with their name and personnel code."""
    meeting = get_object_or_404(Meeting, sign_in_code=code)
    context: dict[str, Any] = {"meeting": meeting, "name": "", "person_code": ""}
    if meeting.state == BoxState.CLOSED:
        # A slip scanned after the meeting says so instead of a bare "not found".
        context["closed"] = True
        return render(request, "meetings/scan_sign_in.html", context, status=410)
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        person_code = request.POST.get("person_code", "").strip()
        context.update(name=name, person_code=person_code)
        if throttle.blocked(meeting.pk, request):
            context["error"] = throttle.message()
            return render(request, "meetings/scan_sign_in.html", context, status=429)
        person = Person.objects.filter(code=person_code, name=name).first()
        if person is None:
            throttle.failed(meeting.pk, request)
            context["error"] = "姓名与人员编码不匹配，请核对后重试，或请会务人员协助签到。"
            return render(request, "meetings/scan_sign_in.html", context, status=400)
        try:
            attendance = services.sign_in(actor=None, meeting=meeting, person=person, by_scan=True)
        except ValidationError as error:
            throttle.failed(meeting.pk, request)
            context["error"] = "；".join(error.messages)
            return render(request, "meetings/scan_sign_in.html", context, status=400)
        context["attendance"] = attendance
    return render(request, "meetings/scan_sign_in.html", context)
