"""The cadre's performance file (page, Excel, Word), the Excel import and the month's
submissions for the joint meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from shuzhi.records.workbook import (
    import_records,
    performance_workbook,
    submissions_workbook,
    template,
)


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


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Bulk entry: work-record entries and red/black submissions from one workbook."""
    if not (
        has_permission(request.user, "records.write")
        or has_permission(request.user, "records.submit")
    ):
        require(request.user, "records.submit")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            logs, merits = import_records(
                actor=signed_in_user(request), stream=form.cleaned_data["file"]
            )
        except WorkbookInvalid as invalid:
            errors = [str(error) for error in invalid.errors]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"已导入纪实 {logs} 条、红黑档案报送 {merits} 条。")
            return redirect("records:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "records/import.html", {"form": form, "errors": errors}, status=status)


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
