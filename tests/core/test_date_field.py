"""Dates are typed with a Chinese placeholder and read in the ways people write them."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from shuzhi.core.forms import DateField
from shuzhi.rectification.forms import ReportDeadlineForm
from shuzhi.scoring.forms import PublishForm


@pytest.mark.parametrize(
    "typed", ["2026-03-01", "2026/3/1", "2026.03.01", "2026年3月1日", "20260301", " 2026-03-01 "]
)
def test_common_ways_of_writing_a_date_are_read(typed: str) -> None:
    assert DateField().clean(typed) == date(2026, 3, 1)


def test_a_bad_date_is_refused_in_chinese() -> None:
    with pytest.raises(forms.ValidationError, match="年-月-日"):
        DateField().clean("03/01/2026")


def test_date_inputs_show_a_chinese_placeholder_not_the_browsers() -> None:
    for form in (PublishForm(), ReportDeadlineForm()):
        html = str(form)
        assert 'type="date"' not in html and "年-月-日，如 2026-03-01" in html
