"""The audit sample drawn in the database: a count and a few positioned rows per kind.

The candidates of a kind are the unit's active descendants of the kind's fields, in tree order
(path). ``rules.draw_positions`` picks positions from the recorded seed; only the picked rows
are read, so a county of 50,000 organisations costs one count and a handful of rows per kind,
not the whole subtree in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from shuzhi.factfinding import rules
from shuzhi.factfinding.rules import SAMPLE_FIELDS, SampleKind
from shuzhi.orgs.models import Organization
from shuzhi.orgs.queries import subtree_filter


@dataclass(frozen=True)
class Sampled:
    kind: SampleKind
    organization_id: int
    position: int


@dataclass(frozen=True)
class Sample:
    picked: tuple[Sampled, ...]
    populations: dict[str, int]
    shortfalls: tuple[str, ...]


def candidates(unit: Organization, kind: SampleKind) -> QuerySet[Organization]:
    """The organisations of ``kind`` an audit of ``unit`` may draw, in tree order."""
    return (
        Organization.objects.filter(
            subtree_filter(unit.path), field__in=SAMPLE_FIELDS[kind], is_active=True
        )
        .exclude(pk=unit.pk)
        .order_by("path")
    )


def populations(unit: Organization) -> dict[SampleKind, int]:
    """How many candidates of each kind ``unit`` has, in one query."""
    counts = Organization.objects.filter(
        subtree_filter(unit.path), is_active=True, depth__gt=unit.depth
    ).aggregate(
        **{
            kind.value: Count("pk", filter=Q(field__in=fields))
            for kind, fields in SAMPLE_FIELDS.items()
        }
    )
    return {kind: counts[kind.value] or 0 for kind in SAMPLE_FIELDS}


def draw(unit: Organization, seed: str, counts: dict[str, int]) -> Sample:
    """The sample of ``unit`` for ``seed``: the same seed on the same tree, the same sample."""
    found = populations(unit)
    picked: list[Sampled] = []
    shortfalls: list[str] = []
    for kind in SampleKind:
        wanted = counts.get(kind.value, 0)
        if wanted <= 0:
            continue
        chosen = rules.draw_positions(seed, kind.value, found[kind], wanted)
        if chosen.short:
            shortfalls.append(kind.value)
        rows = candidates(unit, kind).values_list("pk", flat=True)
        if len(chosen.positions) == found[kind]:
            picked += [Sampled(kind, pk, n) for n, pk in enumerate(rows)]
            continue
        for position in chosen.positions:
            picked.append(Sampled(kind, rows[position], position))
    return Sample(tuple(picked), {k.value: n for k, n in found.items()}, tuple(shortfalls))


def naive_draw(unit: Organization, seed: str, counts: dict[str, int]) -> Sample:
    """The same draw over the whole subtree loaded into Python: the benchmark's baseline, and
    a second reading of the rule that tests compare ``draw`` with."""
    subtree = list(Organization.objects.filter(subtree_filter(unit.path)).order_by("path"))
    picked: list[Sampled] = []
    shortfalls: list[str] = []
    found: dict[str, int] = {}
    for kind in SampleKind:
        pool = [
            o for o in subtree if o.pk != unit.pk and o.is_active and o.field in SAMPLE_FIELDS[kind]
        ]
        found[kind.value] = len(pool)
        wanted = counts.get(kind.value, 0)
        if wanted <= 0:
            continue
        chosen = rules.draw_positions(seed, kind.value, len(pool), wanted)
        if chosen.short:
            shortfalls.append(kind.value)
        picked += [Sampled(kind, pool[n].pk, n) for n in chosen.positions]
    return Sample(tuple(picked), found, tuple(shortfalls))
