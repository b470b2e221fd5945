"""Reads for the report pages, scoped along the organisation tree."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core.home import Todo
from shuzhi.reports import chain
from shuzhi.reports.checking import prior_items
from shuzhi.reports.checks import PriorItem
from shuzhi.reports.models import (
    DutyReport,
    FindingObjection,
    ReportVersion,
    ReviewChainStep,
    ReviewStep,
    VersionState,
)
from shuzhi.rounds.models import Reporter, Round


def visible_reporters(user: Any, round_id: int | None = None) -> QuerySet[Reporter]:
    """Reporters (with their report, if started) in the user's scope, newest rounds first."""
    reporters = (
        Reporter.objects.filter(scope_filter(user, "reports.view", "organization__path"))
        .select_related("round", "organization", "person", "duty_report")
        .order_by("-round__year", "round_id", "speaking_order", "organization__path")
    )
    if round_id is not None:
        reporters = reporters.filter(round_id=round_id)
    return reporters


def visible_rounds(user: Any) -> QuerySet[Round]:
    ids = visible_reporters(user).values("round_id")
    return Round.objects.filter(pk__in=ids).order_by("-year", "name")


def visible_report(user: Any, pk: int) -> DutyReport:
    """The report, or 404 if it does not exist or lies outside the user's subtree."""
    report = (
        DutyReport.objects.filter(pk=pk)
        .select_related("round__hearing_organization", "organization", "reporter__person")
        .first()
    )
    if report is None or not has_permission(user, "reports.view", report.organization):
        raise Http404
    return report


def visible_reporter(user: Any, pk: int) -> Reporter:
    reporter = (
        Reporter.objects.filter(pk=pk).select_related("organization", "round", "person").first()
    )
    if reporter is None or not has_permission(user, "reports.view", reporter.organization):
        raise Http404
    return reporter


@dataclass(frozen=True)
class ReviewState:
    """Where a report stands in its chain, and what the viewing user may do there."""

    steps: list[ReviewChainStep]
    latest: ReportVersion | None
    decisions: list[ReviewStep]
    next_step: ReviewChainStep | None
    can_decide: bool
    already_signed: bool


def review_state(user: Any, report: DutyReport) -> ReviewState:
    steps = chain.steps_of(report.round)
    latest = (
        report.versions.order_by("-number")
        .prefetch_related(
            Prefetch("decisions", queryset=ReviewStep.objects.select_related("signed_by"))
        )
        .first()
    )
    decisions = list(latest.decisions.all()) if latest else []
    next_step = None
    if (
        latest is not None
        and latest.state == VersionState.UNDER_REVIEW
        and len(decisions) < len(steps)
    ):
        next_step = steps[len(decisions)]
    signed = any(d.signed_by_id == user.pk for d in decisions)
    can = (
        next_step is not None
        and not signed
        and has_permission(user, "reports.review", report.organization)
        and chain.may_act(user, next_step, report.round)
        and not (user.person_id is not None and user.person_id == report.reporter.person_id)
    )
    return ReviewState(steps, latest, decisions, next_step, can, signed)


def versions(report: DutyReport) -> list[ReportVersion]:
    return list(
        report.versions.order_by("number")
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("decisions", queryset=ReviewStep.objects.select_related("signed_by"))
        )
    )


def items_to_answer(report: DutyReport) -> list[PriorItem]:
    return prior_items(report)


def side_by_side(left: ReportVersion, right: ReportVersion) -> str:
    """An HTML table (difflib, escaped by it) comparing two versions line by line."""
    differ = difflib.HtmlDiff(tabsize=2, wrapcolumn=36)
    return differ.make_table(
        left.text.splitlines(),
        right.text.splitlines(),
        fromdesc=f"第 {left.number} 版",
        todesc=f"第 {right.number} 版",
        context=False,
    )


def awaiting_my_review(user: Any) -> list[int]:
    """Ids of the reports whose next review step is the user's to decide (not their own, not
    already signed by them): a query for the versions, one per round for its chain."""
    if not has_permission(user, "reports.review"):
        return []
    pending = (
        ReportVersion.objects.filter(state=VersionState.UNDER_REVIEW)
        .filter(scope_filter(user, "reports.review", "report__organization__path"))
        .exclude(decisions__signed_by=user)
        .annotate(decided=Count("decisions"))
        .select_related("report__round__hearing_organization", "report__reporter")
    )
    person_id = getattr(user, "person_id", None)
    chains: dict[int, list[ReviewChainStep]] = {}
    allowed: dict[tuple[int, int], bool] = {}
    ids = []
    for version in pending:
        report = version.report
        if person_id is not None and report.reporter.person_id == person_id:
            continue
        if report.round_id not in chains:
            chains[report.round_id] = chain.steps_of(report.round)
        steps = chains[report.round_id]
        if version.decided >= len(steps):
            continue
        key = (report.round_id, version.decided)
        if key not in allowed:
            allowed[key] = chain.may_act(user, steps[version.decided], report.round)
        if allowed[key]:
            ids.append(report.pk)
    return ids


def home_todos(user: Any, today: date) -> list[Todo]:
    """The home page's count of reports waiting for the user's review."""
    if not has_permission(user, "reports.review"):
        return []
    url = reverse("reports:list") + "?todo=review"
    return [Todo("待我审核的述职报告", len(awaiting_my_review(user)), url, order=10)]


def objections_to_review(user: Any, round_id: int | None = None) -> QuerySet[FindingObjection]:
    """Every objection on a report in the user's review scope (of one round if given), oldest
    first, with what the export shows in a fixed number of queries."""
    found = (
        FindingObjection.objects.filter(
            scope_filter(user, "reports.review", "report__organization__path")
        )
        .select_related("report__round", "report__organization", "version", "created_by")
        .order_by("report__round_id", "report__organization__path", "created_at", "pk")
    )
    if round_id is not None:
        found = found.filter(report__round_id=round_id)
    return found


def objections(report: DutyReport) -> list[FindingObjection]:
    """The secretary's objections to the automatic findings, newest first (for the reviewers)."""
    return list(report.objections.select_related("created_by"))
