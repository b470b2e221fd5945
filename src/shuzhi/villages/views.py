"""Pages of the 100-point village assessment: list, results, import, township pay sheets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.orgs.models import Organization
from shuzhi.villages import queries, services
from shuzhi.villages.forms import AssessmentForm, UploadForm
from shuzhi.villages.models import VillageAssessment, VillageScore
from shuzhi.villages.rules import SignOffLevel, VillageClass
from shuzhi.villages.workbook import assessment_template, pay_sheet


def _assessment(
    request: HttpRequest, assessment_id: int, permission: str = "villages.view"
) -> VillageAssessment:
    assessment = queries.visible_assessment(request.user, assessment_id)
    if assessment is None:
        raise Http404  # another subtree's assessment is reported as missing
    require(request.user, permission, assessment.organization)
    return assessment


def _township(
    request: HttpRequest, assessment_id: int, code: str
) -> tuple[VillageAssessment, Organization]:
    township = queries.visible_organization(request.user, code)
    assessment = (
        VillageAssessment.objects.select_related("organization").filter(pk=assessment_id).first()
    )
    if (
        township is None
        or assessment is None
        or not VillageScore.objects.filter(assessment=assessment, township=township).exists()
    ):
        raise Http404
    return assessment, township


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, "villages.view")
    user = signed_in_user(request)
    can_manage = has_permission(user, "villages.manage")
    context = {
        "assessments": list(queries.visible_assessments(user)[:50]),
        "township_assessments": list(queries.township_assessments(user)[:20]),
        "form": AssessmentForm(user=user) if can_manage else None,
        "can_manage": can_manage,
    }
    return render(request, "villages/home.html", context)


@login_required
@require_POST
def create_assessment(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require(user, "villages.manage")
    form = AssessmentForm(request.POST, user=user)
    if form.is_valid():
        try:
            assessment = services.create_assessment(
                actor=user,
                organization=form.cleaned_data["organization_code"],
                year=form.cleaned_data["year"],
                top_n=form.cleaned_data["top_n"],
                prize_amount=form.cleaned_data["prize_amount"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("villages:assessment", assessment.pk)
    context = {"assessments": [], "township_assessments": [], "form": form, "can_manage": True}
    return render(request, "villages/home.html", context, status=400)


def _render_assessment(
    request: HttpRequest, assessment: VillageAssessment, **extra: object
) -> HttpResponse:
    can_manage = has_permission(request.user, "villages.manage", assessment.organization)
    context = {
        "page": queries.assessment_page(assessment),
        "can_manage": can_manage,
        "upload_form": extra.pop("upload_form", UploadForm()) if can_manage else None,
        "class_labels": dict(VillageClass.choices),
        **extra,
    }
    return render(
        request, "villages/assessment.html", context, status=400 if "errors" in extra else 200
    )


@login_required
def assessment_page(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _render_assessment(request, _assessment(request, assessment_id))


@login_required
@require_POST
def import_assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "villages.manage")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_assessment(request, assessment, upload_form=form, errors=[])
    try:
        counts = services.import_assessment(
            actor=signed_in_user(request), assessment=assessment, stream=form.cleaned_data["file"]
        )
    except WorkbookInvalid as invalid:
        return _render_assessment(request, assessment, errors=[str(e) for e in invalid.errors])
    except ValidationError as error:
        return _render_assessment(request, assessment, errors=error.messages)
    messages.success(
        request, f"已导入 {counts['villages']} 个村（社区）、{counts['members']} 名两委成员"
    )
    return redirect("villages:assessment", assessment.pk)


@login_required
@require_POST
def compute_assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "villages.manage")
    try:
        services.compute_assessment(actor=signed_in_user(request), assessment=assessment)
    except ValidationError as error:
        return _render_assessment(request, assessment, errors=error.messages)
    messages.success(request, "已计算排名、类别、十佳和绩效报酬")
    return redirect("villages:assessment", assessment.pk)


@login_required
def template_download(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "villages.manage")
    content = assessment_template(queries.assessment_villages(assessment))
    return attachment(content, f"{assessment.year}年百分制考评导入模板.xlsx")


@login_required
def township_page(request: HttpRequest, assessment_id: int, code: str) -> HttpResponse:
    assessment, township = _township(request, assessment_id, code)
    user = request.user
    context = {
        "assessment": assessment,
        "township": township,
        "lines": queries.pay_lines(assessment, township),
        "sign_offs": queries.sign_offs(assessment, township),
        "can_sign_township": has_permission(user, "villages.sign_off", township),
        "can_sign_county": has_permission(user, "villages.sign_off", assessment.organization),
        "levels": SignOffLevel,
    }
    return render(request, "villages/township.html", context)


@login_required
def pay_sheet_download(request: HttpRequest, assessment_id: int, code: str) -> HttpResponse:
    assessment, township = _township(request, assessment_id, code)
    content = pay_sheet(
        queries.pay_lines(assessment, township),
        title=f"{township.name}{assessment.year}年村干部绩效报酬发放表",
        unit=assessment.organization.name,
        made_on=timezone.localdate(),
        sign_offs=queries.sign_offs(assessment, township),
    )
    return attachment(content, f"{township.name}{assessment.year}年绩效报酬发放表.xlsx")


@login_required
@require_POST
def sign_pay_sheet(request: HttpRequest, assessment_id: int, code: str, level: str) -> HttpResponse:
    assessment, township = _township(request, assessment_id, code)
    if level not in SignOffLevel.values:
        raise Http404
    try:
        services.sign_pay_sheet(
            actor=signed_in_user(request), assessment=assessment, township=township, level=level
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{SignOffLevel(level).label}已签署")
    return redirect("villages:township", assessment.pk, township.code)
