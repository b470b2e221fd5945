"""Apply an organisation workbook: all or nothing, idempotent, keyed by codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from django.db import transaction
from django.db.models import Max

from shuzhi.accounts.models import User
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


Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    del percent, stage


def import_workbook(
    *, actor: User, stream: IO[bytes], progress: Progress = _no_progress
) -> ImportResult:
    """Check the whole file; write it in one transaction only if every row is valid.

    ``progress(percent, stage)`` is told how far the import has got, for long files.
    """
    progress(5, "读取文件")
    try:
        rows, errors = read_rows(stream)
    except WorkbookError as error:
        return ImportResult(errors=[RowError("文件", 0, "", str(error))])
    if errors:
        return ImportResult(errors=errors)
    progress(30, "逐行检查")
    plan, errors = check_workbook(actor, rows)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (list(rows).index(e.sheet), e.row)))
    result = ImportResult()
    with transaction.atomic():
        run = _ImportRun(actor=actor, plan=plan, result=result)
        progress(50, "写入组织")
        run.apply_organizations()
        progress(70, "写入人员")
        run.apply_people()
        progress(80, "写入职务")
        run.apply_posts()
        progress(90, "写入代表")
        run.apply_representatives()
        record_many(run.audit)
    progress(100, "完成")
    return result


ORG_VALUES = ("name", "level", "kind", "field")
PERSON_VALUES = ("name", "gender", "birth_year", "phone", "unit_id")


@dataclass
class _ImportRun:
    """One application of a checked plan; audit entries are collected and written in one batch."""

    actor: User
    plan: ImportPlan
    result: ImportResult
    audit: list[AuditEntry] = field(default_factory=list)
    orgs: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def _log(self, action: str, target: Any, **values: Any) -> None:
        self.audit.append(build(actor=self.actor, action=action, target=target, **values))

    def apply_organizations(self) -> None:
        orgs = self.orgs
        orgs.update(self.plan.existing_orgs)
        next_step: dict[int | None, int] = {}
        to_update: list[Organization] = []
        moves: list[tuple[Organization, str]] = []
        new_by_depth: dict[int, list[Organization]] = {}
        for record in self.plan.organizations:
            current = orgs.get(record.code)
            if current is None:
                organization = _new_organization(record, orgs, next_step)
                orgs[record.code] = organization
                new_by_depth.setdefault(organization.depth, []).append(organization)
                continue
            before = {k: getattr(current, k) for k in ORG_VALUES}
            after = {k: getattr(record, k) for k in ORG_VALUES}
            if before != after:
                for key, value in after.items():
                    setattr(current, key, value)
                to_update.append(current)
                self._log("orgs.organization.update", current, before=before, after=after)
            current_parent = current.parent.code if current.parent else ""
            if record.parent_code and record.parent_code != current_parent:
                moves.append((current, record.parent_code))
            elif current not in to_update:
                self.result.unchanged["organization"] += 1
        # Parents are saved a level before their children, so each child's parent has its key.
        for depth in sorted(new_by_depth):
            Organization.objects.bulk_create(new_by_depth[depth], batch_size=1000)
            for organization in new_by_depth[depth]:
                parent_code = organization.parent.code if organization.parent else ""
                after = {
                    "code": organization.code,
                    "name": organization.name,
                    "parent": parent_code,
                }
                self._log("orgs.organization.create", organization, after=after)
        self.result.created["organization"] += sum(len(b) for b in new_by_depth.values())
        Organization.objects.bulk_update(to_update, ORG_VALUES, batch_size=1000)
        self.result.updated["organization"] += len(to_update)
        for organization, parent_code in moves:
            move_organization(
                actor=self.actor, organization=organization, new_parent=orgs[parent_code]
            )
            if organization not in to_update:
                self.result.updated["organization"] += 1

    def apply_people(self) -> None:
        self.people.update(self.plan.existing_people)
        new, changed = [], []
        for record in self.plan.people:
            unit = self.orgs[record.unit_code]
            values = {
                "name": record.name,
                "gender": record.gender,
                "birth_year": record.birth_year,
                "phone": record.phone,
                "unit_id": unit.pk,
            }
            current = self.people.get(record.code)
            if current is None:
                self.people[record.code] = Person(code=record.code, **values)
                new.append(self.people[record.code])
                continue
            before = {k: getattr(current, k) for k in PERSON_VALUES}
            if before == values:
                self.result.unchanged["person"] += 1
                continue
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
            self._log("orgs.person.update", current, organization=unit, before=before, after=values)
        Person.objects.bulk_create(new, batch_size=1000)
        Person.objects.bulk_update(changed, PERSON_VALUES, batch_size=1000)
        self.result.created["person"] += len(new)
        self.result.updated["person"] += len(changed)

    def apply_posts(self) -> None:
        org_ids = {self.orgs[p.organization_code].pk for p in self.plan.posts}
        existing = {
            (post.organization_id, post.person_id, post.role, post.start_date): post
            for post in Post.objects.filter(organization_id__in=org_ids)
        }
        current = {(p.organization_id, p.role): p for p in existing.values() if p.end_date is None}
        # Earlier terms first, so that a hand-over ends the previous holder before the next starts.
        for record in sorted(self.plan.posts, key=lambda p: p.start_date):
            organization = self.orgs[record.organization_code]
            person = self.people[record.person_code]
            post = existing.get((organization.pk, person.pk, record.role, record.start_date))
            if post is not None:
                if post.end_date == record.end_date:
                    self.result.unchanged["post"] += 1
                    continue
                self._log(
                    "orgs.post.update",
                    post,
                    organization=organization,
                    before={"end_date": post.end_date},
                    after={"end_date": record.end_date},
                )
                post.end_date = record.end_date
                post.save(update_fields=["end_date"])
                if (
                    post.end_date is not None
                    and current.get((organization.pk, record.role)) is post
                ):
                    del current[(organization.pk, record.role)]
                self.result.updated["post"] += 1
                continue
            holder = current.get((organization.pk, record.role))
            if record.end_date is None and holder is not None:
                holder.end_date = record.start_date - timedelta(days=1)
                holder.save(update_fields=["end_date"])
                self._log(
                    "orgs.post.end",
                    holder,
                    organization=organization,
                    after={"end_date": holder.end_date},
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
            after = {
                "person": person.code,
                "role": record.role,
                "start_date": record.start_date,
                "end_date": record.end_date,
            }
            self._log("orgs.post.assign", post, organization=organization, after=after)
            self.result.created["post"] += 1

    def apply_representatives(self) -> None:
        org_ids = {self.orgs[r.organization_code].pk for r in self.plan.representatives}
        existing = set(
            Representative.objects.filter(organization_id__in=org_ids).values_list(
                "organization_id", "person_id", "category"
            )
        )
        new = []
        for record in self.plan.representatives:
            organization, person = (
                self.orgs[record.organization_code],
                self.people[record.person_code],
            )
            if (organization.pk, person.pk, record.category) in existing:
                self.result.unchanged["representative"] += 1
                continue
            new.append(
                Representative(organization=organization, person=person, category=record.category)
            )
            existing.add((organization.pk, person.pk, record.category))
        Representative.objects.bulk_create(new, batch_size=1000)
        for representative in new:
            after = {"person": representative.person.code, "category": representative.category}
            self._log(
                "orgs.representative.add",
                representative,
                organization=representative.organization,
                after=after,
            )
        self.result.created["representative"] += len(new)


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
