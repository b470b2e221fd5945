"""Test data builders. Small, explicit, and going through the same path rules as services."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from django.db import transaction

from shuzhi.accounts.models import RoleGrant, User
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.orgs.services import next_child_path

_sequence = count(1)

LEVEL_BELOW = {
    None: "city",
    "city": "county",
    "county": "township",
    "township": "village",
    "village": "branch",
}


def make_org(
    name: str, parent: Organization | None = None, code: str | None = None, **values: Any
) -> Organization:
    with transaction.atomic():
        path = next_child_path(parent)
    defaults = {
        "level": LEVEL_BELOW[parent.level if parent else None],
        "kind": "party_committee",
        "field": "regional",
    }
    defaults.update(values)
    return Organization.objects.create(
        code=code or f"T{next(_sequence):05d}",
        name=name,
        parent=parent,
        path=path,
        depth=tree.depth_of(path),
        **defaults,
    )


def make_person(name: str, unit: Organization, code: str | None = None) -> Person:
    return Person.objects.create(code=code or f"P{next(_sequence):06d}", name=name, unit=unit)


def make_post(
    organization: Organization, person: Person, role: str = "secretary", start: date | None = None
) -> Post:
    return Post.objects.create(
        organization=organization, person=person, role=role, start_date=start or date(2023, 1, 1)
    )


def make_user(
    username: str, role: str | None = None, scope: Organization | None = None, **values: Any
) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **values)
    if role is not None and scope is not None:
        RoleGrant.objects.create(user=user, role=role, organization=scope)
    return user
