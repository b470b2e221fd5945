"""Keeping the name index (``OrganizationNameGram``, ``PersonNameGram``) in step with the names.

Saving an organisation or a person re-indexes it (signals, ``receivers``); writes that bypass
``save()`` — bulk imports, the demo, a move of a subtree — call these functions themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Func, QuerySet, Value
from django.db.models.functions import Concat, Length, Substr

from shuzhi.core.bulk import column_of, insert_rows
from shuzhi.orgs.grams import name_grams
from shuzhi.orgs.models import (
    Organization,
    OrganizationNameGram,
    Person,
    PersonNameGram,
)
from shuzhi.orgs.queries import subtree_filter

CHUNK = 500  # ids per query: well under SQLite's limit on parameters
REBUILD_BATCH = 20_000


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _batches(queryset: QuerySet[Any, Any]) -> Iterator[list[tuple[int, str, str, str]]]:
    """All rows in slices by id, each fetched whole: no cursor is left open while COPY writes
    (one connection cannot read a server-side cursor in the middle of a COPY — it hangs)."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:REBUILD_BATCH]):
        yield batch
        last = batch[-1][0]


def _grams(rows: Iterable[tuple[int, str, str, str]]) -> Iterator[tuple[str, str, int]]:
    for pk, name, code, path in rows:
        for gram in name_grams(name, code):
            yield gram, path, pk


def _rebuild(
    model: type[OrganizationNameGram | PersonNameGram],
    fields: tuple[str, ...],
    rows: QuerySet[Any, Any],
) -> None:
    """Every row of ``model`` afresh; its gram index is dropped meanwhile and built once at
    the end, which is many times faster than keeping it up to date row by row."""
    quote = connection.ops.quote_name
    [index] = model._meta.indexes
    columns = ", ".join(quote(column_of(model, f)) for f in index.fields)
    with transaction.atomic(), connection.cursor() as cursor:
        model.objects.all().delete()
        # Raw DDL: SQLite's schema editor refuses to run inside a transaction.
        cursor.execute(f"DROP INDEX {quote(index.name)}")
        for batch in _batches(rows):
            insert_rows(model, fields, _grams(batch))
        table = quote(model._meta.db_table)
        if connection.vendor == "postgresql":
            # Run the deferred foreign-key checks now: PostgreSQL will not build an index on
            # a table with pending trigger events. Django's own constraints are deferred again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"CREATE INDEX {quote(index.name)} ON {table} ({columns})")


def index_organizations(ids: Collection[int] | None = None) -> None:
    """Index these organisations afresh (every organisation when ``ids`` is None)."""
    if ids is None:
        every = Organization.objects.values_list("pk", "name", "code", "path")
        _rebuild(OrganizationNameGram, ("gram", "path", "organization"), every)
        return
    for chunk in _chunks(ids):
        OrganizationNameGram.objects.filter(organization_id__in=chunk).delete()
        # Fetched whole before COPY starts: one connection cannot run a query mid-COPY.
        rows = list(
            Organization.objects.filter(pk__in=chunk).values_list("pk", "name", "code", "path")
        )
        insert_rows(OrganizationNameGram, ("gram", "path", "organization"), _grams(rows))


def index_people(ids: Collection[int] | None = None) -> None:
    """Index these people afresh (everyone when ``ids`` is None)."""
    fields = ("pk", "name", "code", "unit__path")
    if ids is None:
        everyone = Person.objects.values_list(*fields)
        _rebuild(PersonNameGram, ("gram", "path", "person"), everyone)
        return
    for chunk in _chunks(ids):
        PersonNameGram.objects.filter(person_id__in=chunk).delete()
        rows = list(Person.objects.filter(pk__in=chunk).values_list(*fields))
        insert_rows(PersonNameGram, ("gram", "path", "person"), _grams(rows))


def move_subtree(old_path: str, new_path: str) -> None:
    """The index follows a subtree moved from ``old_path`` to ``new_path``."""
    moved: Func = Concat(Value(new_path), Substr("path", Length(Value(old_path)) + 1))
    for model in (OrganizationNameGram, PersonNameGram):
        model.objects.filter(subtree_filter(old_path)).update(path=moved)


def reindex_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save: an organisation or person saved one at a time is re-indexed."""
    if kwargs.get("raw"):
        return  # loading fixtures
    if isinstance(instance, Organization):
        index_organizations([instance.pk])
    elif isinstance(instance, Person):
        index_people([instance.pk])
