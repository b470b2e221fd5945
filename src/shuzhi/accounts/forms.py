from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from shuzhi.accounts.models import User
from shuzhi.accounts.roles import Role
from shuzhi.orgs.pickers import OrganizationField, bind_pickers


class GrantForm(forms.Form):
    """Grant a role to an existing account, or create the account on the way."""

    username = forms.CharField(label="账号", max_length=150)
    display_name = forms.CharField(label="姓名（新账号必填）", max_length=50, required=False)
    password = forms.CharField(
        label="初始密码（新账号必填）",
        widget=forms.PasswordInput(render_value=True),
        required=False,
    )
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organization_code = OrganizationField(label="范围（党组织）", permission="accounts.grant")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = data.get("username", "").strip()
        data["user"] = User.objects.filter(username=username).first()
        if data["user"] is None:
            if not data.get("display_name"):
                self.add_error("display_name", "新账号需要填写姓名。")
            password = data.get("password") or ""
            if not password:
                self.add_error("password", "新账号需要设置初始密码。")
            else:
                try:
                    password_validation.validate_password(password, User(username=username))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100)
