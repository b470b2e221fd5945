"""Pages of 双述双评: the village rounds, one round (hearings, evaluations, assessors' scores,
ranking, 公示 and objections), one village's democratic evaluation, and the voters' phone
ballots (no account: by slip or by the roll)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.core.http import attachment
from shuzhi.core.slips import qr_svg, slip_list
from shuzhi.core.throttle import unlogged
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.workbook import WorkbookInvalid
from shuzhi.orgs.models import Person
from shuzhi.villages import dual, dual_queries, evaluation, throttle
from shuzhi.villages.dual_workbook import assessor_template, roll_template
from shuzhi.villages.forms import (
    AnswerForm,
    AssessorScoresForm,
    ElectorsForm,
    EvaluationForm,
    EvaluationTokensForm,
    HearingsForm,
    ObjectionForm,
    PublicObjectionForm,
    PublishForm,
    UploadForm,
    VillageRoundForm,
    form_errors,
)
from shuzhi.villages.models import ELECTOR_CHOICES, DemocraticEvaluation, VillageRound
from shuzhi.villages.rules import EvaluationMode


def _round(request: HttpRequest, round_id: int, permission: str = "villages.view") -> VillageRound:
    found = dual_queries.visible_round(request.user, round_id)
    if found is None:
        raise Http404  # another subtree's round is reported as missing
    require(request.user, permission, found.township)
    return found


def _evaluation(
    request: HttpRequest, evaluation_id: int, permission: str = "villages.view"
) -> DemocraticEvaluation:
    found = dual_queries.visible_evaluation(request.user, evaluation_id)
    if found is None:
        raise Http404
    require(request.user, permission, found.village_round.township)
    return found


@login_required
def rounds_home(request: HttpRequest) -> HttpResponse:
    require(request.user, "villages.view")
    user = signed_in_user(request)
    can_manage = has_permission(user, "villages.manage")
    context = {
        "village_rounds": list(dual_queries.visible_rounds(user)[:100]),
        "form": VillageRoundForm(rounds=dual_queries.open_candidates(user)) if can_manage else None,
    }
    return render(request, "villages/rounds.html", context)


@login_required
@require_POST
def create_round(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require(user, "villages.manage")
    form = VillageRoundForm(request.POST, rounds=dual_queries.open_candidates(user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = dual.create_village_round(
                actor=user,
                round=data["round"],
                assessor_weight=data["assessor_weight"],
                objection_days=data["objection_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("villages:round", created.pk)
    context = {"village_rounds": list(dual_queries.visible_rounds(user)[:100]), "form": form}
    return render(request, "villages/rounds.html", context, status=400)


def _render_round(
    request: HttpRequest, village_round: VillageRound, status: int = 200, **forms: Any
) -> HttpResponse:
    user = signed_in_user(request)
    page = dual_queries.round_page(village_round)
    villages = [row.village for row in page["rows"]]
    can_manage = has_permission(user, "villages.manage", village_round.township)
    published = village_round.published_on is not None
    if can_manage:
        defaults = {
            "upload_form": UploadForm(),
            "hearings_form": HearingsForm(),
            "evaluation_form": EvaluationForm(),
            "scores_form": AssessorScoresForm(villages=villages),
            "publish_form": PublishForm(),
            "objection_form": ObjectionForm(villages=villages),
            "answer_form": AnswerForm(),
        }
        forms = {**defaults, **forms}
    context = {
        "village_round": village_round,
        "can_manage": can_manage,
        "published": published,
        "errors": forms.pop("errors", []),
        "sheet_errors": forms.pop("sheet_errors", []),
        "public_url": _public_url(request, village_round) if published else "",
        **page,
        **forms,
    }
    return render(request, "villages/round.html", context, status=status)


@login_required
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    return _render_round(request, _round(request, round_id))


def _public_url(request: HttpRequest, village_round: VillageRound) -> str:
    key = dual_queries.public_key(village_round)
    return request.build_absolute_uri(reverse("villages:public-objection", args=[key]))


@login_required
def notice(request: HttpRequest, round_id: int) -> HttpResponse:
    """The 公示 notice to print and post in the villages: the ranking, the period, and the QR
    code of the public objection page."""
    village_round = _round(request, round_id)
    if village_round.published_on is None:
        raise Http404
    url = _public_url(request, village_round)
    context = {
        "village_round": village_round,
        "results": dual_queries.round_page(village_round)["results"],
        "public_url": url,
        "qr": qr_svg(url, scale=4),
    }
    return render(request, "villages/notice.html", context)


@login_required
def scores_template(request: HttpRequest, round_id: int) -> HttpResponse:
    village_round = _round(request, round_id, "villages.manage")
    content = assessor_template(dual_queries.round_villages(village_round))
    return attachment(content, f"{village_round.township.name}双述双评考评打分表.xlsx")


def _import_sheet(
    request: HttpRequest,
    run: Callable[[Any], str],
    failed: Callable[[list[str]], HttpResponse],
    done_url: str,
) -> HttpResponse:
    """Check the upload, run one all-or-nothing import service (``run`` returns what was done),
    and go back to ``done_url`` or show every error."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return failed(form_errors(form))
    try:
        done = run(form.cleaned_data["file"])
    except WorkbookInvalid as invalid:
        return failed([str(e) for e in invalid.errors])
    except ValidationError as error:
        return failed(error.messages)
    messages.success(request, done)
    return redirect(done_url)


@login_required
@require_POST
def import_scores(request: HttpRequest, round_id: int) -> HttpResponse:
    """The assessors' scores from the sheet, all or nothing."""
    village_round = _round(request, round_id, "villages.manage")
    user = signed_in_user(request)
    return _import_sheet(
        request,
        lambda file: (
            f"已导入 {dual.import_assessor_scores(actor=user, village_round=village_round, stream=file)} 项考评打分。"
        ),
        lambda errors: _render_round(request, village_round, 400, sheet_errors=errors),
        reverse("villages:round", args=[village_round.pk]),
    )


Action = Callable[[Any, VillageRound, dict[str, Any]], object]


def _act(
    request: HttpRequest,
    round_id: int,
    form_name: str,
    form: Any,
    action: Action,
    done: str,
) -> HttpResponse:
    """Validate ``form``, call one service, and go back to the round (or show the errors)."""
    village_round = _round(request, round_id, "villages.manage")
    user = signed_in_user(request)
    if form.is_valid():
        try:
            action(user, village_round, form.cleaned_data)
        except ValidationError as error:
            return _render_round(request, village_round, 400, errors=error.messages)
        messages.success(request, done)
        return redirect("villages:round", village_round.pk)
    return _render_round(request, village_round, 400, **{form_name: form})


@login_required
@require_POST
def convene_hearings(request: HttpRequest, round_id: int) -> HttpResponse:
    return _act(
        request,
        round_id,
        "hearings_form",
        HearingsForm(request.POST),
        lambda user, vr, data: dual.convene_hearings(
            actor=user, village_round=vr, held_on=data["held_on"]
        ),
        "已召开各村向党员群众述职会。",
    )


@login_required
@require_POST
def open_evaluations(request: HttpRequest, round_id: int) -> HttpResponse:
    return _act(
        request,
        round_id,
        "evaluation_form",
        EvaluationForm(request.POST),
        lambda user, vr, data: evaluation.open_evaluations(
            actor=user,
            village_round=vr,
            villages=[r.organization for r in dual.village_reporters(vr)],
            mode=data["mode"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        ),
        "已组织民主评议。",
    )


@login_required
@require_POST
def enter_scores(request: HttpRequest, round_id: int) -> HttpResponse:
    village_round = _round(request, round_id, "villages.manage")
    villages = [r.organization for r in dual.village_reporters(village_round)]
    form = AssessorScoresForm(request.POST, villages=villages)
    return _act(
        request,
        round_id,
        "scores_form",
        form,
        lambda user, vr, data: dual.enter_assessor_scores(
            actor=user,
            village_round=vr,
            kind=data["kind"],
            assessor=data["assessor"],
            scores=form.scores(),
        ),
        "已保存考评打分。",
    )


@login_required
@require_POST
def rank(request: HttpRequest, round_id: int) -> HttpResponse:
    return _act(
        request,
        round_id,
        "",
        forms.Form({}),
        lambda user, vr, data: dual.rank_villages(actor=user, village_round=vr),
        "已计算排名。",
    )


@login_required
@require_POST
def publish(request: HttpRequest, round_id: int) -> HttpResponse:
    return _act(
        request,
        round_id,
        "publish_form",
        PublishForm(request.POST),
        lambda user, vr, data: dual.publish_results(
            actor=user, village_round=vr, published_on=data["published_on"]
        ),
        "结果已公示。",
    )


@login_required
@require_POST
def record_objection(request: HttpRequest, round_id: int) -> HttpResponse:
    village_round = _round(request, round_id, "villages.manage")
    form = ObjectionForm(
        request.POST, villages=[r.organization for r in dual.village_reporters(village_round)]
    )
    return _act(
        request,
        round_id,
        "objection_form",
        form,
        lambda user, vr, data: dual.record_objection(
            actor=user,
            village_round=vr,
            raised_by=data["raised_by"],
            text=data["text"],
            raised_on=data["raised_on"],
            village=form.chosen_village(),
        ),
        "已登记异议。",
    )


@login_required
@require_POST
def answer_objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = dual_queries.visible_objection(request.user, objection_id)
    if objection is None:
        raise Http404
    return _act(
        request,
        objection.village_round_id,
        "answer_form",
        AnswerForm(request.POST),
        lambda user, vr, data: dual.answer_objection(
            actor=user, objection=objection, answer=data["answer"]
        ),
        "已答复异议。",
    )


@login_required
@require_POST
def finalize(request: HttpRequest, round_id: int) -> HttpResponse:
    return _act(
        request,
        round_id,
        "",
        forms.Form({}),
        lambda user, vr, data: dual.finalize(
            actor=user, village_round=vr, today=timezone.localdate()
        ),
        "结果已确定。",
    )


# --- One village's democratic evaluation -----------------------------------------------------


def _render_evaluation(
    request: HttpRequest, found: DemocraticEvaluation, status: int = 200, **extra: Any
) -> HttpResponse:
    user = signed_in_user(request)
    row = dual_queries.evaluation_rows(found.village_round)[found.village_id]
    can_manage = has_permission(user, "villages.manage", found.village_round.township)
    context = {
        "evaluation": found,
        "row": row,
        "can_manage": can_manage,
        "roll": found.mode == EvaluationMode.ROLL,
        "grade_labels": dict(EvaluationGrade.choices),
        "electors_form": ElectorsForm() if can_manage else None,
        "upload_form": UploadForm() if can_manage else None,
        "tokens_form": EvaluationTokensForm() if can_manage else None,
        **extra,
    }
    return render(request, "villages/evaluation.html", context, status=status)


@login_required
def evaluation_page(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    return _render_evaluation(request, _evaluation(request, evaluation_id))


@login_required
@require_POST
def add_electors(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(request, evaluation_id, "villages.manage")
    form = ElectorsForm(request.POST)
    if not form.is_valid():
        return _render_evaluation(request, found, 400, electors_form=form)
    codes = form.code_list()
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in people]
    if missing:
        form.add_error("codes", f"没有找到这些人员编码：{'、'.join(missing)}")
        return _render_evaluation(request, found, 400, electors_form=form)
    try:
        evaluation.add_electors(
            actor=signed_in_user(request),
            evaluation=found,
            people=[(people[c], form.cleaned_data["category"]) for c in codes],
        )
    except ValidationError as error:
        return _render_evaluation(request, found, 400, errors=error.messages)
    messages.success(request, "已加入名单。")
    return redirect("villages:evaluation", found.pk)


@login_required
def roll_template_download(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(request, evaluation_id, "villages.manage")
    if found.mode != EvaluationMode.ROLL:
        raise Http404  # a slip evaluation has no roll
    content = roll_template(dual_queries.roll_people(found))
    return attachment(content, f"{found.village.name}民主评议名单.xlsx")


@login_required
@require_POST
def import_roll(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The roll from the village's sheet, all or nothing."""
    found = _evaluation(request, evaluation_id, "villages.manage")
    user = signed_in_user(request)
    return _import_sheet(
        request,
        lambda file: (
            f"已导入名单，新加入 {evaluation.import_electors(actor=user, evaluation=found, stream=file)} 人。"
        ),
        lambda errors: _render_evaluation(request, found, 400, sheet_errors=errors),
        reverse("villages:evaluation", args=[found.pk]),
    )


@login_required
@require_POST
@never_cache
def issue_tokens(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The slips are shown once, here, shuffled; only their hashes are kept."""
    found = _evaluation(request, evaluation_id, "villages.manage")
    form = EvaluationTokensForm(request.POST)
    if not form.is_valid():
        return _render_evaluation(request, found, 400, tokens_form=form)
    try:
        tokens = evaluation.issue_tokens(
            actor=signed_in_user(request),
            evaluation=found,
            category=form.cleaned_data["category"],
            count=form.cleaned_data["count"],
        )
    except ValidationError as error:
        return _render_evaluation(request, found, 400, errors=error.messages)
    context = {
        "slips_title": f"{found.village.name} · 村“两委”班子民主评议",
        "slips": slip_list(request, "villages:token-ballot", tokens),
        "slips_meta": dict(ELECTOR_CHOICES)[form.cleaned_data["category"]],
    }
    response = render(request, "core/slips.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def count(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(request, evaluation_id, "villages.manage")
    try:
        evaluation.count_evaluation(actor=signed_in_user(request), evaluation=found)
    except ValidationError as error:
        return _render_evaluation(request, found, 400, errors=error.messages)
    messages.success(request, "已计票。")
    return redirect("villages:evaluation", found.pk)


# --- The voters' phone ballots (no account) ---------------------------------------------------


def _ballot(
    request: HttpRequest, found: DemocraticEvaluation, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "evaluation": found,
        "grades": EvaluationGrade.choices,
        "roll": found.mode == EvaluationMode.ROLL,
        "window": evaluation.window_message(found),
        **extra,
    }
    return render(request, "villages/ballot.html", context, status=status)


def _receipt(request: HttpRequest, receipt: evaluation.Receipt) -> HttpResponse:
    return render(request, "villages/receipt.html", {"receipt": receipt})


@never_cache
@csrf_protect
def token_ballot(request: HttpRequest, token: str) -> HttpResponse:
    if throttle.TOKEN.blocked(request):
        context = {"message": throttle.token_message()}
        return unlogged(render(request, "villages/ballot_invalid.html", context, status=429))
    found = evaluation.find_token(token)
    if found is None:
        throttle.TOKEN.failed(request)
        return unlogged(render(request, "villages/ballot_invalid.html", status=404))
    if request.method == "POST":
        grade = request.POST.get("grade", "")
        try:
            receipt = evaluation.vote_with_token(raw_token=token, grade=grade)
        except ValidationError as error:
            return _ballot(request, found.evaluation, 400, errors=error.messages, chosen=grade)
        return _receipt(request, receipt)
    return _ballot(request, found.evaluation)


@never_cache
@csrf_protect
def roll_ballot(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    found = get_object_or_404(
        DemocraticEvaluation.objects.select_related("village"),
        pk=evaluation_id,
        mode=EvaluationMode.ROLL,
    )
    if request.method == "POST":
        posted = {k: request.POST.get(k, "").strip() for k in ("name", "person_code", "grade")}
        kept = {
            "chosen": posted["grade"],
            "name": posted["name"],
            "person_code": posted["person_code"],
        }
        if throttle.ROLL.blocked(request, found.pk):
            return unlogged(_ballot(request, found, 429, errors=[throttle.roll_message()], **kept))
        try:
            receipt = evaluation.vote_by_roll(
                evaluation=found,
                name=posted["name"],
                code=posted["person_code"],
                grade=posted["grade"],
            )
        except ValidationError as error:
            if isinstance(error, evaluation.UnknownVoter):
                throttle.ROLL.failed(request, found.pk)
            return _ballot(request, found, 400, errors=error.messages, **kept)
        return _receipt(request, receipt)
    return _ballot(request, found)


# --- Objections filed by the public during 公示 (no account) ---------------------------------


def _objection_page(
    request: HttpRequest,
    village_round: VillageRound,
    form: PublicObjectionForm,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    context = {
        "village_round": village_round,
        "form": form,
        "closed": dual.objection_window(village_round, timezone.localdate()),
        "errors": errors or [],
    }
    return render(request, "villages/public_objection.html", context, status=status)


@never_cache
@csrf_protect
def public_objection(request: HttpRequest, key: str) -> HttpResponse:
    """The page a party member or a member of the masses reaches from the posted result (its QR
    code) to file an objection with real name and contact. It shows nobody else's objections."""
    village_round = dual_queries.public_round(key)
    if village_round is None:
        raise Http404
    villages = dual_queries.posted_villages(village_round)
    if request.method != "POST":
        return _objection_page(request, village_round, PublicObjectionForm(villages=villages))
    form = PublicObjectionForm(request.POST, villages=villages)
    if throttle.OBJECTION.blocked(request, village_round.pk):
        page = _objection_page(request, village_round, form, 429, [throttle.objection_message()])
        return unlogged(page)
    if not form.is_valid():
        return _objection_page(request, village_round, form, 400)
    data = form.cleaned_data
    try:
        filed = dual.file_objection(
            village_round=village_round,
            name=data["name"],
            contact=data["contact"],
            filer_kind=data["filer_kind"],
            text=data["text"],
            village=form.chosen_village(),
        )
    except ValidationError as error:
        return _objection_page(request, village_round, form, 400, error.messages)
    throttle.OBJECTION.failed(request, village_round.pk)  # every filing counts here
    context = {"village_round": village_round, "objection": filed}
    return render(request, "villages/objection_receipt.html", context)
