"""Pages of the lagging list: the county's list and rate, one listing, its plan and de-listing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.villages import listing, queries
from shuzhi.villages.forms import ListingForm, PairingForm, PlanForm
from shuzhi.villages.models import LaggingOrganization
from shuzhi.villages.rules import ListingStatus


def _listing(request: HttpRequest, listing_id: int) -> LaggingOrganization:
    found = queries.visible_listing(request.user, listing_id)
    if found is None:
        raise Http404
    return found


def _render_home(
    request: HttpRequest, form: ListingForm | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    listings = queries.visible_listings(user)
    this_year = timezone.localdate().year
    try:
        min_years = max(0, int(request.GET.get("years", "0")))
    except ValueError:
        min_years = 0
    can_manage = has_permission(user, "villages.manage")
    context = {
        "rows": queries.lagging_rows(listings, this_year, min_years),
        "figures": queries.county_figures(listings),
        "by_year": queries.rate_by_year(listings),
        "min_years": min_years,
        "form": form or (ListingForm(user=user) if can_manage else None),
    }
    return render(request, "villages/lagging.html", context, status=status)


@login_required
def lagging_home(request: HttpRequest) -> HttpResponse:
    require(request.user, "villages.view")
    return _render_home(request)


@login_required
@require_POST
def list_organization(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require(user, "villages.manage")
    form = ListingForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = listing.list_organization(
                actor=user,
                organization=data["organization_code"],
                kind=data["kind"],
                identified_by=data["identified_by"],
                reason=data["reason"],
                year=data["year"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("villages:listing", created.pk)
    return _render_home(request, form, status=400)


def _render_listing(request: HttpRequest, found: LaggingOrganization, **forms: Any) -> HttpResponse:
    user = signed_in_user(request)
    can_manage = has_permission(user, "villages.manage", found.county)
    progress = listing.plan_progress([found])[found.pk]
    context = {
        "listing": found,
        "progress": progress,
        "can_manage": can_manage,
        "can_request": found.status == ListingStatus.LISTED.value
        and has_permission(user, "villages.sign_off", found.organization),
        "can_approve": found.status == ListingStatus.DELIST_REQUESTED.value
        and has_permission(user, "villages.approve", found.county),
        "pairing_form": forms.get("pairing_form")
        or (PairingForm(user=user) if can_manage else None),
        "plan_form": forms.get("plan_form") or (PlanForm() if can_manage else None),
        "errors": forms.get("errors", []),
    }
    return render(request, "villages/listing.html", context, status=400 if forms else 200)


@login_required
def listing_page(request: HttpRequest, listing_id: int) -> HttpResponse:
    return _render_listing(request, _listing(request, listing_id))


@login_required
@require_POST
def pair(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = _listing(request, listing_id)
    user = signed_in_user(request)
    require(user, "villages.manage", found.county)
    form = PairingForm(request.POST, user=user)
    if not form.is_valid():
        return _render_listing(request, found, pairing_form=form)
    listing.pair(
        actor=user,
        listing=found,
        department=form.cleaned_data["department_code"],
        responsible_leader=form.cleaned_data["responsible_leader"],
    )
    return redirect("villages:listing", found.pk)


@login_required
@require_POST
def add_plan(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = _listing(request, listing_id)
    require(request.user, "villages.manage", found.county)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _render_listing(request, found, plan_form=form)
    try:
        count = listing.add_plan_items(
            actor=signed_in_user(request),
            listing=found,
            texts=form.cleaned_data["items"].splitlines(),
        )
    except ValidationError as error:
        return _render_listing(request, found, errors=error.messages)
    messages.success(request, f"已将 {count} 项整改事项列入整改台账")
    return redirect("villages:listing", found.pk)


@login_required
@require_POST
def request_delisting(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = _listing(request, listing_id)
    try:
        listing.request_delisting(actor=signed_in_user(request), listing=found)
    except ValidationError as error:
        return _render_listing(request, found, errors=error.messages)
    messages.success(request, "已提交摘帽申请，待上级审批")
    return redirect("villages:listing", found.pk)


@login_required
@require_POST
def approve_delisting(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = _listing(request, listing_id)
    try:
        listing.approve_delisting(
            actor=signed_in_user(request), listing=found, today=timezone.localdate()
        )
    except ValidationError as error:
        return _render_listing(request, found, errors=error.messages)
    messages.success(request, "已批准摘帽")
    return redirect("villages:listing", found.pk)


@login_required
@require_POST
def identify_by_rank(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = queries.visible_assessment(request.user, assessment_id)
    if assessment is None:
        raise Http404
    try:
        created = listing.identify_by_rank(actor=signed_in_user(request), assessment=assessment)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"按排名列入后进村 {len(created)} 个")
    return redirect("villages:lagging")
