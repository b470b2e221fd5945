"""Reads for the meeting pages, scoped along the organisation tree by ``accounts.access``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse

from shuzhi.accounts.access import has_permission, scope_filter
from shuzhi.core.events import FindingsRequest, findings_requested
from shuzhi.core.home import Todo
from shuzhi.core.vocabulary.grades import EvaluationGrade
from shuzhi.core.vocabulary.sources import VoterCategory
from shuzhi.meetings import archive, rules, services
from shuzhi.meetings.box import tally_of
from shuzhi.meetings.models import AgendaItem, Ballot, BallotToken, BoxState, Meeting
from shuzhi.meetings.services import scoring_values
from shuzhi.orgs import tree
from shuzhi.orgs.models import Person, Representative
from shuzhi.rounds.models import Reporter, Round


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(scope_filter(user, "meetings.view", "hosting_organization__path"))
        .select_related("round", "hosting_organization")
        .annotate(reporter_count=Count("agenda", distinct=True))
    )


def meeting_for(user: Any, pk: int, permission: str = "meetings.view") -> Meeting:
    """The meeting if ``user`` may see it; another subtree's meeting does not exist for them."""
    meeting = Meeting.objects.select_related("round", "hosting_organization").filter(pk=pk).first()
    if meeting is None or not has_permission(user, "meetings.view", meeting.hosting_organization):
        raise Http404
    if permission != "meetings.view" and not has_permission(
        user, permission, meeting.hosting_organization
    ):
        raise PermissionDenied(permission)
    return meeting


def rounds_to_host(user: Any) -> QuerySet[Round]:
    return Round.objects.filter(
        scope_filter(user, "meetings.manage", "hearing_organization__path")
    ).select_related("hearing_organization")


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related(
            "reporter__person", "reporter__organization", "critique__critic"
        )
        .prefetch_related("comments__author")
        .order_by("position")
    )


def unacknowledged_findings(meeting: Meeting, items: list[AgendaItem]) -> dict[int, list[str]]:
    """Agenda item id → its reporter's findings not yet 认账 (003: the host sees them first)."""
    answers = findings_requested.ask(
        FindingsRequest(
            round_id=meeting.round_id,
            organization_ids=tuple(i.reporter.organization_id for i in items),
            unacknowledged_only=True,
        )
    )
    found: dict[int, list[str]] = {}
    for item in items:
        for answer in answers:
            found.setdefault(item.pk, []).extend(
                f"{f.text}（{f.status}）" for f in answer.get(item.reporter.organization_id, ())
            )
    return {pk: texts for pk, texts in found.items() if texts}


def reporters_not_on_agenda(meeting: Meeting) -> QuerySet[Reporter]:
    return (
        Reporter.objects.filter(round=meeting.round)
        .exclude(agenda_items__meeting=meeting)
        .select_related("person", "organization")
    )


def sign_in_candidates(meeting: Meeting) -> list[tuple[Person, str]]:
    """The host's list: representatives of its subtree, and the people of the host itself."""
    host = meeting.hosting_organization
    signed = set(meeting.attendance.values_list("person_id", flat=True))
    upper = tree.successor(host.path)
    reps = Representative.objects.filter(is_active=True, organization__path__gte=host.path)
    if upper is not None:
        reps = reps.filter(organization__path__lt=upper)
    found: dict[int, tuple[Person, str]] = {}
    for rep in reps.select_related("person").order_by("category", "person__name")[:500]:
        if rep.person_id not in signed:
            found.setdefault(rep.person_id, (rep.person, rep.get_category_display()))
    for person in Person.objects.filter(unit=host).exclude(pk__in=signed).order_by("name")[:200]:
        found.setdefault(person.pk, (person, "本级"))
    return list(found.values())


@dataclass(frozen=True)
class Turnout:
    """Tokens issued and ballots cast; while voting runs, ``cast`` is rounded down to the
    meeting's step (the hall never sees a single ballot arrive), exact once the box closed."""

    issued: int
    cast: int
    rehearsal: bool
    coarse: bool

    @property
    def percent(self) -> Decimal:
        if not self.issued:
            return Decimal(0)
        return (Decimal(self.cast) * 100 / self.issued).quantize(Decimal("0.1"))


def turnout(meeting: Meeting) -> Turnout:
    rehearsal = meeting.state == BoxState.REHEARSAL
    cast = Ballot.objects.filter(box__meeting=meeting, box__rehearsal=rehearsal).count()
    coarse = meeting.state != BoxState.CLOSED
    return Turnout(
        issued=BallotToken.objects.filter(meeting=meeting, rehearsal=rehearsal).count(),
        cast=rules.coarse(cast, meeting.turnout_step) if coarse else cast,
        rehearsal=rehearsal,
        coarse=coarse,
    )


@dataclass(frozen=True)
class ResultRow:
    item: AgendaItem
    groups: dict[str, dict[str, int]]  # display group -> grade -> count
    totals: dict[str, int]
    good_or_fair_percent: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class Results:
    tally: rules.Tally
    groups: dict[str, list[str]]
    group_labels: dict[str, str]
    rows: list[ResultRow]
    # The grade columns' headings, in the order ``grade_values`` lists the counts.
    grade_labels: tuple[str, ...] = tuple(EvaluationGrade.labels)


def results(meeting: Meeting, rehearsal: bool = False) -> Results:
    """Counts per grade (small categories merged), share 好+较好 and weighted score."""
    tally = tally_of(meeting, rehearsal)
    groups = tally.displayed_categories(meeting.small_category_threshold)
    labels = dict(VoterCategory.choices)
    group_labels = {
        g: labels.get(g, "其他类别（合并）" if g == rules.MERGED else g) for g in groups
    }
    if rules.MERGED in groups:
        merged = "、".join(labels[c] for c in groups[rules.MERGED])
        group_labels[rules.MERGED] = f"合并（{merged}）"
    rows = []
    for item in agenda(meeting):
        result = tally.reporters[item.reporter_id]
        rows.append(
            ResultRow(
                item=item,
                groups=rules.merged_counts(result, groups),
                totals=result.totals(),
                good_or_fair_percent=result.good_or_fair_percent,
                score=result.score,
            )
        )
    return Results(tally, groups, group_labels, rows)


def archived_ballots(meeting: Meeting, rehearsal: bool = False) -> list[archive.ArchivedBallot]:
    """The box's ballots in receipt order (the digest's order, unrelated to voting order)."""
    return [
        archive.ArchivedBallot(*row)
        for row in Ballot.objects.filter(box__meeting=meeting, box__rehearsal=rehearsal)
        .order_by("receipt")
        .values_list("category", "source", "valid", "invalid_reason", "receipt", "canonical")
    ]


def export_of(meeting: Meeting, fmt: str) -> str:
    """The closed formal box's raw ballots (JSON or CSV), with nothing linking them to voters."""
    ballots = archived_ballots(meeting)
    if fmt == "csv":
        return archive.export_csv(ballots)
    items = agenda(meeting)
    values = scoring_values(meeting)
    return archive.export_json(
        meeting={
            "id": meeting.pk,
            "title": meeting.title,
            "round": meeting.round.name,
            "held_on": meeting.held_on.isoformat(),
        },
        reporters=[
            {
                "id": item.reporter_id,
                "name": item.reporter.person.name,
                "organization": item.reporter.organization.name,
            }
            for item in items
        ],
        settings={
            **values,
            "max_good_percent": meeting.max_good_percent,
            "per_indicator": meeting.per_indicator,
            "indicators": meeting.indicators,
        },
        genesis=rules.genesis(meeting.pk, False),
        digest=meeting.digest,
        ballots=ballots,
        result=archive.tally_ballots(ballots, [item.reporter_id for item in items], values),
    )


def scoring_rows(meeting: Meeting) -> dict[str, Any]:
    """The grade points and category weights for the settings page, saying where they come
    from: the round's current values until the formal box opens, then the frozen copy."""
    values = scoring_values(meeting)
    return {
        "follows_round": services.follows_round(meeting),
        "points": [(rules.GRADE_LABELS[g], p) for g, p in values["grade_points"].items()],
        "weights": [(VoterCategory(c).label, w) for c, w in values["category_weights"].items()],
    }


def home_todos(user: Any, today: date) -> list[Todo]:
    """The home page's count of formal ballot boxes open for voting in scope."""
    if not has_permission(user, "meetings.view"):
        return []
    voting = visible_meetings(user).filter(state=BoxState.OPEN).count()
    url = reverse("meetings:list") + "?state=open"
    return [Todo("正在投票的票箱", voting, url, order=40)]
