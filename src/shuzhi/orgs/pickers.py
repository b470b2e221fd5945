"""One way to choose organisations in every form: type a name, pick from the user's subtree.

``OrganizationField`` is a form field whose widget is a search box (htmx, ``orgs:pick``) over
the organisations where the user holds the field's permission, next to the code input it
fills; typing a code still works without JavaScript. A form binds the field to its user (and
optionally to a subtree) with ``bind_pickers``; the field cleans to the ``Organization`` (or a
list of them with ``multiple=True``) and refuses codes outside that scope as if they did not
exist, with an error that says what a code looks like.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from shuzhi.accounts.access import scope_filter
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter


class OrganizationPicker(forms.Widget):
    template_name = "orgs/widgets/organization_picker.html"

    def __init__(self, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.query: dict[str, str] = {}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = urlencode({**self.query, "multiple": "1" if self.multiple else ""})
        context["widget"].update(multiple=self.multiple, pick_url=f"{reverse('orgs:pick')}?{query}")
        return context

    def format_value(self, value: Any) -> str:
        if isinstance(value, Organization):
            return value.code
        if isinstance(value, list | tuple):
            return "\n".join(v.code if isinstance(v, Organization) else str(v) for v in value)
        return "" if value is None else str(value)


def code_hint(user: Any, permission: str, under: Organization | None) -> str:
    """What a code looks like, with a real one from the user's scope when there is one."""
    scope = Organization.objects.filter(scope_filter(user, permission))
    if under is not None:
        scope = scope.filter(subtree_filter(under.path))
    example = scope.exclude(parent=None).order_by("path").first() or scope.order_by("path").first()
    shown = f"，例如「{example.name}」的编码是「{example.code}」" if example else ""
    return (
        f"组织编码是组织树中每个组织名称旁的编号（上级编码加“-”和序号）{shown}；"
        "也可以在搜索框中输入名称，从列表中选择。"
    )


class OrganizationField(forms.Field):
    def __init__(self, *, permission: str, multiple: bool = False, **kwargs: Any) -> None:
        super().__init__(widget=OrganizationPicker(multiple=multiple), **kwargs)
        self.permission = permission
        self.multiple = multiple
        self.user: Any = None
        self.under: Organization | None = None

    def bind(self, user: Any, under: Organization | None = None) -> None:
        self.user, self.under = user, under
        query = {"permission": self.permission}
        if under is not None:
            query["under"] = under.code
        assert isinstance(self.widget, OrganizationPicker)
        self.widget.query = query

    def _codes(self, value: Any) -> list[str]:
        text = "" if value is None else str(value)
        codes = [part.strip() for part in text.replace("，", ",").replace(",", "\n").splitlines()]
        return list(dict.fromkeys(code for code in codes if code))

    def clean(self, value: Any) -> Any:
        codes = self._codes(value)
        if not codes:
            if self.required:
                raise forms.ValidationError("请选择党组织：输入名称搜索后点选，或填写组织编码。")
            return [] if self.multiple else None
        if not self.multiple and len(codes) > 1:
            raise forms.ValidationError("这里只能选择一个党组织。")
        scope = Organization.objects.filter(scope_filter(self.user, self.permission))
        if self.under is not None:
            scope = scope.filter(subtree_filter(self.under.path))
        found = {o.code: o for o in scope.filter(code__in=codes)}
        # Another subtree's organisation is reported as missing, not as forbidden.
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                f"找不到编码为「{'、'.join(missing)}」的党组织，或它不在您的管理范围内。"
                + code_hint(self.user, self.permission, self.under)
            )
        chosen = [found[code] for code in codes]
        return chosen if self.multiple else chosen[0]


def bind_pickers(form: forms.BaseForm, user: Any, under: Organization | None = None) -> None:
    """Scope every organisation field of ``form`` to what ``user`` may choose."""
    for field in form.fields.values():
        if isinstance(field, OrganizationField):
            field.bind(user, under)
