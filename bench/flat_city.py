"""A city with one level of units under it, each with one person: the fixture of the benches
that time a round (``round_service``, ``report_index``), where the tree's shape does not matter."""

from __future__ import annotations

from typing import Any


def flat_city(
    count: int, *, city_name: str, unit_name: str, person_name: str
) -> tuple[Any, list[Any], list[Any]]:
    """(city, units, people): ``count`` township units under one city, a person in each, bulk
    written; names are ``unit_name`` / ``person_name`` followed by the unit's number."""
    from shuzhi.orgs import tree
    from shuzhi.orgs.models import Organization, Person

    root = tree.child_path("", 1)
    city = Organization.objects.create(
        code="B",
        name=city_name,
        level="city",
        kind="party_committee",
        field="regional",
        path=root,
        depth=0,
    )
    units = Organization.objects.bulk_create(
        (
            Organization(
                code=f"B-{i:06d}",
                name=unit_name.format(i),
                parent=city,
                level="township",
                kind="party_committee",
                field="regional",
                path=tree.child_path(root, i + 1),
                depth=1,
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    people = Person.objects.bulk_create(
        (Person(code=f"BP{i:06d}", name=f"{person_name}{i}", unit=u) for i, u in enumerate(units)),
        batch_size=5000,
    )
    return city, units, people
