"""Red/black pages: submissions, the points table, the monthly joint meeting, the bulletin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, scope_filter, signed_in_user
from shuzhi.accounts.models import User
from shuzhi.core.http import DOCX, attachment
from shuzhi.orgs.models import Organization, Person
from shuzhi.orgs.pickers import bind_pickers
from shuzhi.records import merit_services, queries
from shuzhi.records.bulletin import bulletin_docx
from shuzhi.records.forms import DecisionForm, MeetingForm, MeritChangeForm, MeritForm, RuleForm
from shuzhi.records.models import JointMeeting, MeritRecord, MeritRule
from shuzhi.records.views import visible_organization


def _rules_for(user: Any) -> list[MeritRule]:
    """The points tables a submitter may use: those of the organisations above its units."""
    paths = {
        path
        for org in Organization.objects.filter(scope_filter(user, "records.submit"))[:50]
        for path in [*org.ancestor_paths, org.path]
    }
    return queries.rules_for_units(Organization.objects.filter(path__in=paths))


def _merit_form(request: HttpRequest, data: Any = None, files: Any = None) -> MeritForm:
    form = MeritForm(data, files, rules=_rules_for(request.user))
    bind_pickers(form, request.user)
    return form


def render_merits(request: HttpRequest, status: int = 200, **bound: BaseForm) -> HttpResponse:
    can_submit = has_permission(request.user, "records.submit")
    context = {
        "merits": queries.visible_merits(request.user)[:200],
        "form": bound.get("form") or (_merit_form(request) if can_submit else None),
        "meetings": queries.visible_meetings(request.user)[:24],
        "can_approve": has_permission(request.user, "records.approve"),
    }
    return render(request, "records/merits.html", context, status=status)


@login_required
def merits_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.view")
    return render_merits(request)


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.submit")
    form = _merit_form(request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        person = None
        if data["person_code"]:
            person = Person.objects.filter(code=data["person_code"].strip()).first()
            if person is None:
                form.add_error("person_code", f"找不到编码为「{data['person_code']}」的人员。")
        if not form.errors:
            try:
                merit_services.submit_merit(
                    actor=signed_in_user(request),
                    submitting_unit=data["submitting_unit"],
                    organization=data["organization"],
                    person=person,
                    rule=data["rule"],
                    occurred_on=data["occurred_on"],
                    facts=data["facts"],
                    evidence=data["evidence"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已报送，待月度联席会议审议。")
                return redirect("records:merits")
    return render_merits(request, status=400, form=form)


def _visible_merit(request: HttpRequest, merit_id: int) -> MeritRecord:
    merit = queries.visible_merits(request.user).filter(pk=merit_id).first()
    if merit is None:
        raise Http404
    return merit


@login_required
def merit_page(request: HttpRequest, merit_id: int) -> HttpResponse:
    merit = _visible_merit(request, merit_id)
    can_change = has_permission(request.user, "records.approve", merit.hearing_organization)
    form = MeritChangeForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("records.approve")
        if form.is_valid():
            try:
                merit_services.change_merit(
                    actor=signed_in_user(request),
                    merit=merit,
                    reason=form.cleaned_data["reason"],
                    points=form.cleaned_data["points"],
                    facts=form.cleaned_data["facts"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已修改。")
                return redirect("records:merit", merit_id=merit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "records/merit.html", {"merit": merit, "form": form}, status=status)


@login_required
def rules_page(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's points table (积分标准), a setting of its joint meeting."""
    organization = visible_organization(request, code)
    can_manage = has_permission(request.user, "records.manage", organization)
    form = RuleForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("records.manage")
        if form.is_valid():
            try:
                merit_services.set_rule(
                    actor=signed_in_user(request), organization=organization, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "积分标准已保存。")
                return redirect("records:rules", code=organization.code)
    context = {
        "organization": organization,
        "rules": MeritRule.objects.filter(organization=organization),
        "form": form,
    }
    return render(
        request, "records/rules.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def hold_meeting(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.approve")
    form = MeetingForm(request.POST)
    bind_pickers(form, request.user)
    if form.is_valid():
        data = form.cleaned_data
        names = [n.strip() for n in data["approvers"].replace("，", ",").split(",") if n.strip()]
        approvers = list(User.objects.filter(username__in=names))
        missing = set(names) - {u.username for u in approvers}
        if missing:
            form.add_error("approvers", f"找不到用户：{'、'.join(sorted(missing))}")
        else:
            try:
                meeting = merit_services.hold_joint_meeting(
                    actor=signed_in_user(request),
                    organization=data["organization"],
                    month=data["month"],
                    held_on=data["held_on"],
                    approvers=approvers,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("records:meeting", meeting_id=meeting.pk)
    return render(request, "records/meeting_new.html", {"form": form}, status=400)


@login_required
def new_meeting(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.approve")
    form = MeetingForm()
    bind_pickers(form, request.user)
    return render(request, "records/meeting_new.html", {"form": form})


def _visible_meeting(request: HttpRequest, meeting_id: int) -> JointMeeting:
    meeting = queries.visible_meetings(request.user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


@login_required
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _visible_meeting(request, meeting_id)
    user = signed_in_user(request)
    can_decide = has_permission(user, "records.approve", meeting.organization) and (
        user.is_superuser or meeting.approvers.filter(pk=user.pk).exists()
    )
    context = {
        "meeting": meeting,
        "entries": queries.pending_for(meeting)
        if can_decide
        else queries.bulletin_entries(meeting),
        "approvers": list(meeting.approvers.order_by("username")),
        "can_decide": can_decide and meeting.published_at is None,
        "decision_form": DecisionForm(),
    }
    return render(request, "records/meeting.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, meeting_id: int, merit_id: int) -> HttpResponse:
    meeting = _visible_meeting(request, meeting_id)
    require(request.user, "records.approve", meeting.organization)
    merit = get_object_or_404(MeritRecord, pk=merit_id, hearing_organization=meeting.organization)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponse("审议结果无效。", status=400)
    try:
        merit_services.decide_merit(
            actor=signed_in_user(request),
            meeting=meeting,
            merit=merit,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("records:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _visible_meeting(request, meeting_id)
    require(request.user, "records.approve", meeting.organization)
    try:
        merit_services.publish_bulletin(actor=signed_in_user(request), meeting=meeting)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("records:meeting", meeting_id=meeting.pk)
    messages.success(request, "本月通报已发布。")
    return redirect("records:bulletin", meeting_id=meeting.pk)


def _published(request: HttpRequest, meeting_id: int) -> JointMeeting:
    meeting = _visible_meeting(request, meeting_id)
    if meeting.published_at is None:
        raise Http404
    return meeting


@login_required
def bulletin_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _published(request, meeting_id)
    entries = queries.bulletin_entries(meeting)
    context = {
        "meeting": meeting,
        "red": [e for e in entries if e.color == "red"],
        "black": [e for e in entries if e.color == "black"],
    }
    return render(request, "records/bulletin.html", context)


@login_required
def bulletin_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _published(request, meeting_id)
    content = bulletin_docx(meeting, queries.bulletin_entries(meeting))
    return attachment(
        content, f"{meeting.organization.name}{meeting.month:%Y年%m月}红黑榜通报.docx", DOCX
    )
