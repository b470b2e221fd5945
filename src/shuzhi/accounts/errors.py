"""Error pages in Chinese: a 403 says which roles the page needs, not a bare permission code."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.utils.translation import gettext as _

from shuzhi.accounts.roles import Role, roles_with

_CJK = re.compile(r"[\u4e00-\u9fff]")


def denial_reason(message: str) -> str:
    """The reason shown on a 403 page for ``PermissionDenied(message)``.

    Services raise either a sentence in Chinese (shown as it is) or a permission code from the
    registry (turned into the roles that hold it); anything else gets a general sentence.
    """
    if _CJK.search(message):
        return message
    try:
        roles = roles_with(message)
    except LookupError:
        return _("您的账号没有访问此页面的权限。")
    labels = "、".join(f"「{Role(role).label}」" for role in Role.values if role in roles)
    if not labels:
        return _("此页面仅系统管理员可以访问。")
    return _("此页面需要%(roles)s角色，且授权范围须包含相关组织。") % {"roles": labels}


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception.args[0]) if exception.args else ""
    template = loader.get_template("403.html")
    body = template.render({"reason": denial_reason(message)}, request)
    return HttpResponseForbidden(body)
