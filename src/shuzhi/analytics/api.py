"""The analytics API (for a 数据中台): the pages' figures as JSON, scoped like the pages."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from shuzhi.analytics import dashboard, queries, summary, yearly
from shuzhi.analytics import years as years_rules
from shuzhi.orgs.models import Organization
from shuzhi.rounds.models import Round

router = Router(tags=["统计分析"])


class ThemeOut(Schema):
    id: int
    name: str
    words: list[str]
    problems: int
    units: int
    rectified: int
    rooted_above: bool
    examples: list[str]


class YearOut(Schema):
    year: int
    reporters: int
    mean_composite: float | None
    good_share: float | None
    fair_share: float | None
    grades: dict[str, int]
    problems: int
    recurred: int


class MoveOut(Schema):
    organization_id: int
    organization: str
    before: float
    after: float


class YearsOut(Schema):
    years: list[YearOut]
    improved: list[MoveOut]
    fell: list[MoveOut]


class FigureOut(Schema):
    key: str
    label: str
    done: int
    total: int


class UnitWarningOut(Schema):
    organization_code: str
    organization: str
    blue: int
    yellow: int
    red: int


class DashboardOut(Schema):
    figures: list[FigureOut]
    overdue: list[UnitWarningOut]
    today: date


class SummaryOut(Schema):
    round_id: int
    year: int
    reporters: int
    grades: dict[str, int]
    good_share: float | None
    problems: int
    with_item: int
    rectified: int
    rectification_rate: float | None
    honours: int
    interviews: int
    themes: int
    notices: int
    lines: list[str]


def _scope(
    request: HttpRequest, code: str, round_id: int | None = None
) -> tuple[Organization, Round | None]:
    return queries.scope_of(request.user, code, round_id)


def _round(request: HttpRequest, code: str, round_id: int) -> tuple[Organization, Round]:
    organization, round_ = _scope(request, code, round_id)
    assert round_ is not None
    return organization, round_


@router.get(
    "/organizations/{code}/rounds/{round_id}/themes", response=list[ThemeOut], summary="共性问题"
)
def themes(request: HttpRequest, code: str, round_id: int) -> list[ThemeOut]:
    organization, round_ = _round(request, code, round_id)
    theme_set = queries.theme_set_of(round_, organization)
    return [
        ThemeOut(
            id=r.theme.pk,
            name=r.theme.name,
            words=list(r.theme.words),
            problems=r.count,
            units=r.units,
            rectified=r.rectified,
            rooted_above=r.theme.is_rooted_above,
            examples=[m.text for m in r.examples],
        )
        for r in (queries.theme_rows(theme_set) if theme_set else [])
    ]


@router.get("/organizations/{code}/years", response=YearsOut, summary="逐年对比")
def years(request: HttpRequest, code: str) -> YearsOut:
    organization, _ = _scope(request, code)
    data = yearly.subtree_years(organization)

    def moves(found: list[years_rules.Move]) -> list[MoveOut]:
        return [
            MoveOut(
                organization_id=m.organization_id,
                organization=data.names.get(m.organization_id, ""),
                before=m.before,
                after=m.after,
            )
            for m in found
        ]

    return YearsOut(
        years=[
            YearOut(
                year=f.year,
                reporters=f.reporters,
                mean_composite=f.mean_composite,
                good_share=f.good_share,
                fair_share=f.fair_share,
                grades=dict(f.grades),
                problems=f.problems,
                recurred=f.recurred,
            )
            for f in data.figures
        ],
        improved=moves(data.movers.improved),
        fell=moves(data.movers.fell),
    )


@router.get(
    "/organizations/{code}/rounds/{round_id}/dashboard", response=DashboardOut, summary="工作大屏"
)
def dashboard_figures(request: HttpRequest, code: str, round_id: int) -> DashboardOut:
    organization, round_ = _round(request, code, round_id)
    data = dashboard.dashboard(round_, organization, timezone.localdate())
    return DashboardOut(
        figures=[
            FigureOut(key=f.key, label=f.label, done=f.done, total=f.total) for f in data.figures
        ],
        overdue=[
            UnitWarningOut(
                organization_code=u.organization.code,
                organization=u.organization.name,
                **{colour.value: count for colour, count in u.counts.items()},
            )
            for u in data.units
        ],
        today=data.today,
    )


@router.get(
    "/organizations/{code}/rounds/{round_id}/summary", response=SummaryOut, summary="年度总结"
)
def summary_figures(request: HttpRequest, code: str, round_id: int) -> SummaryOut:
    organization, round_ = _round(request, code, round_id)
    s = summary.build(round_, organization)
    return SummaryOut(
        round_id=round_.pk,
        year=round_.year,
        reporters=s.reporters,
        grades=s.grades,
        good_share=s.good_share,
        problems=s.problems,
        with_item=s.with_item,
        rectified=s.rectified,
        rectification_rate=s.rectification_rate,
        honours=len(s.honours),
        interviews=len(s.interviews),
        themes=len(s.themes),
        notices=len(s.notices),
        lines=summary.sentences(s),
    )
