"""Pages of the people who run the meeting. Voters' pages are in ``voter_views.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.slips import qr_svg, slip_list
from shuzhi.meetings import ballots, box, queries, services
from shuzhi.meetings.forms import (
    AgendaForm,
    CommentForm,
    CritiqueForm,
    MeetingForm,
    SettingsForm,
    TokenForm,
)
from shuzhi.meetings.models import AgendaItem, BoxState, Critique, Meeting
from shuzhi.orgs.models import Person


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Run a service; report its refusal as a Chinese error message (nothing was written)."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, _errors(error))
        return False
    messages.success(request, done)
    return True


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view")
    user = signed_in_user(request)
    rounds = queries.rounds_to_host(user)
    can_create = has_permission(user, "meetings.manage")
    form = MeetingForm(request.POST or None, rounds=rounds)
    if request.method == "POST":
        require(user, "meetings.manage")
        if form.is_valid():
            try:
                meeting = services.create_meeting(
                    actor=user,
                    round=form.cleaned_data["round"],
                    title=form.cleaned_data["title"],
                    held_on=form.cleaned_data["held_on"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("meetings:detail", meeting.pk)
        status = 400
    else:
        status = 200
    meetings = queries.visible_meetings(user)
    state = request.GET.get("state", "")
    if state in BoxState.values:  # the home page links here for the boxes open for voting
        meetings = meetings.filter(state=state)
    context = {"meetings": meetings, "form": form, "can_create": can_create, "state": state}
    return render(request, "meetings/list.html", context, status=status)


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk)
    host = meeting.hosting_organization
    agenda = queries.agenda(meeting)
    unacknowledged = queries.unacknowledged_findings(meeting, agenda)
    context = {
        "meeting": meeting,
        "agenda": [(item, unacknowledged.get(item.pk, [])) for item in agenda],
        "composition": services.composition(meeting),
        "turnout": queries.turnout(meeting),
        "can_manage": has_permission(user, "meetings.manage", host),
        "can_clerk": has_permission(user, "meetings.clerk", host),
        "can_export": has_permission(user, "meetings.export", host),
        "agenda_form": AgendaForm(reporters=queries.reporters_not_on_agenda(meeting)),
        "token_form": TokenForm(),
        "formal_count": box.formal_box_count(meeting),
    }
    return render(request, "meetings/meeting.html", context)


@login_required
def settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor=user, meeting=meeting, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "测评设置已保存。")
            return redirect("meetings:detail", meeting.pk)
    context = {"meeting": meeting, "form": form, "scoring": queries.scoring_rows(meeting)}
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/settings.html", context, status=status)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    form = AgendaForm(request.POST, reporters=queries.reporters_not_on_agenda(meeting))
    if not form.is_valid():
        messages.error(request, "请至少选择一名述职人，并填写 1 至 120 分钟的发言时长。")
        return redirect("meetings:detail", meeting.pk)
    _attempt(
        request,
        lambda: services.add_to_agenda(
            actor=user,
            meeting=meeting,
            reporters=form.cleaned_data["reporters"],
            minutes=form.cleaned_data["minutes"],
        ),
        "已列入议程。",
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_on_agenda(actor=user, item=_agenda_item(meeting, item_id), offset=offset)
    return redirect("meetings:detail", meeting.pk)


@login_required
def sign_in_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    if request.method == "POST":
        person = get_object_or_404(Person, pk=request.POST.get("person"))
        _attempt(
            request,
            lambda: services.sign_in(actor=user, meeting=meeting, person=person),
            f"{person.name} 已签到。",
        )
        return redirect("meetings:sign-in", meeting.pk)
    scan_url = request.build_absolute_uri(reverse("meetings:scan", args=[meeting.sign_in_code]))
    context = {
        "meeting": meeting,
        "candidates": queries.sign_in_candidates(meeting),
        "attendance": meeting.attendance.select_related("person"),
        "composition": services.composition(meeting),
        "scan_url": scan_url,
        "scan_qr": "" if meeting.state == BoxState.CLOSED else qr_svg(scan_url, scale=5),
    }
    return render(request, "meetings/sign_in.html", context)


def _agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "reporter__person", "reporter__organization"),
        pk=item_id,
        meeting=meeting,
    )


@login_required
def critique_page(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk)
    item = _agenda_item(meeting, item_id)
    host = meeting.hosting_organization
    critique_form = CritiqueForm(request.POST if request.POST.get("form") == "critique" else None)
    comment_form = CommentForm(request.POST if request.POST.get("form") == "comment" else None)
    status = 200
    if request.method == "POST":
        form: CritiqueForm | CommentForm = (
            critique_form if request.POST.get("form") == "critique" else comment_form
        )
        if form.is_valid():
            try:
                if isinstance(form, CritiqueForm):
                    services.record_critique(
                        actor=user,
                        item=item,
                        problems=form.problem_list(),
                        summary=form.cleaned_data["summary"],
                    )
                else:
                    services.add_comment(actor=user, item=item, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "点评已保存。")
                return redirect("meetings:critique", meeting.pk, item.pk)
        status = 400
    context = {
        "meeting": meeting,
        "item": item,
        "critique": Critique.objects.filter(agenda_item=item).first(),
        "comments": item.comments.select_related("author"),
        "critique_form": critique_form,
        "comment_form": comment_form,
        "can_critique": has_permission(user, "meetings.critique", host),
        "can_comment": has_permission(user, "meetings.comment", host),
    }
    return render(request, "meetings/critique.html", context, status=status)


BOX_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "rehearsal": (box.start_rehearsal, "演练已开始：发放的测评码和投票都进入演练票箱。"),
    "wipe": (box.wipe_rehearsal, "演练数据已全部清除，正式票箱为空。"),
    "open": (box.open_box, "正式投票已开始。"),
    "close": (box.close_box, "票箱已关闭，结果已生成。"),
}


@login_required
@require_POST
def box_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    if action not in BOX_ACTIONS:
        raise Http404
    service, done = BOX_ACTIONS[action]
    if action == "wipe":
        try:
            proof = box.wipe_rehearsal(actor=user, meeting=meeting)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                f"已清除演练测评票 {proof['rehearsal_ballots_deleted']} 张、演练测评码 "
                f"{proof['rehearsal_tokens_deleted']} 个、纸质票录入 "
                f"{proof['rehearsal_paper_entries_deleted']} 条；正式票箱现有测评票 "
                f"{proof['formal_ballots']} 张（已记入审计日志）。",
            )
        return redirect("meetings:detail", meeting.pk)
    _attempt(request, lambda: service(actor=user, meeting=meeting), done)
    if action == "close" and Meeting.objects.get(pk=pk).state == BoxState.CLOSED:
        return redirect("meetings:live", meeting.pk)
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def issue_tokens(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a batch and show its printable slips — the only time the raw tokens exist."""
    user = signed_in_user(request)
    meeting = queries.meeting_for(user, pk, "meetings.manage")
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择投票人类别，数量为 1 至 1000。")
        return redirect("meetings:detail", meeting.pk)
    category = form.cleaned_data["category"]
    try:
        raw = ballots.issue_tokens(
            actor=user, meeting=meeting, category=category, count=form.cleaned_data["count"]
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("meetings:detail", meeting.pk)
    label = dict(TokenForm.base_fields["category"].choices)[category]  # type: ignore[attr-defined]
    context = {
        "slips_title": meeting.title,
        "slips": slip_list(request, "meetings:ballot", raw),
        "slips_meta": f"{label} · 演练" if meeting.state == BoxState.REHEARSAL else label,
    }
    response = render(request, "core/slips.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def presenter_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_for(signed_in_user(request), pk)
    return render(
        request, "meetings/presenter.html", {"meeting": meeting, "agenda": queries.agenda(meeting)}
    )


@login_required
def live_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Turnout while voting runs; results only once the box is closed."""
    meeting = queries.meeting_for(signed_in_user(request), pk)
    context: dict[str, Any] = {"meeting": meeting, "turnout": queries.turnout(meeting)}
    if meeting.state == BoxState.CLOSED:
        context["results"] = queries.results(meeting)
    template = "meetings/_live.html" if request.headers.get("HX-Request") else "meetings/live.html"
    return render(request, template, context)


@login_required
def results_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_for(signed_in_user(request), pk)
    if meeting.state != BoxState.CLOSED:
        raise Http404
    return render(
        request,
        "meetings/results_sheet.html",
        {"meeting": meeting, "results": queries.results(meeting)},
    )


@login_required
def export_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Http404
    meeting = queries.meeting_for(signed_in_user(request), pk, "meetings.export")
    if meeting.state != BoxState.CLOSED:
        raise PermissionDenied("票箱关闭前不能导出测评票。")
    content = queries.export_of(meeting, fmt)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return attachment(content.encode(), f"测评票-{meeting.pk}.{fmt}", kind)
