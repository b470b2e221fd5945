"""Every reader finds its columns by header: a file with its columns reversed (and an extra,
unknown column) reads exactly like the usual layout. The sources workbook has its own test in
tests/scoring/test_sources.py."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import Organization, Person, Post, Representative
from shuzhi.rounds.indicator_system import indicator_rows, save_indicator_system
from shuzhi.rounds.indicator_workbook import export_indicators, import_indicators
from shuzhi.scoring.engine import compute
from shuzhi.scoring.template import template_workbook
from shuzhi.scoring.workbook import read_round_workbook
from tests.orgs.workbooks import good_workbook
from tests.rounds.helpers import SYSTEM, county_round

pytestmark = pytest.mark.django_db


def reversed_columns(source: BytesIO | Workbook) -> BytesIO:
    """The same workbook with every sheet's columns in reverse order and a 备注 column added."""
    workbook = source if isinstance(source, Workbook) else load_workbook(source)
    shuffled = Workbook()
    assert shuffled.active is not None
    shuffled.remove(shuffled.active)
    for sheet in workbook.worksheets:
        target = shuffled.create_sheet(sheet.title)
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            target.append(["备注" if number == 0 else "多余的内容", *reversed(row)])
    buffer = BytesIO()
    shuffled.save(buffer)
    buffer.seek(0)
    return buffer


def test_orgs_import_reads_columns_by_header(small_city, county_admin):
    result = import_workbook(actor=county_admin, stream=reversed_columns(good_workbook()))
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created["organization"], result.created["person"]) == (3, 2)
    assert (result.created["post"], result.created["representative"]) == (2, 1)
    village = Organization.objects.get(code="C-A3-1")
    assert (village.name, village.parent.code, village.field) == ("甲31村党支部", "C-A3", "rural")
    assert Person.objects.get(code="P-101").birth_year == 1980
    assert Post.objects.current().get(organization__code="C-A3").person.name == "赵立新"
    assert Representative.objects.get().category == "peoples_congress"
    # The same file in the usual order is now a no-op: both orders said the same thing.
    again = import_workbook(actor=county_admin, stream=good_workbook())
    assert again.ok and sum(again.created.values()) == sum(again.updated.values()) == 0


def test_indicator_import_reads_columns_by_header(small_city, city_admin):
    round_, _ = county_round(small_city, city_admin)
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM)
    before = indicator_rows(round_)
    exported = BytesIO(export_indicators(round_))
    save_indicator_system(actor=city_admin, round=round_, rows=SYSTEM[:1])
    import_indicators(actor=city_admin, round=round_, stream=reversed_columns(exported))
    assert indicator_rows(round_) == before


def test_round_workbook_reads_columns_by_header():
    usual = BytesIO()
    template_workbook().save(usual)
    usual.seek(0)
    expected = compute(*read_round_workbook(BytesIO(usual.getvalue())))
    shuffled = compute(*read_round_workbook(reversed_columns(usual)))
    assert shuffled.by_reporter() == expected.by_reporter()
    assert {o.composite for o in expected.outcomes} != {Decimal(0)}
