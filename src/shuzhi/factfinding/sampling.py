"""The audit sample drawn from the database: the candidates' ids in one query per unit.

The candidates of a kind are the unit's active descendants of the kind's fields, in tree order
(path). ``rules.draw_positions`` picks positions from the recorded seed. One query reads only
the candidates' ids, so a county of 50,000 organisations is not loaded into Python as models.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def draw(unit: Organization, seed: str, counts: dict[str, int]) -> Sample:
    """The sample of ``unit`` for ``seed``: the same seed on the same tree, the same sample.

    One query: the ids and fields of the unit's active descendants of any sampled field, in
    tree order (integers and short strings only, no model instances)."""
    kind_of = {f: kind for kind, fields in SAMPLE_FIELDS.items() for f in fields}
    pools: dict[SampleKind, list[int]] = {kind: [] for kind in SampleKind}
    rows = (
        Organization.objects.filter(
            subtree_filter(unit.path), field__in=list(kind_of), is_active=True, depth__gt=unit.depth
        )
        .order_by("path")
        .values_list("field", "pk")
    )
    for field, pk in rows:
        pools[kind_of[field]].append(pk)
    picked: list[Sampled] = []
    shortfalls: list[str] = []
    for kind in SampleKind:
        wanted = counts.get(kind.value, 0)
        if wanted <= 0:
            continue
        chosen = rules.draw_positions(seed, kind.value, len(pools[kind]), wanted)
        if chosen.short:
            shortfalls.append(kind.value)
        picked += [Sampled(kind, pools[kind][n], n) for n in chosen.positions]
    found = {kind.value: len(pool) for kind, pool in pools.items()}
    return Sample(tuple(picked), found, tuple(shortfalls))


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
