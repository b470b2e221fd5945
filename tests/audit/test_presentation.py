"""Audit values read as labelled Chinese lines, not as Python reprs."""

from __future__ import annotations

from shuzhi.audit.presentation import change_lines


def test_field_names_take_the_models_verbose_names_and_booleans_read_in_chinese() -> None:
    lines = change_lines("orgs.Organization", {"name": "甲县委", "reason": "更正", "x": True})
    assert lines == [("组织名称", "甲县委"), ("理由", "更正"), ("x", "是")]


def test_empty_unknown_model_and_nested_values() -> None:
    assert change_lines("orgs.Organization", None) == []
    assert change_lines("nowhere.Model", {"gates": ["甲", "乙"], "v": None}) == [
        ("gates", "甲、乙"),
        ("v", "（空）"),
    ]


def test_a_key_named_like_a_reverse_relation_reads_as_itself() -> None:
    # Organization has reverse relations (e.g. its children) that carry no label.
    assert change_lines("orgs.Organization", {"children": [1, 2]}) == [("children", "1、2")]
