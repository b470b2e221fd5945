"""Actions that change the organisation tree, people, posts and representatives."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr

from shuzhi.accounts.access import require
from shuzhi.accounts.models import User
from shuzhi.audit.services import changed, record, snapshot
from shuzhi.core.validators import reject_formula_like
from shuzhi.orgs import tree
from shuzhi.orgs.models import Organization, Person, Post, Representative
from shuzhi.orgs.queries import subtree_filter

ORGANIZATION_FIELDS = ("code", "name", "level", "kind", "field", "parent", "is_active")
PERSON_FIELDS = ("code", "name", "gender", "birth_year", "phone", "unit")


def next_child_path(parent: Organization | None) -> str:
    """The path for a new last child of ``parent`` (a new root when None)."""
    siblings = Organization.objects.filter(parent=parent)
    if parent is not None:
        # Serialises concurrent inserts under one parent on PostgreSQL; SQLite's IMMEDIATE
        # transactions already serialise writers.
        Organization.objects.select_for_update().filter(pk=parent.pk).first()
    last = siblings.aggregate(last=Max("path"))["last"]
    number = tree.last_step_number(last) + 1 if last else 1
    return tree.child_path(parent.path if parent else "", number)


@transaction.atomic
def create_organization(
    *,
    actor: User,
    code: str,
    name: str,
    level: str,
    kind: str,
    field: str,
    parent: Organization | None,
) -> Organization:
    """Create an organisation as the last child of ``parent``."""
    if parent is None:
        if not getattr(actor, "is_superuser", False):
            raise ValidationError("只有系统管理员可以创建顶级组织。")
    else:
        require(actor, "orgs.manage", parent)
    reject_formula_like(name)
    path = next_child_path(parent)
    organization = Organization(
        code=code,
        name=name,
        level=level,
        kind=kind,
        field=field,
        parent=parent,
        path=path,
        depth=tree.depth_of(path),
    )
    organization.full_clean()
    organization.save()
    record(
        actor=actor,
        action="orgs.organization.create",
        target=organization,
        after=snapshot(organization, ORGANIZATION_FIELDS),
    )
    return organization


@transaction.atomic
def update_organization(*, actor: User, organization: Organization, **values: Any) -> Organization:
    """Change name, level, kind, field or active flag; moving uses ``move_organization``."""
    require(actor, "orgs.manage", organization)
    allowed = {"name", "level", "kind", "field", "is_active"}
    if unknown := set(values) - allowed:
        raise ValueError(f"cannot update {sorted(unknown)} here")
    if "name" in values:
        reject_formula_like(values["name"])
    before = snapshot(organization, ORGANIZATION_FIELDS)
    for key, value in values.items():
        setattr(organization, key, value)
    organization.full_clean()
    after = snapshot(organization, ORGANIZATION_FIELDS)
    if diff := changed(before, after):
        organization.save()
        record(
            actor=actor,
            action="orgs.organization.update",
            target=organization,
            before={k: before[k] for k in diff},
            after=diff,
        )
    return organization


@transaction.atomic
def move_organization(
    *, actor: User, organization: Organization, new_parent: Organization
) -> Organization:
    """Re-attach ``organization`` and its whole subtree under ``new_parent``."""
    require(actor, "orgs.manage", organization)
    require(actor, "orgs.manage", new_parent)
    if tree.is_within(new_parent.path, organization.path):
        raise ValidationError("不能把组织移动到它自己的下级组织之下。")
    if organization.parent_id == new_parent.pk:
        return organization
    old_path, old_parent_code = (
        organization.path,
        organization.parent.code if organization.parent else "",
    )
    new_path = next_child_path(new_parent)
    depth_change = tree.depth_of(new_path) - organization.depth
    # One statement rewrites every descendant's prefix, so a move costs O(subtree) in SQL.
    Organization.objects.filter(subtree_filter(old_path)).update(
        path=Concat(Value(new_path), Substr("path", Length(Value(old_path)) + 1)),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
    organization.refresh_from_db()
    record(
        actor=actor,
        action="orgs.organization.move",
        target=organization,
        before={"parent": old_parent_code},
        after={"parent": new_parent.code},
    )
    return organization


@transaction.atomic
def assign_post(
    *, actor: User, organization: Organization, person: Person, role: str, start_date: date
) -> Post:
    """Give ``person`` the post; the current holder's term ends the day before."""
    require(actor, "orgs.manage", organization)
    current = (
        Post.objects.select_for_update()
        .filter(organization=organization, role=role)
        .current()
        .first()
    )
    if current is not None:
        if current.person_id == person.pk:
            return current
        if current.start_date >= start_date:
            raise ValidationError("新任职日期必须晚于现任人员的任职日期。")
        end_post(actor=actor, post=current, end_date=start_date - timedelta(days=1))
    post = Post.objects.create(
        organization=organization, person=person, role=role, start_date=start_date
    )
    record(
        actor=actor,
        action="orgs.post.assign",
        target=post,
        organization=organization,
        after={"person": person.code, "role": role, "start_date": start_date.isoformat()},
    )
    return post


@transaction.atomic
def appoint(
    *,
    actor: User,
    organization: Organization,
    role: str,
    start_date: date,
    person: Person | None = None,
    person_code: str = "",
    person_name: str = "",
) -> Post:
    """Give the post to ``person``, or to a new person made from code and name (in the
    organisation): both or neither."""
    if person is None:
        person = create_person(
            actor=actor, code=person_code.strip(), name=person_name, unit=organization
        )
    return assign_post(
        actor=actor, organization=organization, person=person, role=role, start_date=start_date
    )


@transaction.atomic
def end_post(*, actor: User, post: Post, end_date: date) -> Post:
    """End a term on ``end_date`` (when the post is handed over, the day before the new term)."""
    require(actor, "orgs.manage", post.organization)
    if end_date < post.start_date:
        raise ValidationError("离任日期不能早于任职日期。")
    post.end_date = end_date
    post.save(update_fields=["end_date"])
    record(
        actor=actor,
        action="orgs.post.end",
        target=post,
        organization=post.organization,
        after={"end_date": end_date.isoformat()},
    )
    return post


@transaction.atomic
def add_representative(
    *, actor: User, organization: Organization, person: Person, category: str
) -> Representative:
    require(actor, "orgs.manage", organization)
    representative, created = Representative.objects.get_or_create(
        organization=organization, person=person, category=category
    )
    if created:
        record(
            actor=actor,
            action="orgs.representative.add",
            target=representative,
            organization=organization,
            after={"person": person.code, "category": category},
        )
    return representative


@transaction.atomic
def create_person(*, actor: User, code: str, name: str, unit: Organization) -> Person:
    require(actor, "orgs.manage", unit)
    reject_formula_like(name)
    person = Person(code=code, name=name, unit=unit)
    person.full_clean()
    person.save()
    record(
        actor=actor,
        action="orgs.person.create",
        target=person,
        organization=unit,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person
