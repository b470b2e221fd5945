from hypothesis import given
from hypothesis import strategies as st

from shuzhi.orgs import tree

steps = st.integers(min_value=1, max_value=tree.MAX_CHILDREN - 1)
paths = st.lists(steps, min_size=1, max_size=6).map(
    lambda ns: "".join(tree.encode_step(n) for n in ns)
)


@given(steps)
def test_step_round_trips(number: int) -> None:
    assert tree.decode_step(tree.encode_step(number)) == number


@given(steps, steps)
def test_steps_sort_like_numbers(a: int, b: int) -> None:
    assert (tree.encode_step(a) < tree.encode_step(b)) == (a < b)


@given(paths, paths)
def test_subtree_range_holds_exactly_the_descendants(root: str, other: str) -> None:
    upper = tree.successor(root)
    in_range = other >= root and (upper is None or other < upper)
    assert in_range == tree.is_within(other, root)


@given(paths)
def test_ancestors_are_prefixes_root_first(path: str) -> None:
    ancestors = tree.ancestor_paths(path)
    assert len(ancestors) == tree.depth_of(path)
    assert all(path.startswith(a) for a in ancestors)
    assert ancestors == sorted(ancestors, key=len)


def test_successor_carries_over_the_last_digit() -> None:
    assert tree.successor("0001000Z") == "0001001"
    assert tree.successor("ZZZZ") is None
