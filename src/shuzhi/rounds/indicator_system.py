"""Saving, reading and copying a round's indicator system (指标体系), all or nothing."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import record
from shuzhi.rounds.indicator_rules import IndicatorProblem, IndicatorRow, check_indicator_system
from shuzhi.rounds.models import Indicator, Round, RoundSettings
from shuzhi.rounds.services import settings_of, update_settings

ROW_FIELDS = (
    "name",
    "kind",
    "max_points",
    "weight",
    "cap",
    "floor",
    "veto_effect",
    "veto_cap_grade",
    "listing",
)


class IndicatorSystemInvalid(ValidationError):
    """The rows break the rules; ``problems`` says where, nothing was written."""

    def __init__(self, problems: Sequence[IndicatorProblem]) -> None:
        self.problems = list(problems)
        super().__init__([str(p) for p in self.problems])


def indicator_rows(round: Round) -> list[IndicatorRow]:
    """The round's indicators as plain rows, parents before children, in display order."""
    indicators = list(round.indicators.select_related("parent").order_by("order", "code"))
    return [
        IndicatorRow(
            code=i.code,
            parent_code=i.parent.code if i.parent else "",
            **{name: getattr(i, name) for name in ROW_FIELDS},
        )
        for i in indicators
    ]


@transaction.atomic
def save_indicator_system(
    *, actor: User, round: Round, rows: Sequence[IndicatorRow], reason: str = "import"
) -> list[Indicator]:
    """Make the round's indicators exactly ``rows`` (matched by code, so scores on kept codes
    stay). Refused whole if any row breaks a rule or a removed indicator already has scores."""
    require(actor, "rounds.manage", round.hearing_organization)
    problems = check_indicator_system(rows)
    kept = {row.code for row in rows}
    existing = {i.code: i for i in Indicator.objects.select_for_update().filter(round=round)}
    for code, indicator in existing.items():
        if code not in kept and (indicator.scores.exists() or indicator.hits.exists()):
            problems.append(IndicatorProblem(0, code, "该指标已有评分记录，不能删除。"))
    if problems:
        raise IndicatorSystemInvalid(problems)
    Indicator.objects.filter(round=round).exclude(code__in=kept).delete()
    saved: dict[str, Indicator] = {}
    for order, row in enumerate(rows):
        indicator = existing.get(row.code) or Indicator(round=round, code=row.code)
        for name in ROW_FIELDS:
            setattr(indicator, name, getattr(row, name))
        indicator.order = order
        indicator.parent = None
        indicator.save()
        saved[row.code] = indicator
    for row in rows:
        if row.parent_code:
            Indicator.objects.filter(pk=saved[row.code].pk).update(parent=saved[row.parent_code])
    record(
        actor=actor,
        action="rounds.indicators.save",
        target=round,
        organization=round.hearing_organization,
        before={"codes": sorted(existing)},
        after={"codes": [row.code for row in rows], "how": reason},
    )
    return list(saved.values())


def add_indicator(*, actor: User, round: Round, row: IndicatorRow) -> list[Indicator]:
    """Append one indicator to the system, checked together with the rest."""
    current = indicator_rows(round)
    if any(existing.code == row.code for existing in current):
        raise IndicatorSystemInvalid([IndicatorProblem(0, row.code, "编号已存在。")])
    return save_indicator_system(actor=actor, round=round, rows=[*current, row], reason="add")


def remove_indicator(*, actor: User, round: Round, code: str) -> None:
    """Remove one indicator and its sub-indicators."""
    current = indicator_rows(round)
    removed = {code}
    for row in current:  # rows come parents first, so one pass collects the subtree
        if row.parent_code in removed:
            removed.add(row.code)
    rows = [row for row in current if row.code not in removed]
    save_indicator_system(actor=actor, round=round, rows=rows, reason="remove")


@transaction.atomic
def copy_indicator_system(
    *, actor: User, source: Round, target: Round, with_settings: bool = False
) -> list[Indicator]:
    """Start ``target``'s system as a copy of ``source``'s (e.g. last year's), and optionally
    its settings (weights, grades, quotas, honours, interviews, pay) too."""
    require(actor, "rounds.view", source.hearing_organization)
    rows = indicator_rows(source)
    if not rows:
        raise ValidationError(f"「{source}」没有指标体系可以复制。")
    saved = save_indicator_system(
        actor=actor, round=target, rows=rows, reason=f"copy from round {source.pk}"
    )
    if with_settings:
        names = [
            f.name for f in RoundSettings._meta.concrete_fields if f.name not in ("id", "round")
        ]
        copied = settings_of(source)
        update_settings(actor=actor, round=target, values={n: getattr(copied, n) for n in names})
    return saved
