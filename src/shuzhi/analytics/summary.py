"""The annual summary (年度述职评议考核工作总结) of a round and subtree: one set of figures for
the page, the Word document, the API and the CLI, so their numbers cannot disagree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from shuzhi.analytics import dashboard, queries, years
from shuzhi.analytics.services import round_problems
from shuzhi.analytics.yearly import outcomes
from shuzhi.core.events import (
    OutcomesRequest,
    ProgressFigure,
    PublicationNotice,
    PublicationNoticesRequest,
    ReporterOutcome,
    publication_notices_requested,
)
from shuzhi.core.vocabulary.grades import Grade
from shuzhi.orgs.models import Organization, Person
from shuzhi.rounds.models import Round


@dataclass(frozen=True)
class Named:
    """A reporter on a list of the summary: who, where, and why listed."""

    person: str
    organization: str
    detail: str


@dataclass(frozen=True)
class ThemeLine:
    name: str
    problems: int
    units: int
    rectified: int
    rooted_above: bool


@dataclass
class Summary:
    round: Round
    organization: Organization
    figures: list[ProgressFigure]
    reporters: int  # with a published result
    grades: dict[str, int]
    classes: dict[int, int]
    good_share: float | None
    honours: list[Named] = field(default_factory=list)
    interviews: list[Named] = field(default_factory=list)
    problems: int = 0
    with_item: int = 0
    rectified: int = 0
    themes: list[ThemeLine] = field(default_factory=list)
    notices: list[tuple[Round, PublicationNotice]] = field(default_factory=list)

    @property
    def rectification_rate(self) -> float | None:
        return years.share(self.rectified, self.problems)

    @property
    def grade_rows(self) -> list[tuple[str, int]]:
        return [(g.label, self.grades.get(g.value, 0)) for g in Grade]


def build(round_: Round, organization: Organization) -> Summary:
    found = outcomes(OutcomesRequest((round_.pk,), organization_path=organization.path))
    figures = years.round_figures(round_.pk, round_.year, found)
    people = Person.objects.in_bulk({o.person_id for o in found})
    places = Organization.objects.in_bulk({o.organization_id for o in found})
    ordered = sorted(found, key=lambda o: (places[o.organization_id].path, o.rank or 0))

    def named(o: ReporterOutcome, detail: str) -> Named:
        return Named(people[o.person_id].name, places[o.organization_id].name, detail)

    facts = round_problems(round_, organization)
    summary = Summary(
        round=round_,
        organization=organization,
        figures=dashboard.figures(round_, organization),
        reporters=figures.reporters,
        grades=dict(figures.grades),
        classes=dict(sorted(Counter(o.class_number for o in found if o.class_number).items())),
        good_share=figures.good_share,
        honours=[named(o, o.honour) for o in ordered if o.honour],
        interviews=[
            named(o, f"{o.rank}/{o.group_size}" if o.rank else "") for o in ordered if o.interview
        ],
        problems=len(facts),
        with_item=sum(1 for f in facts if f.has_item),
        rectified=sum(1 for f in facts if f.rectified),
    )
    theme_set = queries.theme_set_of(round_, organization)
    if theme_set is not None:
        summary.themes = [
            ThemeLine(r.theme.name, r.count, r.units, r.rectified, r.theme.is_rooted_above)
            for r in queries.theme_rows(theme_set)
        ]
    summary.notices = publication_index(round_, organization)
    return summary


def publication_index(
    round_: Round, organization: Organization
) -> list[tuple[Round, PublicationNotice]]:
    """Every result notice of the year's rounds concerning the organisation, by start date."""
    rounds = {r.pk: r for r in queries.rounds_of(organization).filter(year=round_.year)}
    request = PublicationNoticesRequest(tuple(rounds))
    notices = [n for answer in publication_notices_requested.ask(request) for n in answer]
    return [
        (rounds[n.round_id], n) for n in sorted(notices, key=lambda n: (n.starts_on, n.round_id))
    ]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def sentences(summary: Summary) -> list[str]:
    """The figures in the words of a summary; the page and the document print the same lines."""
    s = summary
    lines = [
        f"{s.round.year}年度，{s.organization.name}共有{s.reporters}名党组织书记的考核结果已公示。",
    ]
    lines += [f"{f.label}：{f.done}" + (f"/{f.total}" if f.total else "") + "。" for f in s.figures]
    grade_text = "、".join(f"{label}{count}名" for label, count in s.grade_rows if count)
    if grade_text:
        lines.append(f"考核等次：{grade_text}。")
    if s.good_share is not None:
        lines.append(f"现场测评“好”票占比{percent(s.good_share)}。")
    lines.append(
        f"本轮查找问题{s.problems}个，已立项整改{s.with_item}个，已销号{s.rectified}个，"
        f"整改销号率{percent(s.rectification_rate)}。"
    )
    return lines
