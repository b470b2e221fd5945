"""Apply an organisation workbook: all or nothing, idempotent, keyed by codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from django.db import transaction
from django.db.models import Max

from shuzhi.audit.models import AuditEntry
from shuzhi.audit.services import build, record_many
from shuzhi.orgs import tree
from shuzhi.orgs.import_checks import ImportPlan, OrgRecord, check_workbook
from shuzhi.orgs.models import Organization, Person, Post, Representative
from shuzhi.orgs.services import move_organization
from shuzhi.orgs.workbook import RowError, WorkbookError, read_rows


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = []
        for key, label in (
            ("organization", "组织"),
            ("person", "人员"),
            ("post", "职务"),
            ("representative", "代表"),
        ):
            if self.created[key] or self.updated[key] or self.unchanged[key]:
                parts.append(
                    f"{label}：新增 {self.created[key]}，更新 {self.updated[key]}，未变 {self.unchanged[key]}"
                )
        return "；".join(parts) or "文件中没有数据"


def import_workbook(*, actor: Any, stream: IO[bytes]) -> ImportResult:
    """Check the whole file; write it in one transaction only if every row is valid."""
    try:
        rows, errors = read_rows(stream)
    except WorkbookError as error:
        return ImportResult(errors=[RowError("文件", 0, "", str(error))])
    if errors:
        return ImportResult(errors=errors)
    plan, errors = check_workbook(actor, rows)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (list(rows).index(e.sheet), e.row)))
    result = ImportResult()
    with transaction.atomic():
        audit: list[AuditEntry] = []
        orgs = _apply_organizations(actor, plan, result, audit)
        people = _apply_people(actor, plan, orgs, result, audit)
        _apply_posts(actor, plan, orgs, people, result, audit)
        _apply_representatives(actor, plan, orgs, people, result, audit)
        record_many(audit)
    return result


ORG_VALUES = ("name", "level", "kind", "field")


def _apply_organizations(
    actor: Any, plan: ImportPlan, result: ImportResult, audit: list[AuditEntry]
) -> dict[str, Organization]:
    orgs = dict(plan.existing_orgs)
    next_step: dict[int | None, int] = {}
    to_update: list[Organization] = []
    moves: list[tuple[Organization, str]] = []
    new_by_depth: dict[int, list[Organization]] = {}
    pending_parent: dict[str, str] = {}
    for record in plan.organizations:
        current = orgs.get(record.code)
        if current is None:
            organization = _new_organization(record, orgs, next_step)
            orgs[record.code] = organization
            new_by_depth.setdefault(organization.depth, []).append(organization)
            if record.parent_code:
                pending_parent[record.code] = record.parent_code
            continue
        before = {k: getattr(current, k) for k in ORG_VALUES}
        after = {k: getattr(record, k) for k in ORG_VALUES}
        if before != after:
            for key, value in after.items():
                setattr(current, key, value)
            to_update.append(current)
            audit.append(
                build(
                    actor=actor,
                    action="orgs.organization.update",
                    target=current,
                    before=before,
                    after=after,
                )
            )
        current_parent = current.parent.code if current.parent_id and current.parent else ""
        if record.parent_code and record.parent_code != current_parent:
            moves.append((current, record.parent_code))
        elif current not in to_update:
            result.unchanged["organization"] += 1
    for depth in sorted(new_by_depth):
        batch = new_by_depth[depth]
        for organization in batch:
            if organization.code in pending_parent:
                organization.parent = orgs[pending_parent[organization.code]]
        Organization.objects.bulk_create(batch, batch_size=1000)
        for organization in batch:
            audit.append(
                build(
                    actor=actor,
                    action="orgs.organization.create",
                    target=organization,
                    after={
                        "code": organization.code,
                        "name": organization.name,
                        "parent": pending_parent.get(organization.code, ""),
                    },
                )
            )
    result.created["organization"] += sum(len(b) for b in new_by_depth.values())
    Organization.objects.bulk_update(to_update, ORG_VALUES, batch_size=1000)
    result.updated["organization"] += len(to_update)
    for organization, parent_code in moves:
        move_organization(actor=actor, organization=organization, new_parent=orgs[parent_code])
        if organization not in to_update:
            result.updated["organization"] += 1
    return orgs


def _new_organization(
    record: OrgRecord, orgs: dict[str, Organization], next_step: dict[int | None, int]
) -> Organization:
    parent = orgs.get(record.parent_code) if record.parent_code else None
    key = id(parent) if parent is not None else None
    if key not in next_step:
        last = None
        if parent is None or parent.pk is not None:
            last = Organization.objects.filter(parent=parent).aggregate(last=Max("path"))["last"]
        next_step[key] = tree.last_step_number(last) if last else 0
    next_step[key] += 1
    path = tree.child_path(parent.path if parent is not None else "", next_step[key])
    return Organization(
        code=record.code,
        name=record.name,
        level=record.level,
        kind=record.kind,
        field=record.field,
        parent=parent,
        path=path,
        depth=tree.depth_of(path),
    )


PERSON_VALUES = ("name", "gender", "birth_year", "phone", "unit_id")


def _apply_people(
    actor: Any,
    plan: ImportPlan,
    orgs: dict[str, Organization],
    result: ImportResult,
    audit: list[AuditEntry],
) -> dict[str, Person]:
    people = dict(plan.existing_people)
    new, changed = [], []
    for record in plan.people:
        values = {
            "name": record.name,
            "gender": record.gender,
            "birth_year": record.birth_year,
            "phone": record.phone,
            "unit_id": orgs[record.unit_code].pk,
        }
        current = people.get(record.code)
        if current is None:
            people[record.code] = Person(code=record.code, **values)
            new.append(people[record.code])
            continue
        before = {k: getattr(current, k) for k in PERSON_VALUES}
        if before == values:
            result.unchanged["person"] += 1
            continue
        for key, value in values.items():
            setattr(current, key, value)
        changed.append(current)
        audit.append(
            build(
                actor=actor,
                action="orgs.person.update",
                target=current,
                organization=orgs[record.unit_code],
                before=before,
                after=values,
            )
        )
    Person.objects.bulk_create(new, batch_size=1000)
    Person.objects.bulk_update(changed, PERSON_VALUES, batch_size=1000)
    result.created["person"] += len(new)
    result.updated["person"] += len(changed)
    return people


def _apply_posts(
    actor: Any,
    plan: ImportPlan,
    orgs: dict[str, Organization],
    people: dict[str, Person],
    result: ImportResult,
    audit: list[AuditEntry],
) -> None:
    org_ids = {orgs[p.organization_code].pk for p in plan.posts}
    existing = {
        (post.organization_id, post.person_id, post.role, post.start_date): post
        for post in Post.objects.filter(organization_id__in=org_ids)
    }
    current = {(p.organization_id, p.role): p for p in existing.values() if p.end_date is None}
    # Earlier terms first, so that a hand-over ends the previous holder before the next starts.
    for record in sorted(plan.posts, key=lambda p: p.start_date):
        organization, person = orgs[record.organization_code], people[record.person_code]
        key = (organization.pk, person.pk, record.role, record.start_date)
        post = existing.get(key)
        if post is not None:
            if post.end_date == record.end_date:
                result.unchanged["post"] += 1
                continue
            audit.append(
                build(
                    actor=actor,
                    action="orgs.post.update",
                    target=post,
                    organization=organization,
                    before={"end_date": post.end_date},
                    after={"end_date": record.end_date},
                )
            )
            post.end_date = record.end_date
            post.save(update_fields=["end_date"])
            if post.end_date is not None and current.get((organization.pk, record.role)) is post:
                del current[(organization.pk, record.role)]
            result.updated["post"] += 1
            continue
        holder = current.get((organization.pk, record.role))
        if record.end_date is None and holder is not None:
            holder.end_date = record.start_date - timedelta(days=1)
            holder.save(update_fields=["end_date"])
            audit.append(
                build(
                    actor=actor,
                    action="orgs.post.end",
                    target=holder,
                    organization=organization,
                    after={"end_date": holder.end_date},
                )
            )
        post = Post.objects.create(
            organization=organization,
            person=person,
            role=record.role,
            start_date=record.start_date,
            end_date=record.end_date,
        )
        if record.end_date is None:
            current[(organization.pk, record.role)] = post
        audit.append(
            build(
                actor=actor,
                action="orgs.post.assign",
                target=post,
                organization=organization,
                after={
                    "person": person.code,
                    "role": record.role,
                    "start_date": record.start_date,
                    "end_date": record.end_date,
                },
            )
        )
        result.created["post"] += 1


def _apply_representatives(
    actor: Any,
    plan: ImportPlan,
    orgs: dict[str, Organization],
    people: dict[str, Person],
    result: ImportResult,
    audit: list[AuditEntry],
) -> None:
    org_ids = {orgs[r.organization_code].pk for r in plan.representatives}
    existing = set(
        Representative.objects.filter(organization_id__in=org_ids).values_list(
            "organization_id", "person_id", "category"
        )
    )
    new = []
    for record in plan.representatives:
        organization, person = orgs[record.organization_code], people[record.person_code]
        if (organization.pk, person.pk, record.category) in existing:
            result.unchanged["representative"] += 1
            continue
        new.append(
            Representative(organization=organization, person=person, category=record.category)
        )
        existing.add((organization.pk, person.pk, record.category))
    Representative.objects.bulk_create(new, batch_size=1000)
    for representative in new:
        audit.append(
            build(
                actor=actor,
                action="orgs.representative.add",
                target=representative,
                organization=representative.organization,
                after={"person": representative.person.code, "category": representative.category},
            )
        )
    result.created["representative"] += len(new)
