"""The cadre's performance file (page, Excel, Word), the Excel import, the month's
submissions for the joint meeting, and the settings tables (points table, targets) as Excel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from shuzhi.accounts.access import has_permission, require, scope_filter, signed_in_user
from shuzhi.core.http import DOCX, attachment
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.orgs.models import Person
from shuzhi.records import queries
from shuzhi.records.bulletin import performance_docx
from shuzhi.records.forms import ImportForm
from shuzhi.records.merit_views import _visible_meeting
from shuzhi.records.performance import PerformanceFile, performance_file
from shuzhi.records.settings_workbook import (
    import_rules,
    import_targets,
    rules_workbook,
    targets_workbook,
)
from shuzhi.records.views import visible_organization
from shuzhi.records.workbook import (
    import_records,
    performance_workbook,
    submissions_workbook,
    template,
)
from shuzhi.rounds.models import Round
from shuzhi.rounds.queries import visible_round


def _visible_person(request: HttpRequest, code: str) -> Person:
    """A person kept in, or holding a post in, the user's scope; else missing."""
    scope = scope_filter(request.user, "records.view", "unit__path") | scope_filter(
        request.user, "records.view", "posts__organization__path"
    )
    person = Person.objects.filter(Q(code=code) & scope).distinct().first()
    if person is None:
        raise Http404
    return person


def _file(request: HttpRequest, code: str) -> PerformanceFile:
    return performance_file(_visible_person(request, code))


@login_required
def person_page(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "records/person.html", {"file": _file(request, code)})


@login_required
def person_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    file = _file(request, code)
    content = performance_workbook(file, timezone.localdate())
    return attachment(content, f"{file.person.name}干部个人业绩档案.xlsx")


@login_required
def person_docx(request: HttpRequest, code: str) -> HttpResponse:
    file = _file(request, code)
    content = performance_docx(file, timezone.localdate())
    return attachment(content, f"{file.person.name}干部个人业绩档案.docx", DOCX)


def _run_import(
    request: HttpRequest, form: ImportForm, action: Callable[[Any], object]
) -> tuple[object, list[str]]:
    """Validate the upload and run the import; (its result, []) or (None, every error)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    try:
        return action(form.cleaned_data["file"]), []
    except WorkbookInvalid as invalid:
        return None, [str(error) for error in invalid.errors]
    except ValidationError as error:
        return None, error.messages


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Bulk entry: work-record entries and red/black submissions from one workbook."""
    if not (
        has_permission(request.user, "records.write")
        or has_permission(request.user, "records.submit")
    ):
        require(request.user, "records.submit")
    form = ImportForm(request.POST or None, request.FILES or None)
    actor = signed_in_user(request)
    done, errors = _run_import(
        request, form, lambda stream: import_records(actor=actor, stream=stream)
    )
    if isinstance(done, tuple):
        messages.success(request, f"已导入纪实 {done[0]} 条、红黑档案报送 {done[1]} 条。")
        return redirect("records:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "records/import.html", {"form": form, "errors": errors}, status=status)


def _settings_import(
    request: HttpRequest, title: str, back: str, action: Callable[[Any], object]
) -> HttpResponse:
    """The import page of a settings table: the upload, and every error of a refused file."""
    form = ImportForm(request.POST or None, request.FILES or None)
    done, errors = _run_import(request, form, action)
    if isinstance(done, int):
        messages.success(request, f"已从 Excel 导入{title} {done} 条。")
        return redirect(back)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "errors": errors, "title": title, "back": back}
    return render(request, "records/settings_import.html", context, status=status)


@login_required
def rules_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's points table as Excel, in the layout the import reads."""
    organization = visible_organization(request, code)
    return attachment(rules_workbook(organization), f"{organization.name}红黑档案积分标准.xlsx")


@login_required
def rules_import(request: HttpRequest, code: str) -> HttpResponse:
    organization = visible_organization(request, code)
    require(request.user, "records.manage", organization)
    actor = signed_in_user(request)
    return _settings_import(
        request,
        f"{organization.name}红黑档案积分标准",
        reverse("records:rules", kwargs={"code": organization.code}),
        lambda stream: import_rules(actor=actor, organization=organization, stream=stream),
    )


def _managed_round(request: HttpRequest, round_id: int) -> Round:
    """A round the user sees (else 404) and manages the records settings of (else 403)."""
    round_ = visible_round(request.user, round_id, "records.view")
    require(request.user, "records.manage", round_.hearing_organization)
    return round_


@login_required
def targets_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's work-record targets as Excel, in the layout the import reads."""
    round_ = _managed_round(request, round_id)
    return attachment(targets_workbook(round_), f"{round_.name}纪实目标.xlsx")


@login_required
def targets_import(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, round_id)
    actor = signed_in_user(request)
    return _settings_import(
        request,
        f"{round_.name}纪实目标",
        reverse("records:targets", kwargs={"round_id": round_.pk}),
        lambda stream: import_targets(actor=actor, round=round_, stream=stream),
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "records.view")
    return attachment(template(), "纪实与红黑档案导入模板.xlsx")


@login_required
def submissions_xlsx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _visible_meeting(request, meeting_id)
    require(request.user, "records.approve", meeting.organization)
    content = submissions_workbook(meeting, queries.pending_for(meeting))
    return attachment(
        content, f"{meeting.organization.name}{meeting.month:%Y年%m月}红黑档案报送.xlsx"
    )
