"""core.bulk: integer columns read at once (a bytea packed by PostgreSQL, tuples on SQLite)."""

from __future__ import annotations

import numpy as np
import pytest
from django.db.models import BigIntegerField, Case, F, IntegerField, Value, When

from shuzhi.core.bulk import read_integers
from shuzhi.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_integer_columns_come_back_as_the_rows_give_them(small_city):
    rows = Organization.objects.order_by().values_list(
        "pk",
        "depth",
        Case(When(depth=0, then=Value(-7)), default=F("pk") * 1000, output_field=BigIntegerField()),
        Case(When(depth=1, then=Value(1)), default=Value(0), output_field=IntegerField()),
    )
    expected = sorted(map(list, rows))
    assert len(expected) > 3
    got = read_integers(rows, 4)
    assert got.dtype == np.int64 and got.shape == (len(expected), 4)
    assert sorted(got.tolist()) == expected
    assert read_integers(rows.filter(pk__lt=0), 4).shape == (0, 4)


def test_a_null_among_the_columns_is_refused(small_city):
    rows = Organization.objects.order_by().values_list(
        "pk", Case(When(depth=0, then=Value(None)), default=F("depth"))
    )
    with pytest.raises((ValueError, TypeError)):
        read_integers(rows, 2)
