"""How an audit entry's before/after values read on the page: labelled lines in Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

# Keys that many services record and that are not model fields.
COMMON_LABELS = {
    "reason": "理由",
    "status": "状态",
    "version": "版本",
    "year": "年度",
    "name": "名称",
    "code": "编码",
    "role": "角色",
    "count": "数量",
}


def _label(model: Any, key: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        # A reverse relation (e.g. a theme's members) is found by name but has no label.
        if label := getattr(field, "verbose_name", None):
            return str(label)
    return COMMON_LABELS.get(key, key)


def _text(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return "；".join(f"{k}：{_text(v)}" for k, v in value.items())
    return str(value)


def change_lines(object_type: str, values: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """``values`` as (label, text) pairs, labels from the model's verbose names where known."""
    if not values:
        return []
    try:
        model = apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        model = None
    if not isinstance(values, Mapping):
        return [("", _text(values))]
    return [(_label(model, key), _text(value)) for key, value in values.items()]
