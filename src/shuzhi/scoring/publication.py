"""Publishing a round's results (公示): freeze them, post a notice for a period, and ask
rectification to interview the bottom-ranked (末位约谈)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record, snapshot
from shuzhi.core.events import InterviewRequired, InterviewsRequired, interviews_required
from shuzhi.core.vocabulary.interviews import InterviewReason
from shuzhi.rounds.models import Round
from shuzhi.scoring.models import Computation, Publication, Result


@transaction.atomic
def publish_results(
    *, actor: User, round: Round, starts_on: date, ends_on: date, notice: str = ""
) -> Publication:
    """Freeze the latest computed results and post them from ``starts_on`` to ``ends_on``."""
    require(actor, "scoring.publish", round.hearing_organization)
    if Publication.objects.filter(round=round).exists():
        raise ValidationError("本轮结果已经公示。")
    if ends_on < starts_on:
        raise ValidationError("公示结束日期不能早于开始日期。")
    latest = Computation.objects.filter(round=round).first()
    if latest is None or latest.status != Computation.Status.DONE:
        raise ValidationError("请先完成计算，再公示结果。")
    results = list(
        Result.objects.filter(round=round).select_related("reporter__person", "reporter")
    )
    if not results:
        raise ValidationError("没有可公示的结果。")
    publication = Publication.objects.create(
        round=round,
        frozen_at=timezone.now(),
        starts_on=starts_on,
        ends_on=ends_on,
        notice=notice,
        published_by=actor,
    )
    record(
        actor=actor,
        action="scoring.publication.publish",
        target=round,
        organization=round.hearing_organization,
        after={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "results": len(results),
            "computation": latest.pk,
        },
    )
    interviews = [
        InterviewRequired(
            organization_id=r.reporter.organization_id,
            person_id=r.reporter.person_id,
            round_id=round.pk,
            reason=InterviewReason.BOTTOM_RANK,
            detail=f"{r.peer_group}第 {r.rank} 名（共 {r.group_size} 名）",
        )
        for r in results
        if r.interview
    ]
    if interviews:
        interviews_required.publish(InterviewsRequired(tuple(interviews)))
    return publication


@transaction.atomic
def amend_publication(
    *, actor: User, round: Round, starts_on: date, ends_on: date, notice: str, reason: str
) -> Publication:
    """Change the notice period or text of a published round; frozen, so a reason is required."""
    require(actor, "scoring.publish", round.hearing_organization)
    publication = Publication.objects.select_for_update().filter(round=round).first()
    if publication is None:
        raise ValidationError("本轮结果尚未公示。")
    if not reason.strip():
        raise ValidationError("结果已公示冻结，修改必须填写理由。")
    if ends_on < starts_on:
        raise ValidationError("公示结束日期不能早于开始日期。")
    fields = ["starts_on", "ends_on", "notice"]
    before = snapshot(publication, fields)
    publication.starts_on, publication.ends_on, publication.notice = starts_on, ends_on, notice
    publication.save(update_fields=fields)
    record(
        actor=actor,
        action="scoring.publication.amend",
        target=round,
        organization=round.hearing_organization,
        before=before,
        after=snapshot(publication, fields),
        reason=reason.strip(),
    )
    return publication


def publication_of(round: Round) -> Publication | None:
    return Publication.objects.filter(round=round).first()


def is_on_notice(publication: Publication, today: date) -> bool:
    return publication.starts_on <= today <= publication.ends_on
