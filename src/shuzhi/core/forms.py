"""Form pieces every app shares.

Dates are typed, not picked: a native ``<input type=date>`` shows the browser's own placeholder
(mm/dd/yyyy in an English browser) and its own calendar language. ``DateField`` is a text input
with a Chinese placeholder, read on the server in the ways people write dates here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
DATE_PLACEHOLDER = "年-月-日，如 2026-03-01"


class DateInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "class": "date-input"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return value.isoformat()
        return super().format_value(value)


class DateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": "请按“年-月-日”填写日期，如 2026-03-01。"}

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        return super().to_python(value)
