from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuzhi.accounts import services
from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.accounts.forms import GrantForm, TokenForm
from shuzhi.accounts.models import ApiToken, RoleGrant
from shuzhi.accounts.queries import grants_within_scope


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def grants_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.grant")
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = data["organization_code"]
        if not has_permission(request.user, "accounts.grant", organization):
            form.add_error("organization_code", "该组织不在您的管理范围内。")
        else:
            grant = services.grant_role_to_account(
                actor=signed_in_user(request),
                organization=organization,
                role=data["role"],
                user=data["user"],
                username=data["username"],
                display_name=data["display_name"],
                password=data["password"],
            )
            messages.success(
                request, f"已授予 {grant.user.get_full_name()}「{organization.name}」的角色。"
            )
            return redirect("accounts:grants")
    grants = grants_within_scope(request.user)[:500]
    return render(request, "accounts/grants.html", {"form": form, "grants": grants})


@login_required
@require_POST
def revoke_grant(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.select_related("organization", "user"), pk=grant_id)
    if not has_permission(request.user, "accounts.grant", grant.organization):
        raise PermissionDenied
    services.revoke_role(actor=signed_in_user(request), grant=grant)
    messages.success(request, "已撤销授权。")
    return redirect("accounts:grants")


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = services.issue_api_token(
            user=signed_in_user(request), name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=signed_in_user(request)).order_by("-created_at")
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_api_token(actor=signed_in_user(request), token=token)
    messages.success(request, "令牌已停用。")
    return redirect("accounts:tokens")
