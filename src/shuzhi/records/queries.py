"""What the records pages need, in a bounded number of queries: a secretary's progress
against the round's targets, the subtree's secretaries who are behind, and the round's
records source with its breakdown (the answer scoring asks for)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from shuzhi.accounts.access import root_paths, scope_filter
from shuzhi.core.events import RecordsLine, RecordsScore, WorkRecordFigure
from shuzhi.orgs.choices import PostRole
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.orgs.queries import subtree_filter
from shuzhi.orgs.tree import ancestor_paths
from shuzhi.records import rules
from shuzhi.records.models import (
    JointMeeting,
    MeritRecord,
    MeritRule,
    RecordsSettings,
    WorkLog,
    WorkTarget,
)
from shuzhi.records.rules import MeritStatus
from shuzhi.records.services import stored_targets, to_target
from shuzhi.rounds.models import Period, Reporter, Round


def visible_organization(
    user: Any, code: str, permission: str = "records.view"
) -> Organization | None:
    return Organization.objects.filter(scope_filter(user, permission), code=code).first()


def period_range(round: Round) -> tuple[date, date]:
    """The days a round's records cover: its year, or its half for a half-year round."""
    start, end = date(round.year, 1, 1), date(round.year + 1, 1, 1)
    if round.period == Period.FIRST_HALF:
        end = date(round.year, 7, 1)
    elif round.period == Period.SECOND_HALF:
        start = date(round.year, 7, 1)
    return start, end


def round_for(organization: Organization, year: int) -> Round | None:
    """The round the organisation reports in that year (the annual one first)."""
    rounds = Round.objects.filter(reporters__organization=organization, year=year)
    return rounds.filter(period=Period.ANNUAL).first() or rounds.order_by("-period").first()


def formula_of(round: Round) -> rules.Formula:
    found = RecordsSettings.objects.filter(round=round).first()
    return rules.Formula(found.base, found.completion_weight) if found else rules.Formula()


# --- One secretary's progress ----------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    target: rules.Target
    label: str
    achieved: Decimal
    expected: Decimal
    percent: int

    @property
    def behind(self) -> bool:
        return self.achieved < self.expected


@dataclass
class Progress:
    organization: Organization
    year: int
    round: Round | None
    targets: list[TargetProgress]
    percent: int
    behind: bool
    # Cumulative achievement at each month's end, per target (for the chart).
    months: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float], float]] = field(default_factory=list)


def _entry(row: WorkLog) -> rules.Entry:
    place = row.place_organization.code if row.place_organization else ""
    return rules.Entry(row.kind, row.occurred_on, row.days, place)


def progress_of(organization: Organization, year: int, today: date) -> Progress:
    """The organisation's secretary's record against the year's targets, month by month."""
    round = round_for(organization, year)
    targets = stored_targets(round)
    logs = WorkLog.objects.filter(organization=organization, occurred_on__year=year).select_related(
        "place_organization"
    )
    entries = [_entry(row) for row in logs]
    tallies = rules.tally(entries)
    rows = [
        TargetProgress(
            target=t,
            label=rules.describe_target(t),
            achieved=rules.achieved(t, tallies.get(t.kind)),
            expected=rules.expected_by(t, today, year).quantize(Decimal("0.1")),
            percent=int(rules.completion(t, tallies.get(t.kind)) * 100),
        )
        for t in targets
    ]
    overall = rules.overall_completion(targets, tallies)
    months = [f"{m}月" for m in range(1, 13)]
    series = []
    for t in targets:
        points = []
        for month in range(1, 13):
            so_far = rules.tally(e for e in entries if e.occurred_on.month <= month)
            points.append(float(rules.achieved(t, so_far.get(t.kind))))
        series.append((rules.describe_target(t), points, float(t.minimum)))
    return Progress(
        organization=organization,
        year=year,
        round=round,
        targets=rows,
        percent=int(overall * 100),
        behind=rules.is_behind(targets, tallies, today, year),
        months=months,
        series=series,
    )


def logs_of(organization: Organization, year: int) -> QuerySet[WorkLog]:
    return WorkLog.objects.filter(organization=organization, occurred_on__year=year).select_related(
        "person", "place_organization", "confirmed_by"
    )


# --- The subtree's secretaries: who is behind -------------------------------------------------


@dataclass(frozen=True)
class SecretaryRow:
    organization: Organization
    person: Person
    percent: int
    behind: bool
    details: list[str]


def _targets_by_organization(orgs: Q, year: int) -> dict[int, list[rules.Target]]:
    """Each organisation's targets from the round it reports in that year (two queries)."""
    reporter_rounds: dict[int, int] = {}
    for org_id, round_id in (
        Reporter.objects.filter(orgs, round__year=year)
        .values_list("organization_id", "round_id")
        .order_by("organization_id", "round__period")
    ):
        # "annual" sorts first: an organisation in an annual round is judged by it.
        reporter_rounds.setdefault(org_id, round_id)
    by_round: dict[int, list[rules.Target]] = defaultdict(list)
    for row in WorkTarget.objects.filter(round_id__in=set(reporter_rounds.values())):
        by_round[row.round_id].append(to_target(row))
    return {
        org_id: by_round.get(round_id) or list(rules.DEFAULT_TARGETS)
        for org_id, round_id in reporter_rounds.items()
    }


def _tallies(logs: QuerySet[WorkLog]) -> dict[tuple[int, int], dict[str, rules.Tally]]:
    """(organization, person) → kind → tally, from one grouped query."""
    found: dict[tuple[int, int], dict[str, rules.Tally]] = defaultdict(dict)
    for org_id, person_id, kind, place, number, days in (
        logs.values("organization_id", "person_id", "kind", "place_organization__code")
        .annotate(number=Count("pk"), total=Sum("days"))
        .values_list(
            "organization_id", "person_id", "kind", "place_organization__code", "number", "total"
        )
        .order_by()
    ):
        kept = found[(org_id, person_id)].setdefault(kind, rules.Tally())
        kept.count += number
        kept.days += days or Decimal(0)
        if place:
            kept.place_days[place] = kept.place_days.get(place, Decimal(0)) + (days or Decimal(0))
    return found


def secretaries_progress(root: Organization, year: int, today: date) -> list[SecretaryRow]:
    """Every current secretary below ``root`` with their completion, in a fixed number of
    queries whatever the subtree's size (posts, reporters, targets, one grouped log query)."""
    posts = list(
        Post.objects.current()
        .filter(subtree_filter(root.path, "organization__path"), role=PostRole.SECRETARY)
        .exclude(organization=root)
        .select_related("organization", "person")
        .order_by("organization__path")
    )
    scope = subtree_filter(root.path, "organization__path")
    targets = _targets_by_organization(scope, year)
    tallies = _tallies(WorkLog.objects.filter(scope, occurred_on__year=year))
    rows = []
    for post in posts:
        own = targets.get(post.organization_id, list(rules.DEFAULT_TARGETS))
        kept = tallies.get((post.organization_id, post.person_id), {})
        rows.append(
            SecretaryRow(
                organization=post.organization,
                person=post.person,
                percent=int(rules.overall_completion(own, kept) * 100),
                behind=rules.is_behind(own, kept, today, year),
                details=[
                    f"{rules.describe_target(t)}：{rules.achieved(t, kept.get(t.kind)).normalize():f}"
                    for t in own
                ],
            )
        )
    return rows


# --- The round's records source ---------------------------------------------------------------


def _value(number: Decimal) -> str:
    return f"{number.normalize():f}"


def records_scores(round_id: int) -> dict[int, RecordsScore]:
    """Each reporter's records source: confirmed work record against the round's targets and
    the approved red/black points of the round's period, with every contributing line."""
    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        return {}
    start, end = period_range(round)
    targets = stored_targets(round)
    formula = formula_of(round)
    reporters = list(
        Reporter.objects.filter(round=round).values_list("pk", "organization_id", "person_id")
    )
    in_round = Q(organization__reporter_entries__round=round)
    logs = WorkLog.objects.filter(
        in_round, occurred_on__gte=start, occurred_on__lt=end, confirmed_at__isnull=False
    )
    tallies = _tallies(logs)
    merits: dict[int, list[Any]] = defaultdict(list)
    by_person: dict[int, list[Any]] = defaultdict(list)
    approved = MeritRecord.objects.filter(
        Q(organization__reporter_entries__round=round) | Q(person__reporter_entries__round=round),
        status=MeritStatus.APPROVED,
        occurred_on__gte=start,
        occurred_on__lt=end,
    ).distinct()
    for merit in approved.values(
        "pk", "organization_id", "person_id", "color", "points", "rule__title", "meeting__month"
    ).order_by("occurred_on", "pk"):
        merits[merit["organization_id"]].append(merit)
        if merit["person_id"]:
            by_person[merit["person_id"]].append(merit)
    described = (
        f"{_value(formula.base)} + {_value(formula.completion_weight)} × 目标完成率"
        " + 红黑档案分值合计，限 0–100"
    )
    answers = {}
    for reporter_id, org_id, person_id in reporters:
        kept = tallies.get((org_id, person_id), {})
        lines = [
            RecordsLine(
                f"target:{t.kind}",
                rules.describe_target(t),
                f"{_value(rules.achieved(t, kept.get(t.kind)))}（完成 "
                f"{int(rules.completion(t, kept.get(t.kind)) * 100)}%）",
            )
            for t in targets
        ]
        share = rules.overall_completion(targets, kept)
        lines.append(RecordsLine("completion", "目标完成率", f"{share * 100:.2f}%"))
        mine = {m["pk"]: m for m in [*merits.get(org_id, []), *by_person.get(person_id, [])]}
        for merit in mine.values():
            color = rules.MeritColor(merit["color"]).label
            month = f"{merit['meeting__month']:%Y年%m月}通报" if merit["meeting__month"] else ""
            lines.append(
                RecordsLine(
                    f"merit:{merit['pk']}",
                    f"{color}：{merit['rule__title']}（{month}）",
                    f"{merit['points']:+.2f}",
                )
            )
        score = rules.records_score(formula, share, (m["points"] for m in mine.values()))
        answers[reporter_id] = RecordsScore(score, tuple(lines), described)
    return answers


# --- The secretary's own figures, for the duty report ------------------------------------------

PERIOD_WORDS = {Period.ANNUAL: "全年", Period.FIRST_HALF: "上半年", Period.SECOND_HALF: "下半年"}


def work_record_figures(
    round_id: int, organization_id: int, person_id: int
) -> tuple[WorkRecordFigure, ...]:
    """The reporter's work record over the round's period, per kind with entries or a target:
    confirmed and logged figures against the round's target, with the sentence to cite (four
    queries: the round, its targets, the grouped entries and the grouped confirmed ones)."""
    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        return ()
    start, end = period_range(round)
    targets = {t.kind: t for t in stored_targets(round)}
    logs = WorkLog.objects.filter(
        organization_id=organization_id,
        person_id=person_id,
        occurred_on__gte=start,
        occurred_on__lt=end,
    )
    mine = (organization_id, person_id)
    logged = _tallies(logs).get(mine, {})
    confirmed = _tallies(logs.filter(confirmed_at__isnull=False)).get(mine, {})
    period = PERIOD_WORDS.get(Period(round.period), "全年")
    figures = []
    for kind in rules.WorkKind:
        if kind.value not in logged and kind.value not in targets:
            continue
        target = rules.measured_by(kind.value, targets)
        value = rules.achieved(target, confirmed.get(kind.value))
        has_target = kind.value in targets
        figures.append(
            WorkRecordFigure(
                kind=kind.value,
                label=kind.label,
                confirmed=value,
                logged=rules.achieved(target, logged.get(kind.value)),
                target=target.minimum if has_target else None,
                sentence=rules.citing_sentence(target, value, period, has_target),
                cues=rules.CITING[kind.value].cues,
                units=rules.citing_units(target),
            )
        )
    return tuple(figures)


# --- Red/black lists ------------------------------------------------------------------------


def _sees_everything(user: Any) -> bool:
    # scope_filter gives a superuser an empty Q, which an OR with another condition drops.
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def visible_merits(user: Any) -> QuerySet[MeritRecord]:
    """A unit sees what it submitted; approvers what their meeting decides; viewers the
    approved entries of their subtree."""
    if _sees_everything(user):
        condition = Q()
    else:
        condition = (
            scope_filter(user, "records.submit", "submitting_unit__path")
            | scope_filter(user, "records.approve", "hearing_organization__path")
            | (
                scope_filter(user, "records.view", "organization__path")
                & Q(status=MeritStatus.APPROVED)
            )
        )
    return MeritRecord.objects.filter(condition).select_related(
        "organization", "submitting_unit", "person", "rule", "meeting"
    )


def visible_meetings(user: Any) -> QuerySet[JointMeeting]:
    """Meetings of the user's subtree, and the published bulletins of the organisations above
    it: a bulletin (通报) is sent down to the units it concerns."""
    meetings = JointMeeting.objects.select_related("organization")
    if _sees_everything(user):
        return meetings
    above = {path for root in root_paths(user, "records.view") for path in ancestor_paths(root)}
    published_above = Q(organization__path__in=above, published_at__isnull=False)
    return meetings.filter(
        scope_filter(user, "records.view", "organization__path") | published_above
    )


def bulletin_entries(meeting: JointMeeting) -> list[MeritRecord]:
    return list(
        meeting.decisions.filter(status=MeritStatus.APPROVED)
        .select_related("organization", "person", "rule", "submitting_unit")
        .order_by("color", "organization__path", "pk")
    )


def pending_for(meeting: JointMeeting) -> list[MeritRecord]:
    """Submissions the meeting may decide: pending ones of its organisation up to its month's
    end, and those it already decided."""
    month_end = date(
        meeting.month.year + meeting.month.month // 12, meeting.month.month % 12 + 1, 1
    )
    return list(
        MeritRecord.objects.filter(hearing_organization=meeting.organization)
        .filter(Q(status=MeritStatus.SUBMITTED, occurred_on__lt=month_end) | Q(meeting=meeting))
        .select_related("organization", "person", "rule", "submitting_unit")
        .order_by("status", "occurred_on", "pk")
    )


def rules_for_units(organizations: Iterable[Organization]) -> list[MeritRule]:
    """The points tables of the given organisations."""
    return list(
        MeritRule.objects.filter(
            organization__in=list(organizations), is_active=True
        ).select_related("organization")
    )
