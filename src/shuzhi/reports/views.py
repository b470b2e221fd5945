"""Report pages: list, editor with live checks, review, versions and diff, chain settings."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.events import WorkRecordFigure
from shuzhi.core.http import DOCX, attachment
from shuzhi.reports import chain, queries, services
from shuzhi.reports.checking import Draft, previous_period, record_figures, run_checks
from shuzhi.reports.checks import SECTION_LABELS, Category
from shuzhi.reports.documents import write_docx
from shuzhi.reports.exporting import write_objections
from shuzhi.reports.forms import (
    ChainFormSet,
    DecisionForm,
    ObjectionForm,
    SectionsForm,
    UploadForm,
    answers_from,
)
from shuzhi.reports.models import DutyReport, Mode
from shuzhi.rounds.models import Round


def _message(error: ValidationError) -> str:
    return "；".join(error.messages)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.view")
    round_id = request.GET.get("round")
    reporters = queries.visible_reporters(
        request.user, int(round_id) if round_id and round_id.isdigit() else None
    )
    todo = request.GET.get("todo") == "review"
    if todo:
        reporters = reporters.filter(duty_report__in=queries.awaiting_my_review(request.user))
    rounds = list(queries.visible_rounds(request.user).select_related("hearing_organization"))
    configurable = [
        r
        for r in rounds
        if has_permission(request.user, "reports.configure", r.hearing_organization)
    ]
    return render(
        request,
        "reports/list.html",
        {
            "reporters": reporters[:500],
            "rounds": rounds,
            "round_id": round_id,
            "configurable": configurable,
            "todo": todo,
            "may_export_objections": has_permission(request.user, "reports.review"),
        },
    )


@login_required
def objections_download(request: HttpRequest) -> HttpResponse:
    """The objections in the reviewer's scope as the 误判反馈 workbook (labelled data)."""
    require(request.user, "reports.review")
    round_id = request.GET.get("round")
    found = queries.objections_to_review(
        request.user, int(round_id) if round_id and round_id.isdigit() else None
    )
    buffer = BytesIO()
    user = signed_in_user(request)
    write_objections(found, buffer, unit=user.get_full_name() or user.username)
    return attachment(buffer.getvalue(), f"述职报告检查误判反馈-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def open_for_reporter(request: HttpRequest, reporter_id: int) -> HttpResponse:
    reporter = queries.visible_reporter(request.user, reporter_id)
    existing = DutyReport.objects.filter(reporter=reporter).first()
    if existing is not None:
        return redirect("reports:detail", existing.pk)
    try:
        report = services.open_report(actor=signed_in_user(request), reporter=reporter)
    except PermissionDenied:
        messages.error(request, "该述职人尚未开始撰写报告。")
        return redirect("reports:list")
    return redirect("reports:edit", report.pk)


def _may_draft(request: HttpRequest, report: DutyReport) -> bool:
    return chain.may_draft(request.user, report.organization, report.reporter.person_id)


def _report_to_draft(request: HttpRequest, pk: int) -> DutyReport:
    """The report, if its secretary is asking (404 outside the tree, 403 for others)."""
    report = queries.visible_report(request.user, pk)
    if not _may_draft(request, report):
        raise PermissionDenied
    return report


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.user, pk)
    state = queries.review_state(request.user, report)
    version = state.latest
    result = run_checks(report, version)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "state": state,
            "version": version,
            "result": result,
            "versions": queries.versions(report),
            "form": DecisionForm(),
            "may_draft": _may_draft(request, report) and report.status in services.EDITABLE,
            "sections": _sections_of(version.sections if version else report.sections()),
            "may_object": _may_draft(request, report),
            "objections": queries.objections(report),
            "back": "detail",
        },
    )


def _sections_of(values: dict[str, str]) -> list[tuple[str, str]]:
    return [(SECTION_LABELS[Category(name)], text) for name, text in values.items() if text]


def _figure_rows(figures: Sequence[WorkRecordFigure]) -> list[dict[str, str]]:
    """The editor's work-record panel: each sentence to insert, and what awaits confirmation."""
    rows = []
    for f in figures:
        pending = f.logged - f.confirmed
        rows.append(
            {
                "kind": f.kind,
                "sentence": f.sentence,
                "pending": f"{pending.normalize():f}{f.units[0]}" if pending > 0 else "",
            }
        )
    return rows


def _editor_context(
    report: DutyReport, form: SectionsForm, answers: dict[str, str]
) -> dict[str, object]:
    items = queries.items_to_answer(report)
    figures = record_figures(report)
    draft = _draft_from(report, form, answers)
    return {
        "report": report,
        "form": form,
        "items": [(item, answers.get(item.key, "")) for item in items],
        "previous": previous_period(report),
        "upload_form": UploadForm(),
        "result": run_checks(report, draft=draft, items=items, figures=figures),
        "figures": _figure_rows(figures or []),
        "may_object": True,
        "back": "edit",
    }


def _draft_from(report: DutyReport, form: SectionsForm, answers: dict[str, str]) -> Draft:
    sections = {
        name: str(form.data.get(name, "") if form.is_bound else getattr(report, name))
        for name in report.sections()
    }
    return Draft(report.mode, sections, report.uploaded_text, answers)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_to_draft(request, pk)
    if report.status not in services.EDITABLE:
        messages.info(request, "报告已提交审核，审核结束前不能修改。")
        return redirect("reports:detail", pk)
    if request.method == "POST":
        form = SectionsForm(request.POST)
        answers = answers_from(request.POST)
        mode = Mode.UPLOADED if request.POST.get("mode") == Mode.UPLOADED else Mode.STRUCTURED
        if form.is_valid():
            try:
                report = services.save_draft(
                    actor=signed_in_user(request),
                    report=report,
                    sections=form.cleaned_data,
                    answers=answers,
                    mode=mode,
                )
                if "submit" in request.POST:
                    version = services.submit(actor=signed_in_user(request), report=report)
                    messages.success(request, f"已提交第 {version.number} 版，进入审核。")
                    return redirect("reports:detail", pk)
                messages.success(request, "草稿已保存。")
                return redirect("reports:edit", pk)
            except ValidationError as error:
                form.add_error(None, _message(error))
        return render(
            request, "reports/edit.html", _editor_context(report, form, answers), status=400
        )
    form = SectionsForm(initial=report.sections())
    return render(request, "reports/edit.html", _editor_context(report, form, dict(report.answers)))


@login_required
@require_POST
def live_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """The checks on what is in the editor now, unsaved (htmx, debounced in the page)."""
    report = _report_to_draft(request, pk)
    form = SectionsForm(request.POST)
    result = run_checks(report, draft=_draft_from(report, form, answers_from(request.POST)))
    return render(
        request,
        "reports/_findings.html",
        {"result": result, "report": report, "may_object": True, "back": "edit"},
    )


@login_required
@require_POST
def object_to_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary marks a finding as wrong, with a reason (kept for the reviewers)."""
    report = _report_to_draft(request, pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明为什么这条检查结果不对。")
    else:
        data = form.cleaned_data
        try:
            services.object_to_finding(
                actor=signed_in_user(request),
                report=report,
                rule=data["rule"],
                text=data["text"],
                reason=data["reason"],
                start=data["start"] or 0,
                end=data["end"] or 0,
                section=data["section"],
                note=data["note"],
                correct_section=data["correct_section"],
            )
            messages.success(request, "已记录您的意见，审核人会看到这条误判反馈。")
        except ValidationError as error:
            messages.error(request, _message(error))
    back = "reports:edit" if request.POST.get("back") == "edit" else "reports:detail"
    return redirect(back, pk)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_to_draft(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        refusals = form.errors.get("file") or ["请选择要上传的文件。"]
        messages.error(request, str(refusals[0]))  # e.g. the archive guard's refusal
        return redirect("reports:edit", pk)
    file = form.cleaned_data["file"]
    try:
        services.upload_document(
            actor=signed_in_user(request), report=report, stream=file, name=file.name
        )
        messages.success(request, f"已读取「{file.name}」，下面是按文档计算的检查结果。")
    except ValidationError as error:
        messages.error(request, _message(error))
    return redirect("reports:edit", pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.user, pk)
    version = services.latest_version(report)
    draft = Draft.of_version(version) if version else Draft.of_report(report)
    title = "关于履行抓基层党建工作责任情况的述职报告"
    subtitle = (
        f"{report.organization.name}书记 {report.reporter.person.name}（{report.round.year}年）"
    )
    content = write_docx(
        title, subtitle, draft.sections, draft.text if draft.mode == Mode.UPLOADED else ""
    )
    return attachment(content, f"{report.organization.name}述职报告.docx", DOCX)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                actor=signed_in_user(request),
                report=report,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                gates=form.cleaned_data["gates"],
            )
            messages.success(request, "审核意见已签署。")
            return redirect("reports:detail", pk)
        except ValidationError as error:
            form.add_error(None, _message(error))
    state = queries.review_state(request.user, report)
    if not state.can_decide:
        raise PermissionDenied
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "state": state,
            "version": state.latest,
            "result": run_checks(report, state.latest),
            "versions": queries.versions(report),
            "form": form,
            "sections": _sections_of(state.latest.sections if state.latest else {}),
        },
        status=400,
    )


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.visible_report(request.user, pk)
    versions = {v.number: v for v in queries.versions(report)}
    try:
        left, right = versions[int(request.GET["a"])], versions[int(request.GET["b"])]
    except (KeyError, ValueError):
        raise Http404 from None
    # HtmlDiff escapes the text itself.
    table = mark_safe(queries.side_by_side(left, right))
    return render(
        request,
        "reports/diff.html",
        {"report": report, "left": left, "right": right, "table": table, "versions": versions},
    )


@login_required
def chain_settings(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("hearing_organization"), pk=round_id)
    if not has_permission(request.user, "reports.view", round_.hearing_organization):
        raise Http404
    require(request.user, "reports.configure", round_.hearing_organization)
    steps = chain.steps_of(round_)
    if request.method == "POST":
        formset = ChainFormSet(request.POST)
        if formset.is_valid():
            rows = [
                (f.cleaned_data["label"], f.cleaned_data["role"], f.cleaned_data["scope"])
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.configure_chain(actor=signed_in_user(request), round=round_, steps=rows)
                messages.success(request, "审核流程已保存。")
                return redirect("reports:chain", round_id)
            except ValidationError as error:
                return render(
                    request,
                    "reports/chain.html",
                    {"round": round_, "formset": formset, "error": _message(error)},
                    status=400,
                )
        return render(
            request, "reports/chain.html", {"round": round_, "formset": formset}, status=400
        )
    formset = ChainFormSet(
        initial=[{"label": s.label, "role": s.role, "scope": s.scope} for s in steps]
    )
    return render(request, "reports/chain.html", {"round": round_, "formset": formset})
