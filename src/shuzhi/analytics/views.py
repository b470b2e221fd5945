"""Analytics pages: the rounds to analyse, common problems (共性问题) and their themes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.analytics import queries, services
from shuzhi.analytics.forms import MergeForm, RenameForm, RootAboveForm
from shuzhi.analytics.models import Theme
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round


def scope(request: HttpRequest, code: str, round_id: int | None = None) -> tuple[Organization, Any]:
    """The organisation (404 outside the user's subtree) and the round it is seen in."""
    return queries.scope_of(request.user, code, round_id)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, queries.VIEW)
    return render(request, "analytics/home.html", {"scopes": queries.home(request.user)})


@login_required
def themes_page(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    return render_themes(request, organization, round_)


def render_themes(
    request: HttpRequest, organization: Organization, round_: Round, status: int = 200
) -> HttpResponse:
    theme_set = queries.theme_set_of(round_, organization)
    context = {
        "organization": organization,
        "round": round_,
        "theme_set": theme_set,
        "rows": queries.theme_rows(theme_set) if theme_set else [],
        "can_manage": has_permission(request.user, services.MANAGE, organization),
    }
    return render(request, "analytics/themes.html", context, status=status)


@login_required
@require_POST
def build(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    organization, round_ = scope(request, code, round_id)
    try:
        services.build_themes(
            actor=signed_in_user(request), round=round_, organization=organization
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return render_themes(request, organization, round_, status=400)
    return redirect("analytics:themes", code=code, round_id=round_id)


@login_required
def theme_page(request: HttpRequest, theme_id: int) -> HttpResponse:
    return render_theme(request, _visible_theme(request, theme_id))


def _visible_theme(request: HttpRequest, theme_id: int) -> Theme:
    theme = queries.visible_theme(request.user, theme_id)
    if theme is None:
        raise Http404
    return theme


def render_theme(
    request: HttpRequest, theme: Theme, status: int = 200, **bound: BaseForm
) -> HttpResponse:
    forms = {
        "rename_form": RenameForm(initial={"name": theme.name}),
        "merge_form": MergeForm(theme=theme),
        "root_form": RootAboveForm(initial={"text": f"共性问题：{theme.name}"}),
        **bound,
    }
    context = {
        "theme": theme,
        "organization": theme.theme_set.organization,
        "round": theme.theme_set.round,
        "units": queries.theme_units(theme),
        "members": theme.members.select_related("organization")[:200],
        "can_manage": has_permission(request.user, services.MANAGE, theme.theme_set.organization),
        **forms,
    }
    return render(request, "analytics/theme.html", context, status=status)


def _theme_action(
    request: HttpRequest,
    theme_id: int,
    form_name: str,
    make_form: Callable[[Theme], BaseForm] | None,
    perform: Callable[[Theme, dict[str, Any]], HttpResponse],
) -> HttpResponse:
    theme = _visible_theme(request, theme_id)
    require(request.user, services.MANAGE, theme.theme_set.organization)
    form = make_form(theme) if make_form else None
    if form is not None and not form.is_valid():
        return render_theme(request, theme, status=400, **{form_name: form})
    try:
        return perform(theme, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return render_theme(request, theme, status=400)


@login_required
@require_POST
def rename(request: HttpRequest, theme_id: int) -> HttpResponse:
    def perform(theme: Theme, data: dict[str, Any]) -> HttpResponse:
        services.rename_theme(actor=signed_in_user(request), theme=theme, name=data["name"])
        return redirect("analytics:theme", theme_id=theme.pk)

    return _theme_action(
        request, theme_id, "rename_form", lambda _: RenameForm(request.POST), perform
    )


@login_required
@require_POST
def merge(request: HttpRequest, theme_id: int) -> HttpResponse:
    def perform(theme: Theme, data: dict[str, Any]) -> HttpResponse:
        services.merge_themes(actor=signed_in_user(request), keep=theme, other=data["other"])
        messages.success(request, f"已将“{data['other'].name}”并入本主题。")
        return redirect("analytics:theme", theme_id=theme.pk)

    return _theme_action(
        request, theme_id, "merge_form", lambda t: MergeForm(request.POST, theme=t), perform
    )


@login_required
@require_POST
def split(request: HttpRequest, theme_id: int) -> HttpResponse:
    def perform(theme: Theme, data: dict[str, Any]) -> HttpResponse:
        _, created = services.split_theme(actor=signed_in_user(request), theme=theme)
        messages.success(request, f"已拆分出新主题“{created.name}”。")
        return redirect("analytics:theme", theme_id=theme.pk)

    return _theme_action(request, theme_id, "", None, perform)


@login_required
@require_POST
def root_above(request: HttpRequest, theme_id: int) -> HttpResponse:
    def perform(theme: Theme, data: dict[str, Any]) -> HttpResponse:
        services.root_above(
            actor=signed_in_user(request),
            theme=theme,
            text=data["text"],
            measures=data["measures"],
            deadline=data["deadline"],
        )
        messages.success(
            request, f"已上移为{theme.theme_set.organization.name}的共性问题并立项整改。"
        )
        return redirect("analytics:theme", theme_id=theme.pk)

    return _theme_action(
        request, theme_id, "root_form", lambda _: RootAboveForm(request.POST), perform
    )
