from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.orgs.models import Organization
from shuzhi.rounds import indicator_system, queries, services
from shuzhi.rounds.forms import (
    CopyForm,
    EnrollForm,
    IndicatorForm,
    PeerGroupsForm,
    RoundForm,
    RoundSettingsForm,
    StagesForm,
    UploadForm,
)
from shuzhi.rounds.indicator_workbook import export_indicators, import_indicators
from shuzhi.rounds.models import Reporter


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "rounds.view")
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, "rounds.manage")
        if form.is_valid():
            data = form.cleaned_data
            organization = Organization.objects.filter(code=data["organization_code"]).first()
            try:
                if organization is None or not has_permission(
                    request.user, "rounds.manage", organization
                ):
                    # Another subtree's body is reported as missing, not as forbidden.
                    raise ValidationError("找不到该编码的党组织，或不在您的管理范围内。")
                round_ = services.create_round(
                    actor=signed_in_user(request),
                    hearing_organization=organization,
                    year=data["year"],
                    period=data["period"],
                    name=data["name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已创建「{round_.name}」。")
                return redirect("rounds:detail", round_id=round_.pk)
    context = {
        "rounds": queries.visible_rounds(request.user),
        "form": form,
        "can_create": has_permission(request.user, "rounds.manage"),
    }
    return render(request, "rounds/list.html", context, status=400 if form.errors else 200)


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.visible_round(request.user, round_id)
    initial: dict[str, Any] = {}
    for s in round_.stages.all():
        initial |= {f"{s.stage}_starts_on": s.starts_on, f"{s.stage}_ends_on": s.ends_on}
    form = StagesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        round_ = _managed_round(request, round_id)
        if form.is_valid():
            services.set_stage_dates(
                actor=signed_in_user(request), round=round_, dates=form.dates()
            )
            messages.success(request, "阶段安排已保存。")
            return redirect("rounds:detail", round_id=round_.pk)
    context = {
        "stages_form": form,
        "round": round_,
        "settings": services.settings_of(round_),
        "stages": round_.stages.all(),
        "reporters": queries.reporters_of(round_),
        "indicator_count": round_.indicators.count(),
        "can_manage": has_permission(request.user, "rounds.manage", round_.hearing_organization),
    }
    return render(request, "rounds/detail.html", context, status=400 if form.errors else 200)


def _managed_round(request: HttpRequest, round_id: int) -> Any:
    round_ = queries.visible_round(request.user, round_id)
    require(request.user, "rounds.manage", round_.hearing_organization)
    return round_


@login_required
def settings_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.visible_round(request.user, round_id)
    current = services.settings_of(round_)
    form = RoundSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        round_ = _managed_round(request, round_id)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_settings(actor=signed_in_user(request), round=round_, values=values)
            messages.success(request, "考核设置已保存。")
            return redirect("rounds:settings", round_id=round_.pk)
    context = {
        "round": round_,
        "form": form,
        "can_manage": has_permission(request.user, "rounds.manage", round_.hearing_organization),
    }
    return render(request, "rounds/settings.html", context, status=400 if form.errors else 200)


@login_required
def groups_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.visible_round(request.user, round_id)
    names = list(round_.peer_groups.values_list("name", flat=True))
    form = PeerGroupsForm(
        request.POST if request.method == "POST" else None, initial={"names": "\n".join(names)}
    )
    if request.method == "POST":
        round_ = _managed_round(request, round_id)
        if form.is_valid():
            try:
                services.set_peer_groups(
                    actor=signed_in_user(request), round=round_, names=form.group_names()
                )
            except ValidationError as error:
                form.add_error("names", error)
            else:
                messages.success(request, "分组已保存。")
                return redirect("rounds:groups", round_id=round_.pk)
    return _render_groups(request, round_, form=form)


def _render_groups(request: HttpRequest, round_: Any, **bound: Any) -> HttpResponse:
    context = {
        "round": round_,
        "form": PeerGroupsForm(
            initial={"names": "\n".join(round_.peer_groups.values_list("name", flat=True))}
        ),
        "enroll_form": EnrollForm(),
        "groups": list(round_.peer_groups.values_list("name", flat=True)),
        "reporters": queries.reporters_of(round_),
        "can_manage": has_permission(request.user, "rounds.manage", round_.hearing_organization),
    }
    context.update(bound)
    failed = any(getattr(f, "errors", None) for f in bound.values())
    return render(request, "rounds/groups.html", context, status=400 if failed else 200)


@login_required
@require_POST
def enroll(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    form = EnrollForm(request.POST)
    if form.is_valid():
        try:
            enrolled = services.enroll_by_codes(
                actor=signed_in_user(request),
                round=round_,
                codes=form.code_list(),
                peer_group=form.cleaned_data["peer_group"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已列入 {len(enrolled)} 名述职人。")
            return redirect("rounds:groups", round_id=round_.pk)
    return _render_groups(request, round_, enroll_form=form)


@login_required
@require_POST
def assign_group(request: HttpRequest, round_id: int, reporter_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    reporter = get_object_or_404(Reporter, pk=reporter_id, round=round_)
    try:
        services.assign_peer_group(
            actor=signed_in_user(request),
            reporter=reporter,
            peer_group=request.POST.get("peer_group", ""),
        )
    except ValidationError as error:
        # htmx swaps only 2xx answers; a plain form post is told 400.
        status = 200 if request.headers.get("HX-Request") else 400
        return HttpResponse(
            format_html('<span class="error" role="alert">{}</span>', error.messages[0]),
            status=status,
        )
    return HttpResponse('<span class="saved">已保存</span>')


@login_required
def indicators_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.visible_round(request.user, round_id)
    return _render_indicators(request, round_)


def _render_indicators(request: HttpRequest, round_: Any, **bound: Any) -> HttpResponse:
    can_manage = has_permission(request.user, "rounds.manage", round_.hearing_organization)
    context = {
        "round": round_,
        "rows": round_.indicators.order_by("order", "code"),
        "can_manage": can_manage,
        "form": IndicatorForm(),
        "upload_form": UploadForm(),
        "copy_form": CopyForm(rounds=queries.rounds_before(round_, request.user)),
        "problems": [],
        **bound,
    }
    return render(request, "rounds/indicators.html", context, status=400 if bound else 200)


@login_required
@require_POST
def add_indicator(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        return _render_indicators(request, round_, form=form)
    try:
        indicator_system.add_indicator(actor=signed_in_user(request), round=round_, row=form.row())
    except indicator_system.IndicatorSystemInvalid as error:
        return _render_indicators(request, round_, form=form, problems=error.problems)
    messages.success(request, "指标已添加。")
    return redirect("rounds:indicators", round_id=round_.pk)


@login_required
@require_POST
def remove_indicator(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    try:
        indicator_system.remove_indicator(actor=signed_in_user(request), round=round_, code=code)
    except indicator_system.IndicatorSystemInvalid as error:
        return _render_indicators(request, round_, problems=error.problems)
    messages.success(request, f"指标 {code} 已删除。")
    return redirect("rounds:indicators", round_id=round_.pk)


@login_required
@require_POST
def copy_indicators(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    form = CopyForm(request.POST, rounds=queries.rounds_before(round_, request.user))
    if not form.is_valid():
        return _render_indicators(request, round_, copy_form=form)
    try:
        indicator_system.copy_indicator_system(
            actor=signed_in_user(request),
            source=form.cleaned_data["source"],
            target=round_,
            with_settings=form.cleaned_data["with_settings"],
        )
    except indicator_system.IndicatorSystemInvalid as error:
        return _render_indicators(request, round_, problems=error.problems)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_indicators(request, round_, copy_form=form)
    messages.success(request, "已复制指标体系。")
    return redirect("rounds:indicators", round_id=round_.pk)


@login_required
@require_POST
def import_indicator_file(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_indicators(request, round_, upload_form=form)
    try:
        import_indicators(
            actor=signed_in_user(request), round=round_, stream=form.cleaned_data["file"]
        )
    except indicator_system.IndicatorSystemInvalid as error:
        return _render_indicators(request, round_, upload_form=form, problems=error.problems)
    messages.success(request, "指标体系已导入。")
    return redirect("rounds:indicators", round_id=round_.pk)


@login_required
def export_indicator_file(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.visible_round(request.user, round_id)
    return attachment(export_indicators(round_), f"{round_.name}-指标体系.xlsx")
