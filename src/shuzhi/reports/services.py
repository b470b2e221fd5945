"""Drafting, submitting and reviewing duty reports. Each function is one user action, in one
transaction, permission checked here, audited."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.accounts.roles import Role
from shuzhi.audit.services import record
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.core.workbook import ArchiveRefused
from shuzhi.reports import chain
from shuzhi.reports.checking import Draft
from shuzhi.reports.checks import SECTION_LABELS, SECTIONS, Category, Signature
from shuzhi.reports.checks.copying import hasher_for
from shuzhi.reports.checks.text import counted_length
from shuzhi.reports.conf import check_settings
from shuzhi.reports.documents import UnreadableDocument, read_docx, split_items
from shuzhi.reports.models import (
    GATES,
    SECTION_CHOICES,
    Decision,
    DutyReport,
    FindingObjection,
    Mode,
    PassageBucket,
    ReportStatus,
    ReportVersion,
    ReviewChainStep,
    ReviewStep,
    StepScope,
    VersionState,
)
from shuzhi.rounds.models import Reporter, Round

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
MIN_REPORT_CHARS = 200


def open_report(*, actor: User, reporter: Reporter) -> DutyReport:
    """The reporter's report, started as an empty draft the first time its secretary opens it."""
    if not chain.may_draft(actor, reporter.organization, reporter.person_id):
        raise PermissionDenied("reports.draft")
    report, created = DutyReport.objects.get_or_create(
        reporter=reporter,
        defaults={"round_id": reporter.round_id, "organization_id": reporter.organization_id},
    )
    if created:
        record(
            actor=actor,
            action="reports.report.open",
            target=report,
            organization=reporter.organization,
        )
    return report


def _editable(actor: User, report: DutyReport) -> None:
    if not chain.may_draft(actor, report.organization, report.reporter.person_id):
        raise PermissionDenied("reports.draft")
    if report.status not in EDITABLE:
        raise ValidationError("报告已提交审核，审核结束前不能修改。")


@transaction.atomic
def save_draft(
    *,
    actor: User,
    report: DutyReport,
    sections: Mapping[str, str],
    answers: Mapping[str, str],
    mode: str = Mode.STRUCTURED,
) -> DutyReport:
    """Keep the secretary's draft (sections and answers to last year's items)."""
    report = (
        DutyReport.objects.select_for_update()
        .select_related("organization", "reporter")
        .get(pk=report.pk)
    )
    _editable(actor, report)
    if mode not in Mode.values:
        raise ValidationError("撰写方式不正确。")
    for name in report.sections():
        setattr(report, name, (sections.get(name) or "").strip())
    report.answers = {
        key: value.strip() for key, value in answers.items() if value and value.strip()
    }
    report.mode = mode
    report.save()
    record(
        actor=actor, action="reports.report.save", target=report, organization=report.organization
    )
    return report


MAX_UPLOAD_BYTES = 10 * 2**20
MAX_REPORT_CHARS = 100_000


@transaction.atomic
def upload_document(*, actor: User, report: DutyReport, stream: IO[bytes], name: str) -> DutyReport:
    """Take an uploaded .docx (or .txt) as the report's text; the checks read it by headings."""
    report = (
        DutyReport.objects.select_for_update()
        .select_related("organization", "reporter")
        .get(pk=report.pk)
    )
    _editable(actor, report)
    content = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件超过 {MAX_UPLOAD_BYTES // 2**20} MB，请压缩图片或只上传正文。")
    try:
        if name.lower().endswith(".txt"):
            text = content.decode("utf-8")
        elif name.lower().endswith(".docx"):
            text = read_docx(io.BytesIO(content))
        else:
            raise ValidationError("只能上传 .docx 或 .txt 文件。")
    except ArchiveRefused as refused:
        raise ValidationError(str(refused)) from None
    except (UnreadableDocument, UnicodeDecodeError):
        raise ValidationError(
            "文件无法读取，请确认是 Word（.docx）文档或 UTF-8 编码的文本。"
        ) from None
    if not text.strip():
        raise ValidationError("文档没有正文。")
    if len(text) > MAX_REPORT_CHARS:
        # A duty report runs to a few thousand characters; far more is the wrong file.
        raise ValidationError(f"文档正文超过 {MAX_REPORT_CHARS} 字，请确认上传的是述职报告。")
    report.mode = Mode.UPLOADED
    report.uploaded_text = text
    report.uploaded_name = name[:200]
    report.save()
    record(
        actor=actor,
        action="reports.report.upload",
        target=report,
        organization=report.organization,
        after={"name": name},
    )
    return report


def index_version(version: ReportVersion) -> None:
    """Store the version's copy signature and make it the report's entry in the LSH index."""
    settings = check_settings()
    signature = Signature.of(version.text, settings)
    version.passage_spans = [[p.start, p.end] for p in signature.passages]
    version.minhashes = signature.to_bytes()
    version.save(update_fields=["passage_spans", "minhashes"])
    PassageBucket.objects.filter(version__report_id=version.report_id).delete()
    keys = hasher_for(settings).band_keys(signature.minhashes)
    PassageBucket.objects.bulk_create(
        [
            PassageBucket(version=version, passage=number, bucket=bucket)
            for number, row in enumerate(keys.tolist())
            for bucket in row
        ],
        batch_size=2000,
    )


@transaction.atomic
def rebuild_copy_index() -> int:
    """The copy index built anew from every report's latest version (after a change of the
    MinHash settings, or to check the incremental one); returns the versions indexed.
    Submitting keeps the index up to date one report at a time, so no check needs this."""
    PassageBucket.objects.all().delete()
    newest = (
        ReportVersion.objects.filter(report_id=OuterRef("report_id"))
        .order_by("-number")
        .values("pk")[:1]
    )
    latest = ReportVersion.objects.filter(pk=Subquery(newest)).order_by("pk")
    count = 0
    for version in latest.iterator(chunk_size=500):
        index_version(version)
        count += 1
    return count


@transaction.atomic
def submit(*, actor: User, report: DutyReport) -> ReportVersion:
    """Freeze the draft as a new version and start the chain at step 1 (also after a return)."""
    report = (
        DutyReport.objects.select_for_update()
        .select_related("organization", "reporter")
        .get(pk=report.pk)
    )
    _editable(actor, report)
    draft = Draft.of_report(report)
    document = draft.document()
    if counted_length(document.text) < MIN_REPORT_CHARS:
        raise ValidationError(f"报告正文不足 {MIN_REPORT_CHARS} 字，不能提交。")
    if draft.mode == Mode.STRUCTURED:
        missing = [SECTION_LABELS[c] for c in SECTIONS if not draft.sections.get(c.value)]
        if missing:
            raise ValidationError("以下栏目尚未填写：" + "、".join(missing) + "。")
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        mode=draft.mode,
        sections=draft.sections,
        text=document.text,
        answers=draft.answers,
        submitted_by=actor,
    )
    index_version(version)
    report.status = ReportStatus.UNDER_REVIEW
    report.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="reports.report.submit",
        target=report,
        organization=report.organization,
        after={"version": number},
    )
    return version


def latest_version(report: DutyReport) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


@transaction.atomic
def decide(
    *, actor: User, report: DutyReport, decision: str, reasons: str = "", gates: Sequence[str] = ()
) -> ReviewStep:
    """Sign the next step of the latest version: pass (all four gates) or return (with reasons).

    Steps go strictly in order; one person signs at most one step of a version; a return sends
    the report back to its secretary, and the resubmitted version starts again at step 1.
    """
    report = (
        DutyReport.objects.select_for_update()
        .select_related("round__hearing_organization", "reporter")
        .get(pk=report.pk)
    )
    require(actor, "reports.review", report.organization)
    version = latest_version(report)
    if version is None or version.state != VersionState.UNDER_REVIEW:
        raise ValidationError("该报告当前没有待审核的版本。")
    steps = chain.steps_of(report.round)
    done = version.decisions.count()
    step = steps[done]
    if not chain.may_act(actor, step, report.round):
        raise PermissionDenied(f"您不是「{step.label}」环节的审核人。")
    if actor.person_id is not None and actor.person_id == report.reporter.person_id:
        raise PermissionDenied("不能审核本人的述职报告。")
    if version.decisions.filter(signed_by=actor).exists():
        raise ValidationError("同一版本的报告，每人只能签署一个审核环节。")
    reasons = reasons.strip()
    if decision not in Decision.values:
        raise ValidationError("请选择通过或退回。")
    unknown = set(gates) - set(GATES)
    if unknown:
        raise ValidationError("审核要点不正确。")
    if decision == Decision.PASS and set(gates) != set(GATES):
        missing = "、".join(label for name, label in GATES.items() if name not in gates)
        raise ValidationError(f"通过须逐项确认四个要点，尚未确认：{missing}。")
    if decision == Decision.RETURN and not reasons:
        raise ValidationError("退回须写明理由。")
    try:
        with transaction.atomic():
            signed = ReviewStep.objects.create(
                version=version,
                position=step.position,
                label=step.label,
                decision=decision,
                reasons=reasons,
                signed_by=actor,
                **{name: name in gates for name in GATES},
            )
    except IntegrityError:
        raise ValidationError("该环节已有人签署，请刷新页面。") from None
    if decision == Decision.RETURN:
        version.state = VersionState.RETURNED
        report.status = ReportStatus.RETURNED
    elif step.position == steps[-1].position:
        version.state = VersionState.PASSED
        report.status = ReportStatus.PASSED
    version.save(update_fields=["state"])
    report.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action=f"reports.review.{decision}",
        target=report,
        organization=report.organization,
        after={
            "version": version.number,
            "step": step.position,
            "label": step.label,
            "gates": sorted(gates),
        },
        reason=reasons,
    )
    if report.status == ReportStatus.PASSED:
        _raise_problems(report, version)
    return signed


def _raise_problems(report: DutyReport, version: ReportVersion) -> None:
    """Hand the passed report's own problems (自己找) to rectification."""
    problems = Draft.of_version(version).document().section_text(Category.PROBLEMS)
    raised = ProblemsRaised.numbered(
        split_items(problems),
        organization_id=report.organization_id,
        source=ProblemSource.SELF,
        year=report.round.year,
        round_id=report.round_id,
        raised_by_id=version.submitted_by_id,
        reference=f"report:{report.pk}",
    )
    if raised.problems:
        problems_raised.publish(raised)


@transaction.atomic
def configure_chain(
    *, actor: User, round: Round, steps: Sequence[tuple[str, str, str]]
) -> list[ReviewChainStep]:
    """Replace the round's chain; refused while any report of the round is under review."""
    require(actor, "reports.configure", round.hearing_organization)
    if not steps:
        raise ValidationError("审核流程至少需要一个环节。")
    for label, role, scope in steps:
        if not label.strip() or role not in Role.values or scope not in StepScope.values:
            raise ValidationError("审核环节的名称、角色或所在组织不正确。")
    if ReportVersion.objects.filter(report__round=round, state=VersionState.UNDER_REVIEW).exists():
        raise ValidationError("本轮有报告正在审核，不能修改审核流程。")
    before = [(s.label, s.role, s.scope) for s in ReviewChainStep.objects.filter(round=round)]
    ReviewChainStep.objects.filter(round=round).delete()
    created = [
        ReviewChainStep.objects.create(
            round=round, position=n, label=label.strip(), role=role, scope=scope
        )
        for n, (label, role, scope) in enumerate(steps, 1)
    ]
    record(
        actor=actor,
        action="reports.chain.configure",
        target=round,
        organization=round.hearing_organization,
        before={"steps": before},
        after={"steps": [list(s) for s in steps]},
    )
    return created


# The rules a secretary may object to (every check's finding names its rule).
CHECK_RULES = {
    "shares",
    "placeholders",
    "density",
    "examples",
    "phrases",
    "copying",
    "responsiveness",
    "first_person",
    "causes",
    "pairing",
    "record_figures",
}
MAX_OBJECTION_CHARS = 2000


@transaction.atomic
def object_to_finding(
    *,
    actor: User,
    report: DutyReport,
    rule: str,
    text: str,
    reason: str,
    start: int = 0,
    end: int = 0,
    section: str = "",
    note: str = "",
    correct_section: str = "",
) -> FindingObjection:
    """The secretary marks an automatic finding about one sentence as wrong, saying why."""
    if not chain.may_draft(actor, report.organization, report.reporter.person_id):
        raise PermissionDenied("reports.draft")
    text, reason = text.strip(), reason.strip()
    if rule not in CHECK_RULES:
        raise ValidationError("检查项不正确。")
    if not reason:
        raise ValidationError("请写明为什么这条检查结果不对。")
    if not text or len(text) > MAX_OBJECTION_CHARS or len(reason) > MAX_OBJECTION_CHARS:
        raise ValidationError(f"所指句子和理由均须填写，且不超过 {MAX_OBJECTION_CHARS} 字。")
    if correct_section and correct_section not in dict(SECTION_CHOICES):
        raise ValidationError("应属部分不正确。")
    version = latest_version(report)
    draft = Draft.of_version(version) if version else Draft.of_report(report)
    # The sentence must be the report's own (or one of its answers), not any text at all.
    if text not in draft.document().text and not any(text in a for a in draft.answers.values()):
        raise ValidationError("所指句子不在本报告中，请刷新页面后再标记。")
    objection = FindingObjection.objects.create(
        report=report,
        version=version,
        rule=rule,
        text=text,
        start=max(start, 0),
        end=max(end, 0),
        section=section[:20],
        note=note[:300],
        reason=reason,
        correct_section=correct_section,
        created_by=actor,
    )
    record(
        actor=actor,
        action="reports.finding.object",
        target=report,
        organization=report.organization,
        after={"rule": rule, "text": text[:200], "correct_section": correct_section},
        reason=reason,
    )
    return objection
