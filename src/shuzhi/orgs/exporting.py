"""Export of a subtree in the import layout, so an export can be edited and imported back."""

from __future__ import annotations

from typing import IO

from shuzhi.core.workbook import append_row, new_workbook, write_sheet
from shuzhi.orgs.models import Organization, Person, Post, Representative
from shuzhi.orgs.queries import subtree_filter
from shuzhi.orgs.workbook import SHEETS

BATCH = 2000


def export_subtree(root: Organization, stream: IO[bytes]) -> None:
    """Write ``root`` and everything below it; streams rows, so memory stays flat."""
    workbook = new_workbook(write_only=True)
    sheets = {name: write_sheet(workbook, schema, []) for name, schema in SHEETS.items()}

    def append(name: str, values: list[object]) -> None:
        append_row(sheets[name], SHEETS[name].columns, values)

    labels = _labels()
    in_subtree = subtree_filter(root.path)

    organizations = (
        Organization.objects.filter(in_subtree)
        .order_by("path")
        .values_list("code", "name", "parent__code", "level", "kind", "field")
    )
    for code, name, parent_code, level, kind, field in organizations.iterator(chunk_size=BATCH):
        append(
            "组织",
            [
                code,
                name,
                parent_code or "",
                labels["level"][level],
                labels["kind"][kind],
                labels["field"][field],
            ],
        )
    people = (
        Person.objects.filter(subtree_filter(root.path, "unit__path"))
        .order_by("code")
        .values_list("code", "name", "gender", "birth_year", "phone", "unit__code")
    )
    for code, name, gender, birth_year, phone, unit_code in people.iterator(chunk_size=BATCH):
        append("人员", [code, name, labels["gender"].get(gender, ""), birth_year, phone, unit_code])
    posts = (
        Post.objects.filter(subtree_filter(root.path, "organization__path"))
        .order_by("organization__path", "role", "start_date")
        .values_list("organization__code", "person__code", "role", "start_date", "end_date")
    )
    for org_code, person_code, role, start, end in posts.iterator(chunk_size=BATCH):
        append("职务", [org_code, person_code, labels["role"][role], start, end])
    representatives = (
        Representative.objects.filter(subtree_filter(root.path, "organization__path"))
        .order_by("organization__path", "category", "person__code")
        .values_list("organization__code", "person__code", "category")
    )
    for org_code, person_code, category in representatives.iterator(chunk_size=BATCH):
        append("代表", [org_code, person_code, labels["category"][category]])
    workbook.save(stream)


def _labels() -> dict[str, dict[str, str]]:
    """{column key: {code: label}} for every choice column of the layout."""
    return {
        column.name: {code: label for label, code in column.choices.items()}
        for schema in SHEETS.values()
        for column in schema.columns
        if column.choices is not None
    }
