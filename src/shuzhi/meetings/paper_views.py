"""Paper ballots: two clerks type each slip; mismatches are listed and settled by the host."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from shuzhi.accounts.access import has_permission, signed_in_user
from shuzhi.meetings import ballots, queries, rules
from shuzhi.meetings.forms import PaperForm, ballot_data
from shuzhi.meetings.models import BoxState
from shuzhi.meetings.voter_views import ballot_context


@login_required
def paper_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.clerk")
    rehearsal = meeting.state == BoxState.REHEARSAL
    form = PaperForm(request.POST if request.POST.get("form") == "entry" else None)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "resolve":
        try:
            ballots.resolve_paper_slip(
                actor=user,
                meeting=meeting,
                serial=int(request.POST.get("serial", "0")),
                entry_id=int(request.POST.get("entry", "0")),
            )
        except (ValidationError, ValueError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, "已按核对结果计入票箱。")
        return redirect("meetings:paper", meeting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            ballots.enter_paper_slip(
                actor=user,
                meeting=meeting,
                serial=form.cleaned_data["serial"],
                category=form.cleaned_data["category"],
                data=ballot_data(
                    request.POST, ballots.reporter_ids(meeting), meeting.ballot_indicators
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"第 {form.cleaned_data['serial']} 号纸质票已录入。")
            return redirect("meetings:paper", meeting.pk)
    if request.method == "POST":
        status = 400
    context = ballot_context(meeting, request.POST.dict() if status == 400 else None)
    pending = ballots.unresolved_paper(meeting, rehearsal)
    context.update(
        form=form,
        pending=[
            {
                "serial": p.serial,
                "waiting": p.waiting_for_second_entry,
                "entries": [{"entry": e, "summary": _summary(e.canonical)} for e in p.entries],
            }
            for p in pending
        ],
        can_resolve=has_permission(user, "meetings.manage", meeting.hosting_organization),
    )
    return render(request, "meetings/paper.html", context, status=status)


def _summary(paper: str) -> str:
    category, canonical = ballots.paper_ballot(paper)
    content = rules.content_from_canonical(canonical)
    grades = " ".join(
        f"{rid}:{rules.GRADE_LABELS[r.grade]}"
        for rid, r in sorted(content.ratings.items())
        if r.grade
    )
    return f"{category} · {grades or '空白'}"
