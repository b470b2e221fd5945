"""Pages of branch star ratings and secretaries' points: the distribution, a branch's page
(rate it on a phone, its points), confirming points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.orgs.choices import Field
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import ancestors, grant_roots
from shuzhi.villages import queries, ratings
from shuzhi.villages.forms import (
    PointsForm,
    PointsRulesForm,
    RatingForm,
    RatingTemplateForm,
    SheetUploadForm,
    form_errors,
)
from shuzhi.villages.models import PointsEntry
from shuzhi.villages.star_workbook import points_template, star_template


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def stars_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    code = request.GET.get("org", "")
    root: Organization | None
    if code:
        root = queries.visible_organization(user, code)
        if root is None:
            raise Http404  # another subtree is reported as missing, not as forbidden
    else:
        require(user, "villages.view")
        root = grant_roots(user, "villages.view").first()
    by = "field" if request.GET.get("by") == "field" else "township"
    year = _year(request)
    table = queries.star_distribution(root, year, by) if root else None
    context = {
        "root": root,
        "year": year,
        "by": by,
        "table": table,
        "chart": {
            "labels": [label for label, _, _ in table.groups],
            "series": [[counts[s] for _, counts, _ in table.groups] for s in range(5)],
        }
        if table
        else None,
        "pending": queries.pending_points(user, 50),
        "can_import_ratings": root is not None and has_permission(user, "villages.rate", root),
        "can_import_points": root is not None and has_permission(user, "villages.points", root),
        "sheet_form": SheetUploadForm(initial={"year": year}),
    }
    return render(request, "villages/stars.html", context)


def _branch(request: HttpRequest, code: str) -> Organization:
    branch = queries.visible_organization(request.user, code)
    if branch is None:
        raise Http404
    return branch


def _render_branch(request: HttpRequest, branch: Organization, **bound: Any) -> HttpResponse:
    user = signed_in_user(request)
    county = ancestors(branch).filter(level="county").first()
    standards, _ = ratings.template_for(branch, county)
    year = _year(request)
    can_rate = has_permission(user, "villages.rate", branch)
    can_enter = has_permission(user, "villages.points", branch)
    context = {
        "branch": branch,
        "year": year,
        "ratings": queries.branch_ratings(branch),
        "points": queries.branch_points(branch, year),
        "points_total": ratings.confirmed_points(branch, year),
        "rating_form": bound.get("rating_form")
        or (RatingForm(standards=standards, initial={"year": year}) if can_rate else None),
        "points_form": bound.get("points_form")
        or (PointsForm(table=ratings.points_rules(county)) if can_enter else None),
        "can_confirm": can_rate,
    }
    return render(request, "villages/branch.html", context, status=400 if bound else 200)


@login_required
def branch_page(request: HttpRequest, code: str) -> HttpResponse:
    return _render_branch(request, _branch(request, code))


@login_required
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    branch = _branch(request, code)
    user = signed_in_user(request)
    require(user, "villages.rate", branch)
    county = ancestors(branch).filter(level="county").first()
    standards, _ = ratings.template_for(branch, county)
    form = RatingForm(request.POST, standards=standards)
    if not form.is_valid():
        return _render_branch(request, branch, rating_form=form)
    try:
        rating = ratings.rate_branch(
            actor=user,
            branch=branch,
            year=form.cleaned_data["year"],
            points=form.points(),
            evidence=form.cleaned_data["evidence"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_branch(request, branch, rating_form=form)
    note = "，须整改后重新评定（两星以下动态清零）" if rating.stars <= 2 else ""
    messages.success(request, f"已评定为 {rating.stars} 星（{rating.total} 分）{note}")
    return redirect("villages:branch", branch.code)


@login_required
@require_POST
def enter_points(request: HttpRequest, code: str) -> HttpResponse:
    branch = _branch(request, code)
    user = signed_in_user(request)
    require(user, "villages.points", branch)
    county = ancestors(branch).filter(level="county").first()
    form = PointsForm(request.POST, table=ratings.points_rules(county))
    if not form.is_valid():
        return _render_branch(request, branch, points_form=form)
    try:
        ratings.enter_points(
            actor=user,
            branch=branch,
            rule_code=form.cleaned_data["rule_code"],
            occurred_on=form.cleaned_data["occurred_on"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_branch(request, branch, points_form=form)
    messages.success(request, "已录入积分，待乡镇（街道）确认")
    return redirect("villages:branch", branch.code)


@login_required
@require_POST
def confirm_points(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = PointsEntry.objects.select_related("branch").filter(pk=entry_id).first()
    if entry is None or not has_permission(request.user, "villages.view", entry.branch):
        raise Http404
    try:
        ratings.confirm_points(
            actor=signed_in_user(request), entry=entry, accept=request.POST.get("accept") != "0"
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("villages:branch", entry.branch.code)


# --- The township's sheets: ratings and points in one upload ----------------------------


def _sheet_root(request: HttpRequest, permission: str) -> Organization:
    root = queries.visible_organization(request.user, request.GET.get("org", ""))
    if root is None:
        raise Http404
    require(request.user, permission, root)
    return root


def _import_page(
    request: HttpRequest, root: Organization, title: str, errors: list[str], status: int
) -> HttpResponse:
    context = {"root": root, "title": title, "errors": errors}
    return render(request, "villages/sheet_errors.html", context, status=status)


@login_required
def star_template_download(request: HttpRequest) -> HttpResponse:
    root = _sheet_root(request, "villages.rate")
    content = star_template(queries.branches_under(root))
    return attachment(content, f"{root.name}星级评定表.xlsx")


@login_required
def points_template_download(request: HttpRequest) -> HttpResponse:
    root = _sheet_root(request, "villages.points")
    return attachment(points_template(queries.branches_under(root)), f"{root.name}积分录入表.xlsx")


def _import(
    request: HttpRequest,
    permission: str,
    title: str,
    run: Callable[[Organization, dict[str, Any]], str],
) -> HttpResponse:
    """Check the upload, run one import service, and go back to the page (or list the errors)."""
    root = _sheet_root(request, permission)
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, root, title, form_errors(form), 400)
    try:
        done = run(root, form.cleaned_data)
    except WorkbookInvalid as invalid:
        return _import_page(request, root, title, [str(e) for e in invalid.errors], 400)
    messages.success(request, done)
    return redirect(f"{reverse('villages:stars')}?org={root.code}&year={form.cleaned_data['year']}")


@login_required
@require_POST
def import_star_ratings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return _import(
        request,
        "villages.rate",
        "星级评定表",
        lambda root, data: "已导入 {} 个支部的星级评定".format(
            ratings.import_star_ratings(
                actor=user, organization=root, year=data["year"], stream=data["file"]
            )
        ),
    )


@login_required
@require_POST
def import_points(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return _import(
        request,
        "villages.points",
        "积分录入表",
        lambda root, data: "已导入 {} 条积分，待乡镇（街道）确认".format(
            ratings.import_points(actor=user, organization=root, stream=data["file"])
        ),
    )


def _county(request: HttpRequest, permission: str) -> Organization:
    """The county of ``?org=`` if the user may see it; ``permission`` is then required there."""
    user = signed_in_user(request)
    county = queries.visible_organization(user, request.GET.get("org", ""))
    if county is None or county.level != "county":
        raise Http404  # another subtree is reported as missing, not as forbidden
    require(user, permission, county)
    return county


def _render_points_rules(
    request: HttpRequest,
    county: Organization,
    form: PointsRulesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    table = ratings.points_rules(county)
    context = {
        "county": county,
        "table": table,
        "custom": ratings.has_own_points_rules(county),
        "form": form or PointsRulesForm(initial={"table": PointsRulesForm.text_of(table)}),
        "can_manage": has_permission(signed_in_user(request), "villages.manage", county),
    }
    return render(request, "villages/points_rules.html", context, status=status)


@login_required
def points_rules(request: HttpRequest) -> HttpResponse:
    """A county's points table (积分规则): shown to whoever sees the county, set by its admin."""
    if request.method != "POST":
        return _render_points_rules(request, _county(request, "villages.view"))
    county = _county(request, "villages.manage")
    form = PointsRulesForm(request.POST)
    if not form.is_valid():
        return _render_points_rules(request, county, form, 400)
    count = ratings.set_points_rules(
        actor=signed_in_user(request), county=county, table=form.cleaned_data["table"]
    )
    messages.success(request, f"已保存 {count} 条积分规则。")
    return redirect(f"{reverse('villages:points-rules')}?org={county.code}")


def _render_rating_template(
    request: HttpRequest,
    county: Organization,
    field: str,
    form: RatingTemplateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    standards, bars = ratings.template_for(Organization(field=field), county)
    name, custom = ratings.rating_template(county, field)
    context = {
        "county": county,
        "field": field,
        "field_label": Field(field).label,
        "fields": Field.choices,
        "name": name,
        "standards": standards,
        "bars": bars,
        "custom": custom,
        "form": form
        or RatingTemplateForm(initial=RatingTemplateForm.initial_of(name, standards, bars)),
        "can_manage": has_permission(signed_in_user(request), "villages.manage", county),
    }
    return render(request, "villages/rating_template.html", context, status=status)


@login_required
def rating_template(request: HttpRequest) -> HttpResponse:
    """A county's star-rating standard for one field (?field=, village by default): shown to
    whoever sees the county, set by its admin; without one, 002's six standards apply."""
    field = request.GET.get("field", Field.RURAL.value)
    if field not in Field.values:
        raise Http404
    if request.method != "POST":
        return _render_rating_template(request, _county(request, "villages.view"), field)
    county = _county(request, "villages.manage")
    form = RatingTemplateForm(request.POST)
    if not form.is_valid():
        return _render_rating_template(request, county, field, form, 400)
    ratings.set_rating_template(
        actor=signed_in_user(request),
        county=county,
        field=field,
        name=form.cleaned_data["name"],
        standards=form.cleaned_data["standards"],
        bars=form.cleaned_data["bars"],
    )
    messages.success(request, f"已保存{Field(field).label}领域的星级评定标准。")
    return redirect(f"{reverse('villages:rating-template')}?org={county.code}&field={field}")
