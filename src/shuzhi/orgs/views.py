from __future__ import annotations

from io import BytesIO
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import HtmxHttpRequest, attachment
from shuzhi.orgs import queries, services
from shuzhi.orgs.exporting import export_subtree
from shuzhi.orgs.forms import (
    ChildOrganizationForm,
    ImportForm,
    OrganizationForm,
    PostForm,
    RepresentativeForm,
)
from shuzhi.orgs.import_jobs import progress_of, start_import
from shuzhi.orgs.models import ImportJob, Organization
from shuzhi.orgs.workbook import template_workbook

F = TypeVar("F", bound=BaseForm)


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
    people = list(queries.search_people(request.user, text))
    return render(
        request, "orgs/_search_results.html", {"results": results, "people": people, "q": text}
    )


@login_required
def organization_page(request: HttpRequest, code: str) -> HttpResponse:
    organization = _visible_organization(request, code)
    if request.method != "POST":
        return _render_organization(request, organization)
    require(request.user, "orgs.manage", organization)
    form = OrganizationForm(request.POST, instance=Organization.objects.get(pk=organization.pk))
    if not form.is_valid():
        return _render_organization(request, organization, form=form)
    services.update_organization(
        actor=signed_in_user(request),
        organization=Organization.objects.get(pk=organization.pk),
        **{name: form.cleaned_data[name] for name in form.changed_data},
    )
    messages.success(request, "已保存。")
    return redirect("orgs:detail", code=organization.code)


@login_required
@require_POST
def add_child(request: HttpRequest, code: str) -> HttpResponse:
    parent, form = _managed_form(request, code, ChildOrganizationForm)
    if not form.is_valid():
        return _render_organization(request, parent, child_form=form)
    try:
        child = services.create_organization(
            actor=signed_in_user(request), parent=parent, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_organization(request, parent, child_form=form)
    messages.success(request, f"已新增下级组织「{child.name}」。")
    return redirect("orgs:detail", code=child.code)


@login_required
@require_POST
def appoint(request: HttpRequest, code: str) -> HttpResponse:
    organization, form = _managed_form(request, code, PostForm)
    if not form.is_valid():
        return _render_organization(request, organization, post_form=form)
    data = form.cleaned_data
    try:
        post = services.appoint(
            actor=signed_in_user(request),
            organization=organization,
            role=data["role"],
            start_date=data["start_date"],
            person=data["person"],
            person_code=data["person_code"],
            person_name=data["person_name"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_organization(request, organization, post_form=form)
    messages.success(request, f"已任命 {post.person.name}。")
    return redirect("orgs:detail", code=organization.code)


@login_required
@require_POST
def add_representative(request: HttpRequest, code: str) -> HttpResponse:
    organization, form = _managed_form(request, code, RepresentativeForm)
    if not form.is_valid():
        return _render_organization(request, organization, representative_form=form)
    services.add_representative(
        actor=signed_in_user(request),
        organization=organization,
        person=form.cleaned_data["person_code"],
        category=form.cleaned_data["category"],
    )
    messages.success(request, "已加入代表库。")
    return redirect("orgs:detail", code=organization.code)


def _managed_form(request: HttpRequest, code: str, form_class: type[F]) -> tuple[Organization, F]:
    """The organisation a management form posts to, once the user may manage it, and the form."""
    organization = _visible_organization(request, code)
    require(request.user, "orgs.manage", organization)
    return organization, form_class(request.POST)


def _render_organization(
    request: HttpRequest, organization: Organization, **bound: Any
) -> HttpResponse:
    can_manage = has_permission(request.user, "orgs.manage", organization)
    forms: dict[str, Any] = {}
    if can_manage:
        forms = {
            "form": OrganizationForm(instance=organization),
            "child_form": ChildOrganizationForm(),
            "post_form": PostForm(),
            "representative_form": RepresentativeForm(),
            **bound,
        }
    context = {
        "organization": organization,
        "can_manage": can_manage,
        "can_export": has_permission(request.user, "orgs.export", organization),
        **forms,
        **queries.organization_detail(organization),
    }
    # Ancestors above the account's scope are named but not linked: their pages would refuse it.
    context["linked_ancestor_ids"] = {
        a.pk for a in context["ancestors"] if has_permission(request.user, "orgs.view", a)
    }
    return render(request, "orgs/organization.html", context, status=400 if bound else 200)


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
    if request.method == "POST" and form.is_valid():
        job = start_import(actor=signed_in_user(request), upload=form.cleaned_data["file"])
        return redirect("orgs:import-job", job_id=job.pk)
    jobs = ImportJob.objects.filter(created_by=signed_in_user(request))[:10]
    return render(request, "orgs/import.html", {"form": form, "jobs": jobs})


@login_required
def import_job_page(request: HtmxHttpRequest, job_id: str) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id, created_by=signed_in_user(request))
    percent, stage = progress_of(job)
    context = {"job": job, "percent": percent, "stage": stage}
    template = "orgs/_import_job.html" if request.htmx else "orgs/import_job.html"
    return render(request, template, context)


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
