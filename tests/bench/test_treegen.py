"""Smoke test of the tree benchmark's generator and page measurements, so they cannot rot."""

from __future__ import annotations

import pytest

from bench import tree as tree_bench
from bench import treegen
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization

LEVEL_DEPTH = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4}
BRANCH_HOLDERS = {"county", "township", "village"}


@pytest.mark.parametrize("size", [800, 2_000, 50_000])
def test_skeleton_allocates_exactly_the_requested_size(size: int) -> None:
    root = treegen.skeleton(size)
    nodes = list(treegen.walk(root))
    assert len(nodes) + sum(n.branches for n in nodes) == size
    assert all(n.branches == 0 or n.level in BRANCH_HOLDERS for n in nodes)


def test_generation_is_deterministic() -> None:
    first = list(treegen.rows(treegen.skeleton(1_000), "0001", 1, "t"))
    again = list(treegen.rows(treegen.skeleton(1_000), "0001", 1, "t"))
    assert first == again and len(first) == 1_000


def test_too_small_a_tree_is_refused() -> None:
    with pytest.raises(ValueError, match="too small"):
        treegen.skeleton(20)


@pytest.mark.django_db
def test_built_tree_has_consistent_levels_and_paths() -> None:
    built = treegen.build_tree(2_000)
    assert built.size == 2_000 and built.counts["province"] == 1
    rows = list(Organization.objects.values_list("id", "parent_id", "path", "depth", "level"))
    assert len(rows) == 2_000
    by_id = {row[0]: row for row in rows}
    assert len({row[2] for row in rows}) == 2_000
    for _, parent_id, path, depth, level in rows:
        assert depth == tree.depth_of(path)
        if level in LEVEL_DEPTH:
            assert depth == LEVEL_DEPTH[level]
        if parent_id is None:
            assert path == built.root_path
            continue
        parent = by_id[parent_id]
        assert parent[2] == path[: -tree.STEP_WIDTH]
        if level == "branch":
            assert parent[4] in BRANCH_HOLDERS
    assert built.counts == {
        level: sum(1 for row in rows if row[4] == level) for level in built.counts
    }


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_tree() -> None:
    small = tree_bench.prepare_samples(treegen.build_tree(800, seed=1).root_path)
    large = tree_bench.prepare_samples(treegen.build_tree(2_000, seed=2).root_path)
    assert Organization.objects.count() == 2_800
    small_counts = tree_bench.page_query_counts(small)
    large_counts = tree_bench.page_query_counts(large)
    assert small_counts == large_counts
    assert set(small_counts) == {page.label for page in tree_bench.pages(small)}
    # A name search of three or more characters reads the index a window at a time (bounded).
    assert all(0 < n <= 16 for n in large_counts.values()), sorted(large_counts.items())


@pytest.mark.django_db
def test_timed_name_search_finds_the_village(client) -> None:  # type: ignore[no-untyped-def]
    samples = tree_bench.prepare_samples(treegen.build_tree(1_000).root_path)
    client.force_login(samples.county_admin)
    html = client.get(f"/orgs/search/?q={samples.search_term}").content.decode()
    assert samples.search_term in html and "没有找到" not in html


@pytest.mark.django_db
def test_baseline_methods_agree_on_the_subtree() -> None:
    samples = tree_bench.prepare_samples(treegen.build_tree(1_000).root_path)
    timings = tree_bench.baseline_counts(samples, repeat=1)  # raises if any count differs
    assert set(timings) == {"path range (app)", "prefix, no index", "LIKE 'p%'", "recursive CTE"}
