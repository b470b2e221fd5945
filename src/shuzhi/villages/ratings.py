"""Services of branch star ratings (星级评定) and secretaries' points (积分管理).

A branch at two stars or below gets a rectification plan in the ledger (``problems_raised``)
and must be re-rated (两星以下支部动态清零); the re-rating replaces the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuzhi.accounts.access import has_permission, require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.core.events import ProblemsRaised, problems_raised
from shuzhi.core.vocabulary.sources import ProblemSource
from shuzhi.core.workbook import RowError, SheetSchema, WorkbookInvalid, open_workbook, read_sheet
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.orgs.queries import ancestors
from shuzhi.villages import rules
from shuzhi.villages.models import PointsEntry, PointsRuleSetting, RatingTemplate, StarRating
from shuzhi.villages.rules import PointsStatus, Standard
from shuzhi.villages.star_workbook import (
    POINTS,
    STARS,
    PointsRow,
    RatingRow,
    read_points,
    read_star_ratings,
)


def template_for(
    branch: Organization, county: Organization | None
) -> tuple[list[Standard], tuple[Decimal, ...]]:
    """The county's template for the branch's field, else 002's six standards."""
    found = (
        RatingTemplate.objects.filter(county=county, field=branch.field).first() if county else None
    )
    if found is None:
        return list(rules.SIX_STANDARDS), rules.DEFAULT_STAR_BARS
    standards = [
        Standard(s["key"], s["label"], Decimal(str(s["max_points"]))) for s in found.standards
    ]
    return standards, tuple(Decimal(str(b)) for b in found.bars)


def _places(branch: Organization) -> tuple[Organization | None, Organization | None]:
    above = {o.level: o for o in ancestors(branch)}
    return above.get("township"), above.get("county")


def confirmed_points(branch: Organization, year: int) -> Decimal:
    """The secretary's confirmed points of the year, within ±POINTS_CAP (004)."""
    values = PointsEntry.objects.filter(
        branch=branch, year=year, status=PointsStatus.CONFIRMED.value
    ).values_list("points", flat=True)
    return rules.points_total(values)


@transaction.atomic
def rate_branch(
    *,
    actor: User,
    branch: Organization,
    year: int,
    points: Mapping[str, Decimal],
    evidence: str,
) -> StarRating:
    """Rate a branch against its template, with the secretary's points; replace the current."""
    require(actor, "villages.rate", branch)
    if not evidence.strip():
        raise ValidationError("请填写评定依据（检查记录、佐证材料）")
    township, county = _places(branch)
    standards, bars = template_for(branch, county)
    for standard in standards:
        value = points.get(standard.key)
        if value is None or not Decimal(0) <= value <= standard.max_points:
            raise ValidationError(f"「{standard.label}」应在 0 到 {standard.max_points} 分之间")
    secretary_points = confirmed_points(branch, year)
    total = rules.rating_total(points, standards, secretary_points)
    stars = rules.stars_for(total, bars)
    previous = StarRating.objects.select_for_update().filter(
        branch=branch, year=year, is_current=True
    )
    replaced = [p.pk for p in previous]
    previous.update(is_current=False)
    rating = StarRating.objects.create(
        branch=branch,
        year=year,
        township=township,
        county=county,
        field=branch.field,
        points={s.key: str(points[s.key]) for s in standards},
        secretary_points=secretary_points,
        total=total,
        stars=stars,
        evidence=evidence.strip(),
        rated_by=actor,
    )
    if rules.needs_clearing(stars):
        weak = [s for s in standards if points[s.key] < s.max_points * Decimal("0.6")] or standards
        problems_raised.publish(
            ProblemsRaised.numbered(
                [
                    f"星级评定{stars}星，「{s.label}」须限期整改（两星以下支部动态清零）"
                    for s in weak
                ],
                organization_id=branch.pk,
                source=ProblemSource.SUPERIOR.value,
                year=year,
                reference=rating.reference,
                raised_by_id=actor.pk,
            )
        )
    record(
        actor=actor,
        action="villages.star_rating.rate",
        target=rating,
        organization=branch,
        after={"year": year, "stars": stars, "total": str(total), "replaces": replaced},
    )
    return rating


# --- Points ------------------------------------------------------------------------------


def points_rules(county: Organization | None) -> list[rules.PointsRule]:
    """The county's points table, or the default one."""
    rows = PointsRuleSetting.objects.filter(county=county) if county else []
    found = [rules.PointsRule(r.code, r.label, r.points) for r in rows]
    return found or list(rules.DEFAULT_POINTS_RULES)


def has_own_points_rules(county: Organization) -> bool:
    """Whether the county has set its own table (else the default one applies)."""
    return PointsRuleSetting.objects.filter(county=county).exists()


@transaction.atomic
def set_points_rules(
    *, actor: User, county: Organization, table: Sequence[rules.PointsRule]
) -> int:
    """Replace a county's points table (a setting)."""
    require(actor, "villages.manage", county)
    before = [(r.code, str(r.points)) for r in points_rules(county)]
    PointsRuleSetting.objects.filter(county=county).delete()
    PointsRuleSetting.objects.bulk_create(
        PointsRuleSetting(county=county, code=r.code, label=r.label, points=r.points) for r in table
    )
    record(
        actor=actor,
        action="villages.points_rules.set",
        target=county,
        organization=county,
        before={"rules": before},
        after={"rules": [(r.code, str(r.points)) for r in table]},
    )
    return len(table)


def rating_template(county: Organization, field: str) -> tuple[str, bool]:
    """The name of the county's standard for ``field``, and whether the county set its own."""
    found = RatingTemplate.objects.filter(county=county, field=field).first()
    return (found.name, True) if found else ("村级党组织“六个标准”（默认）", False)


@transaction.atomic
def set_rating_template(
    *,
    actor: User,
    county: Organization,
    field: str,
    name: str,
    standards: Sequence[Standard],
    bars: Sequence[Decimal],
) -> RatingTemplate:
    """Set the county's star-rating standard for one field (a setting); ratings already made
    keep the standards they were made by."""
    require(actor, "villages.manage", county)
    existing = RatingTemplate.objects.filter(county=county, field=field).first()
    before = (
        {"name": existing.name, "standards": existing.standards, "bars": existing.bars}
        if existing
        else {}
    )
    template, _ = RatingTemplate.objects.update_or_create(
        county=county,
        field=field,
        defaults={
            "name": name,
            "standards": [
                {"key": s.key, "label": s.label, "max_points": str(s.max_points)} for s in standards
            ],
            "bars": [str(bar) for bar in bars],
        },
    )
    record(
        actor=actor,
        action="villages.rating_template.set",
        target=template,
        organization=county,
        before=before,
        after={"name": template.name, "standards": template.standards, "bars": template.bars},
    )
    return template


@transaction.atomic
def enter_points(
    *, actor: User, branch: Organization, rule_code: str, occurred_on: date, note: str = ""
) -> PointsEntry:
    """Record points earned or lost by the branch's secretary, pending the township."""
    require(actor, "villages.points", branch)
    _, county = _places(branch)
    rule = next((r for r in points_rules(county) if r.code == rule_code), None)
    if rule is None:
        raise ValidationError(f"积分规则中没有「{rule_code}」")
    post = Post.objects.current().filter(organization=branch, role="secretary").first()
    secretary: Person | None = post.person if post else None
    entry = PointsEntry.objects.create(
        branch=branch,
        secretary=secretary,
        year=occurred_on.year,
        rule_code=rule.code,
        rule_label=rule.label,
        points=rule.points,
        occurred_on=occurred_on,
        note=note.strip(),
        entered_by=actor,
    )
    record(
        actor=actor,
        action="villages.points.enter",
        target=entry,
        organization=branch,
        after={"rule": rule.code, "points": str(rule.points)},
    )
    return entry


@transaction.atomic
def confirm_points(*, actor: User, entry: PointsEntry, accept: bool) -> PointsEntry:
    """The township confirms (or turns down) an entry; never the person who entered it."""
    entry = PointsEntry.objects.select_for_update().select_related("branch").get(pk=entry.pk)
    township, _ = _places(entry.branch)
    require(actor, "villages.rate", township or entry.branch)
    if entry.status != PointsStatus.PENDING.value:
        raise ValidationError("该积分已处理")
    if entry.entered_by_id == actor.pk:
        raise ValidationError("录入人不能确认自己录入的积分")
    entry.status = (PointsStatus.CONFIRMED if accept else PointsStatus.REJECTED).value
    entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    entry.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    record(
        actor=actor,
        action="villages.points.confirm",
        target=entry,
        organization=entry.branch,
        after={"status": entry.status},
    )
    return entry


# --- Imports of the township's sheets (all or nothing) -------------------------------------


def _rateable(
    actor: User, organization: Organization, codes: set[str], permission: str
) -> dict[str, Organization]:
    """The organisations of ``codes`` inside ``organization``'s subtree that ``actor`` may
    handle with ``permission``; any other code reads as not found."""
    found = Organization.objects.filter(
        code__in=codes, path__startswith=organization.path, is_active=True
    )
    return {o.code: o for o in found if has_permission(actor, permission, o)}


def _sheet_codes(stream: IO[bytes], schema: SheetSchema) -> set[str]:
    """Every 组织编码 in the sheet (found by its header), to look the branches up in one query;
    the errors are reported by the full read that follows."""
    workbook = open_workbook(stream)
    codes = {row.text("code") for row in read_sheet(workbook, schema, [])}
    workbook.close()
    stream.seek(0)
    return codes - {""}


Row = TypeVar("Row", RatingRow, PointsRow)


def _each_or_nothing(sheet: str, rows: Sequence[Row], write: Callable[[Row], object]) -> None:
    """Write every checked row through the page's own service; every refusal is listed with its
    row, and raising rolls the caller's transaction back (nothing of the sheet is kept)."""
    errors: list[RowError] = []
    for row in rows:
        try:
            write(row)
        except ValidationError as error:
            errors += [RowError(sheet, row.number, "", message) for message in error.messages]
    if errors:
        raise WorkbookInvalid(errors)


@transaction.atomic
def import_star_ratings(
    *, actor: User, organization: Organization, year: int, stream: IO[bytes]
) -> int:
    """Rate every branch of the sheet (six standards, evidence); nothing is kept on any error."""
    require(actor, "villages.rate", organization)
    branches = _rateable(actor, organization, _sheet_codes(stream, STARS), "villages.rate")
    six = [s.key for s in rules.SIX_STANDARDS]
    known = {
        code: [s.key for s in template_for(b, _places(b)[1])[0]] == six
        for code, b in branches.items()
    }
    rows = read_star_ratings(stream, known)
    _each_or_nothing(
        STARS.name,
        rows,
        lambda row: rate_branch(
            actor=actor,
            branch=branches[row.code],
            year=year,
            points=row.points,
            evidence=row.evidence,
        ),
    )
    record(
        actor=actor,
        action="villages.star_rating.import",
        target=organization,
        organization=organization,
        after={"year": year, "ratings": len(rows)},
    )
    return len(rows)


@transaction.atomic
def import_points(*, actor: User, organization: Organization, stream: IO[bytes]) -> int:
    """Enter every points line of the sheet, pending the township; nothing on any error."""
    require(actor, "villages.points", organization)
    branches = _rateable(actor, organization, _sheet_codes(stream, POINTS), "villages.points")
    known = {code: {r.code for r in points_rules(_places(b)[1])} for code, b in branches.items()}
    rows = read_points(stream, known)
    _each_or_nothing(
        POINTS.name,
        rows,
        lambda row: enter_points(
            actor=actor,
            branch=branches[row.code],
            rule_code=row.rule,
            occurred_on=row.occurred_on,
            note=row.note,
        ),
    )
    record(
        actor=actor,
        action="villages.points.import",
        target=organization,
        organization=organization,
        after={"entries": len(rows)},
    )
    return len(rows)
