"""A province-shaped organisation tree of any size, bulk-inserted with raw SQL.

Shape (at 500,000 organisations; every fan-out shrinks by the same factor for smaller trees,
with ±30 % random variation per node): 1 province → ~14 cities → ~10 counties each → ~12
townships/streets each → ~20 villages/communities each; the rest are branches, spread over
villages (≈78 %), township organs and schools (≈15 %) and county organs, hospitals and
enterprises (≈7 %). Names are fictional (the demo city's syllables); generation is
deterministic for a seed.

Inserting goes around the ORM — ``executemany`` on SQLite, ``COPY`` on PostgreSQL — because
``bulk_create`` is several times slower at this size; ids and paths are computed here, in
tree (path) order, so every parent row precedes its children.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.harness import bulk_insert
from shuzhi.orgs import tree
from shuzhi.orgs.demo_names import PLACE_SYLLABLES

FULL_SIZE = 500_000
BASE_FANOUT = {"city": 14, "county": 10, "township": 12, "village": 20}
BRANCH_WEIGHT = {"village": (0.5, 1.5), "township": (2.0, 6.0), "county": (10.0, 30.0)}
COLUMNS = (
    "id",
    "code",
    "name",
    "level",
    "kind",
    "field",
    "parent_id",
    "path",
    "depth",
    "is_active",
    "created_at",
    "updated_at",
)
STAMP = datetime(2026, 1, 1, tzinfo=UTC)

COUNTY_UNITS = (
    ("{p}局机关党支部", "government"),
    ("{p}中学党支部", "school"),
    ("人民医院第{n}党支部", "hospital"),
    ("{p}投资集团党支部", "soe"),
    ("{p}科技有限公司党支部", "non_public"),
    ("{p}行业协会党支部", "social"),
    ("{p}事务中心党支部", "institution"),
)
TOWNSHIP_UNITS = (
    ("机关第{n}党支部", "government"),
    ("{p}小学党支部", "school"),
    ("卫生院党支部", "hospital"),
    ("{p}农民专业合作社党支部", "rural"),
    ("{p}有限公司党支部", "non_public"),
)


@dataclass
class Node:
    level: str
    kind: str
    field: str
    name: str
    children: list[Node] = dataclasses.field(default_factory=list)
    branches: int = 0


@dataclass(frozen=True)
class BuiltTree:
    root_id: int
    root_path: str
    counts: dict[str, int]
    seconds: float

    @property
    def size(self) -> int:
        return sum(self.counts.values())


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def place(self) -> str:
        return "".join(self.rng.choice(PLACE_SYLLABLES) for _ in range(2))


def skeleton(size: int, seed: int = 2026) -> Node:
    """The tree down to villages/communities, with branch counts allocated to exactly ``size``."""
    rng = random.Random(seed)
    names = _Names(rng)
    scale = (size / FULL_SIZE) ** 0.2

    def fan(level: str, minimum: int = 1) -> int:
        return max(minimum, round(BASE_FANOUT[level] * scale * rng.uniform(0.7, 1.3)))

    province = Node("province", "party_committee", "regional", f"中共{names.place()}省委")
    for _ in range(fan("city")):
        city = Node("city", "party_committee", "regional", f"中共{names.place()}市委")
        province.children.append(city)
        for _ in range(fan("county", 2)):
            suffix = "区委" if rng.random() < 0.2 else "县委"
            county = Node("county", "party_committee", "regional", f"中共{names.place()}{suffix}")
            city.children.append(county)
            for _ in range(fan("township", 2)):
                county.children.append(_township(rng, names, fan("village", 2)))
    _allocate_branches(province, size, rng)
    return province


def _township(rng: random.Random, names: _Names, villages: int) -> Node:
    street = rng.random() < 0.3
    township = (
        Node("township", "working_committee", "regional", f"{names.place()}街道党工委")
        if street
        else Node("township", "party_committee", "regional", f"{names.place()}镇党委")
    )
    for _ in range(villages):
        if street:
            village = Node("village", "party_committee", "community", f"{names.place()}社区党委")
        else:
            village = Node("village", "general_branch", "rural", f"{names.place()}村党总支")
        township.children.append(village)
    return township


def _allocate_branches(root: Node, size: int, rng: random.Random) -> None:
    holders = [node for node in walk(root) if node.level in BRANCH_WEIGHT]
    remaining = size - sum(1 for _ in walk(root))
    if remaining < 0:
        raise ValueError(f"a tree of {size} organisations is too small for this shape")
    weights = [rng.uniform(*BRANCH_WEIGHT[node.level]) for node in holders]
    total = sum(weights)
    quotas = [remaining * weight / total for weight in weights]
    for node, quota in zip(holders, quotas, strict=True):
        node.branches = int(quota)
    # Largest remainders first, so the total is exact and the result deterministic.
    leftover = remaining - sum(node.branches for node in holders)
    by_fraction = sorted(
        range(len(holders)), key=lambda i: quotas[i] - int(quotas[i]), reverse=True
    )
    for index in by_fraction[:leftover]:
        holders[index].branches += 1


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


def rows(
    root: Node, root_path: str, start_id: int, stamp: object, seed: int = 2026
) -> Iterator[tuple[object, ...]]:
    """Rows for ``COLUMNS`` in path order (parents first), ids from ``start_id``."""
    rng = random.Random(seed + 1)
    names = _Names(rng)
    next_id = start_id

    def emit(node: Node, parent_id: int | None, path: str) -> Iterator[tuple[object, ...]]:
        nonlocal next_id
        own_id = next_id
        next_id += 1
        yield _row(own_id, node.name, node.level, node.kind, node.field, parent_id, path, stamp)
        number = 0
        for number, child in enumerate(node.children, start=1):
            yield from emit(child, own_id, tree.child_path(path, number))
        for offset in range(1, node.branches + 1):
            name, branch_field = _branch_name(node, offset, names)
            child_path = tree.child_path(path, number + offset)
            branch_id = next_id
            next_id += 1
            yield _row(branch_id, name, "branch", "branch", branch_field, own_id, child_path, stamp)

    yield from emit(root, None, root_path)


def _branch_name(holder: Node, n: int, names: _Names) -> tuple[str, str]:
    if holder.level == "village":
        base = holder.name.removesuffix("村党总支").removesuffix("社区党委")
        if holder.field == "community":
            return f"{base}社区第{n}网格党支部", "community"
        return f"{base}村第{n}党支部", "rural"
    units = COUNTY_UNITS if holder.level == "county" else TOWNSHIP_UNITS
    pattern, unit_field = units[n % len(units)]
    prefix = holder.name.removeprefix("中共").removesuffix("党工委").removesuffix("党委")
    prefix = prefix.removesuffix("委")
    return prefix + pattern.format(p=names.place(), n=n), unit_field


def _row(
    org_id: int,
    name: str,
    level: str,
    kind: str,
    org_field: str,
    parent_id: int | None,
    path: str,
    stamp: object,
) -> tuple[object, ...]:
    code = f"BT{org_id:07d}"
    depth = tree.depth_of(path)
    return (org_id, code, name, level, kind, org_field, parent_id, path, depth, True, stamp, stamp)


def build_tree(size: int, seed: int = 2026) -> BuiltTree:
    """Generate a tree of exactly ``size`` organisations as a new root and insert it."""
    from django.db import connection, transaction
    from django.db.models import Max

    from shuzhi.orgs.models import Organization
    from shuzhi.orgs.search_index import index_organizations
    from shuzhi.orgs.services import next_child_path

    started = time.perf_counter()
    root = skeleton(size, seed)
    counts: dict[str, int] = {}
    for node in walk(root):
        counts[node.level] = counts.get(node.level, 0) + 1
        counts["branch"] = counts.get("branch", 0) + node.branches
    with transaction.atomic():
        root_path = next_child_path(None)
        start_id = (Organization.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        postgres = connection.vendor == "postgresql"
        stamp = STAMP if postgres else STAMP.strftime("%Y-%m-%d %H:%M:%S")
        data = rows(root, root_path, start_id, stamp, seed)
        bulk_insert("orgs_organization", COLUMNS, data, reset_sequence=True)
    # Raw inserts bypass save(): the name index is built in bulk, as an import does.
    index_organizations()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return BuiltTree(start_id, root_path, counts, time.perf_counter() - started)
