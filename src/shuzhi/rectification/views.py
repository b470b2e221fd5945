"""Rectification pages for an organisation: dashboard, problem list, ledger, reports, interviews."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import DOCX, attachment
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import grant_roots
from shuzhi.rectification import deadlines, interviews, queries, services
from shuzhi.rectification.chart import stacked_bars
from shuzhi.rectification.exporting import write_ledger, write_report
from shuzhi.rectification.forms import (
    AccountabilityForm,
    InterviewForm,
    OutcomeForm,
    ProblemForm,
    ReportDeadlineForm,
)
from shuzhi.rectification.models import AccountabilityAction, Interview, ReportDeadline


def visible_organization(
    request: HttpRequest, code: str, permission: str = "rectification.view"
) -> Organization:
    organization = queries.visible_organization(request.user, code)
    if organization is None:
        raise Http404  # another subtree is reported as missing, not as forbidden
    require(request.user, permission, organization)
    return organization


def dashboard_context(root: Organization) -> dict[str, Any]:
    """Figures, table rows and chart for the root's own items and each child's subtree."""
    rows = queries.subtree_dashboard(root)
    # A city has hundreds of children; the chart and table list those that have items.
    shown = [row for row in rows if row.tally.total]
    return {
        "rows": shown,
        "empty_rows": len(rows) - len(shown),
        "total": queries.total_of(rows),
        # The chart escapes every label itself (chart.stacked_bars).
        "chart": mark_safe(stacked_bars(queries.chart_bars(shown))) if shown else "",
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, "rectification.view")
    roots = list(grant_roots(request.user, "rectification.view")[:3])
    today = timezone.localdate()
    context = {
        "dashboards": [(root, dashboard_context(root)) for root in roots],
        "my_items": queries.my_items(request.user),
        "awaiting": queries.awaiting_sign_off(request.user),
        "overdue": queries.overdue_items(request.user)[:50],
        "overdue_reports": queries.overdue_reports(request.user),
        "raised": queries.raised_by_me(request.user, today.year - 1),
        "today": today,
    }
    return render(request, "rectification/home.html", context)


@login_required
def organization_page(request: HttpRequest, code: str) -> HttpResponse:
    return render_organization(request, visible_organization(request, code))


def render_organization(
    request: HttpRequest, organization: Organization, **bound: BaseForm
) -> HttpResponse:
    can_manage = has_permission(request.user, "rectification.manage", organization)
    can_interview = has_permission(request.user, "rectification.interview", organization)
    forms: dict[str, Any] = {}
    if can_manage:
        forms |= {"problem_form": ProblemForm(), "report_form": ReportDeadlineForm()}
    if can_interview:
        forms |= {
            "interview_form": InterviewForm(organization=organization),
            "outcome_form": OutcomeForm(),
            "accountability_form": AccountabilityForm(organization=organization),
        }
    forms |= bound
    parent = organization.parent
    context = {
        "organization": organization,
        # The breadcrumb links the parent only when the user may open it (no links to 404s).
        "parent_visible": parent is not None
        and has_permission(request.user, "rectification.view", parent),
        "can_manage": can_manage,
        "can_interview": can_interview,
        "problems": [
            (problem, queries.problem_status(problem))
            for problem in queries.problem_list(organization)
        ],
        "withdrawn": queries.withdrawn_problems(organization),
        "duplicates": queries.duplicate_suggestions(organization) if can_manage else [],
        "ledger": queries.ledger(organization),
        "reports": ReportDeadline.objects.filter(organization=organization),
        "interviews": Interview.objects.filter(organization=organization).select_related("person"),
        "actions": AccountabilityAction.objects.filter(organization=organization).select_related(
            "person"
        ),
        "today": timezone.localdate(),
        **dashboard_context(organization),
        **forms,
    }
    return render(request, "rectification/organization.html", context, status=400 if bound else 200)


def _organization_form(
    request: HttpRequest,
    code: str,
    permission: str,
    form_name: str,
    make_form: Callable[[Organization], BaseForm],
    perform: Callable[[Organization, dict[str, Any]], str],
) -> HttpResponse:
    """Validate one of the organisation page's forms, run its service, or re-render with errors."""
    organization = visible_organization(request, code, permission)
    form = make_form(organization)
    if form.is_valid():
        try:
            messages.success(request, perform(organization, form.cleaned_data))
            return redirect("rectification:organization", code=organization.code)
        except ValidationError as error:
            form.add_error(None, error)
    return render_organization(request, organization, **{form_name: form})


@login_required
@require_POST
def add_problem(request: HttpRequest, code: str) -> HttpResponse:
    def perform(organization: Organization, data: dict[str, Any]) -> str:
        services.add_problem(actor=signed_in_user(request), organization=organization, **data)
        return "已加入问题清单。"

    return _organization_form(
        request,
        code,
        "rectification.manage",
        "problem_form",
        lambda _: ProblemForm(request.POST),
        perform,
    )


@login_required
@require_POST
def schedule_report(request: HttpRequest, code: str) -> HttpResponse:
    def perform(organization: Organization, data: dict[str, Any]) -> str:
        owed = deadlines.schedule_report(
            actor=signed_in_user(request), organization=organization, **data
        )
        return f"已登记，报送时限 {owed.due_date:%Y-%m-%d}。"

    return _organization_form(
        request,
        code,
        "rectification.manage",
        "report_form",
        lambda _: ReportDeadlineForm(request.POST),
        perform,
    )


@login_required
@require_POST
def deliver_report(request: HttpRequest, report_id: int) -> HttpResponse:
    owed = get_object_or_404(ReportDeadline.objects.select_related("organization"), pk=report_id)
    visible_organization(request, owed.organization.code, "rectification.manage")
    deadlines.deliver_report(
        actor=signed_in_user(request), deadline=owed, delivered_on=timezone.localdate()
    )
    messages.success(request, "已标记为报送。")
    return redirect("rectification:organization", code=owed.organization.code)


@login_required
@require_POST
def add_interview(request: HttpRequest, code: str) -> HttpResponse:
    def perform(organization: Organization, data: dict[str, Any]) -> str:
        interviews.add_interview(actor=signed_in_user(request), organization=organization, **data)
        return "已记入约谈台账。"

    return _organization_form(
        request,
        code,
        "rectification.interview",
        "interview_form",
        lambda o: InterviewForm(request.POST, organization=o),
        perform,
    )


@login_required
@require_POST
def interview_outcome(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("organization"), pk=interview_id)

    def perform(organization: Organization, data: dict[str, Any]) -> str:
        interviews.record_interview_outcome(
            actor=signed_in_user(request), interview=interview, **data
        )
        return "已记录约谈结果。"

    return _organization_form(
        request,
        interview.organization.code,
        "rectification.interview",
        "outcome_form",
        lambda _: OutcomeForm(request.POST),
        perform,
    )


@login_required
@require_POST
def hold_accountable(request: HttpRequest, code: str) -> HttpResponse:
    def perform(organization: Organization, data: dict[str, Any]) -> str:
        interviews.hold_accountable(
            actor=signed_in_user(request), organization=organization, **data
        )
        return "已记录问责。"

    return _organization_form(
        request,
        code,
        "rectification.interview",
        "accountability_form",
        lambda o: AccountabilityForm(request.POST, organization=o),
        perform,
    )


@login_required
def ledger_download(request: HttpRequest, code: str) -> HttpResponse:
    organization = visible_organization(request, code)
    buffer = BytesIO()
    today = timezone.localdate()
    write_ledger(organization, buffer, today=today)
    return attachment(buffer.getvalue(), f"{organization.name}-整改台账-{today:%Y%m%d}.xlsx")


@login_required
def report_download(request: HttpRequest, code: str) -> HttpResponse:
    organization = visible_organization(request, code)
    buffer = BytesIO()
    today = timezone.localdate()
    write_report(organization, buffer, today=today)
    name = f"{organization.name}-整改情况报告-{today:%Y%m%d}.docx"
    return attachment(buffer.getvalue(), name, DOCX)
