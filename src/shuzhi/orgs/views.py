from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from shuzhi.accounts.access import has_permission, require
from shuzhi.core.http import attachment
from shuzhi.orgs import queries, services
from shuzhi.orgs.exporting import export_subtree
from shuzhi.orgs.forms import ImportForm, OrganizationForm
from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import Organization
from shuzhi.orgs.workbook import template_workbook


def _visible_organization(
    request: HttpRequest, code: str, permission: str = "orgs.view"
) -> Organization:
    organization = get_object_or_404(Organization, code=code)
    if not has_permission(request.user, permission, organization):
        # Another subtree is reported as missing, not as forbidden: its existence is not ours to reveal.
        raise Http404
    return organization


@login_required
def tree_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "orgs.view")
    roots = list(queries.tree_roots(request.user))
    return render(request, "orgs/tree.html", {"roots": roots})


@login_required
def children_fragment(request: HttpRequest, code: str) -> HttpResponse:
    organization = _visible_organization(request, code)
    return render(request, "orgs/_children.html", {"nodes": queries.children(organization)})


@login_required
def search_fragment(request: HttpRequest) -> HttpResponse:
    require(request.user, "orgs.view")
    text = request.GET.get("q", "")
    results = list(queries.search(request.user, text)) if text.strip() else []
    return render(request, "orgs/_search_results.html", {"results": results, "q": text})


@login_required
def organization_page(request: HttpRequest, code: str) -> HttpResponse:
    organization = _visible_organization(request, code)
    can_manage = has_permission(request.user, "orgs.manage", organization)
    form = None
    if can_manage:
        form = OrganizationForm(request.POST or None, instance=organization)
        if request.method == "POST" and form.is_valid():
            services.update_organization(
                actor=request.user,
                organization=Organization.objects.get(pk=organization.pk),
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
            messages.success(request, "已保存。")
            return redirect("orgs:detail", code=organization.code)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "organization": organization,
        "form": form,
        "can_manage": can_manage,
        "can_export": has_permission(request.user, "orgs.export", organization),
        **queries.organization_detail(organization),
    }
    return render(request, "orgs/organization.html", context)


@login_required
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = queries.visible_person(request.user, person_id)
    if person is None:
        raise Http404
    return render(request, "orgs/person.html", {"person": person})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "orgs.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_workbook(actor=request.user, stream=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, f"导入成功。{result.summary()}")
            return redirect("orgs:import")
    return render(request, "orgs/import.html", {"form": form, "result": result})


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    require(request.user, "orgs.view")
    buffer = BytesIO()
    template_workbook().save(buffer)
    return attachment(buffer.getvalue(), "组织人员导入模板.xlsx")


@login_required
def export_download(request: HttpRequest, code: str) -> HttpResponse:
    organization = _visible_organization(request, code, "orgs.export")
    buffer = BytesIO()
    export_subtree(organization, buffer)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return attachment(buffer.getvalue(), f"{organization.name}-组织人员-{stamp}.xlsx")
