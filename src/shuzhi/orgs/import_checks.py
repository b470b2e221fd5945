"""Validation of an organisation workbook against the database, before anything is written.

Produces either a list of row errors (sheet, row number, column, reason in Chinese) or a plan
of parsed records that ``orgs.importing`` applies in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shuzhi.accounts.access import has_permission
from shuzhi.accounts.models import User
from shuzhi.core.workbook import formula_like_error, parse_date
from shuzhi.orgs.choices import Field, Gender, Kind, Level, PostRole, RepresentativeCategory
from shuzhi.orgs.models import Organization, Person, Post
from shuzhi.orgs.workbook import (
    CODE_PATTERN,
    SHEETS,
    RowError,
    SheetRow,
    parse_choice,
    text,
)


@dataclass
class OrgRecord:
    row: int
    code: str
    name: str
    parent_code: str
    level: str
    kind: str
    field: str


@dataclass
class PersonRecord:
    row: int
    code: str
    name: str
    gender: str
    birth_year: int | None
    phone: str
    unit_code: str


@dataclass
class PostRecord:
    row: int
    organization_code: str
    person_code: str
    role: str
    start_date: date
    end_date: date | None


@dataclass
class RepresentativeRecord:
    row: int
    organization_code: str
    person_code: str
    category: str


@dataclass
class ImportPlan:
    organizations: list[OrgRecord] = field(default_factory=list)  # parents before children
    people: list[PersonRecord] = field(default_factory=list)
    posts: list[PostRecord] = field(default_factory=list)
    representatives: list[RepresentativeRecord] = field(default_factory=list)
    existing_orgs: dict[str, Organization] = field(default_factory=dict)
    existing_people: dict[str, Person] = field(default_factory=dict)


def _chunks(values: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_by_code(model: Any, codes: set[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    related = ["parent"] if model is Organization else ["unit"]
    for batch in _chunks(sorted(codes)):
        objects = model.objects.filter(code__in=batch).select_related(*related)
        found.update({obj.code: obj for obj in objects})
    return found


class Checker:
    """Collects errors while parsing; ``fail`` records one and returns None for chaining."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def fail(self, row: SheetRow, column_key: str, message: str) -> None:
        header = next(
            (c.header for c in SHEETS[row.sheet].columns if c.key == column_key), column_key
        )
        self.errors.append(RowError(row.sheet, row.row, header, message))

    def required(self, row: SheetRow, key: str) -> str:
        value = text(row.values.get(key))
        if not value:
            self.fail(row, key, "不能为空")
        return value

    def name(self, row: SheetRow, key: str, what: str) -> str:
        """A required name that will be exported: never formula-like (see core.workbook)."""
        value = self.required(row, key)
        if value and (problem := formula_like_error(value, what)):
            self.fail(row, key, problem)
            return ""
        return value

    def code(self, row: SheetRow, key: str) -> str:
        value = self.required(row, key)
        if value and not CODE_PATTERN.match(value):
            self.fail(row, key, f"编码「{value}」格式不正确（字母、数字、-、_、.，最长32位）")
            return ""
        return value

    def choice(self, row: SheetRow, key: str, choices: Any, required: bool = True) -> str:
        raw = text(row.values.get(key))
        if not raw:
            if required:
                self.fail(row, key, "不能为空")
            return ""
        parsed = parse_choice(raw, choices)
        if parsed is None:
            allowed = "、".join(str(label) for _, label in choices.choices)
            self.fail(row, key, f"「{raw}」不是有效值，可选：{allowed}")
            return ""
        return parsed

    def unique(self, row: SheetRow, key: str, value: Any, seen: dict[Any, int], what: str) -> bool:
        if value in seen:
            self.fail(row, key, f"{what}与第 {seen[value]} 行重复")
            return False
        seen[value] = row.row
        return True


def check_workbook(
    actor: User, rows: dict[str, list[SheetRow]]
) -> tuple[ImportPlan, list[RowError]]:
    checker = Checker()
    plan = ImportPlan()
    org_records = _parse_organizations(checker, rows["组织"])
    people = _parse_people(checker, rows["人员"])
    posts = _parse_posts(checker, rows["职务"])
    representatives = _parse_representatives(checker, rows["代表"])

    referenced = {r.code for r in org_records} | {
        r.parent_code for r in org_records if r.parent_code
    }
    referenced |= {p.unit_code for p in people} | {p.organization_code for p in posts}
    referenced |= {r.organization_code for r in representatives}
    plan.existing_orgs = _load_by_code(Organization, referenced)
    person_codes = {p.code for p in people} | {p.person_code for p in posts}
    person_codes |= {r.person_code for r in representatives}
    plan.existing_people = _load_by_code(Person, person_codes)

    file_orgs = {r.code: r for r in org_records}
    manageable = _scope_oracle(actor, file_orgs, plan.existing_orgs)
    plan.organizations = _check_tree(
        checker, rows["组织"], org_records, plan.existing_orgs, manageable, bool(actor.is_superuser)
    )
    known_org = set(file_orgs) | set(plan.existing_orgs)
    row_of = {r.row: r for r in rows["人员"]}
    for person in people:
        row = row_of[person.row]
        if person.unit_code not in known_org:
            checker.fail(row, "unit_code", f"找不到编码为「{person.unit_code}」的组织")
        elif not manageable(person.unit_code):
            checker.fail(row, "unit_code", f"无权在组织「{person.unit_code}」下维护人员")
        existing = plan.existing_people.get(person.code)
        if existing is not None and not has_permission(actor, "orgs.manage", existing.unit):
            checker.fail(row, "code", f"人员「{person.code}」不在您的管理范围内")
    plan.people = people
    known_people = {p.code for p in people} | set(plan.existing_people)
    plan.posts = _check_posts(
        checker, rows["职务"], posts, known_org, known_people, manageable, plan
    )
    rep_rows = {r.row: r for r in rows["代表"]}
    for rep in representatives:
        row = rep_rows[rep.row]
        _check_references(
            checker,
            row,
            rep.organization_code,
            rep.person_code,
            known_org,
            known_people,
            manageable,
        )
    plan.representatives = representatives
    return plan, checker.errors


def _parse_organizations(checker: Checker, rows: list[SheetRow]) -> list[OrgRecord]:
    records, seen = [], {}  # type: ignore[var-annotated]
    for row in rows:
        code = checker.code(row, "code")
        name = checker.name(row, "name", "组织名称")
        if len(name) > 100:
            checker.fail(row, "name", "名称过长（最多100字）")
        parent_code = text(row.values.get("parent_code"))
        level = checker.choice(row, "level", Level)
        kind = checker.choice(row, "kind", Kind)
        field_ = checker.choice(row, "field", Field)
        if code and parent_code == code:
            checker.fail(row, "parent_code", "上级组织不能是自己")
        if (
            code
            and checker.unique(row, "code", code, seen, "组织编码")
            and name
            and level
            and kind
            and field_
        ):
            records.append(OrgRecord(row.row, code, name, parent_code, level, kind, field_))
    return records


def _parse_people(checker: Checker, rows: list[SheetRow]) -> list[PersonRecord]:
    records, seen = [], {}  # type: ignore[var-annotated]
    for row in rows:
        code = checker.code(row, "code")
        name = checker.name(row, "name", "姓名")
        gender = checker.choice(row, "gender", Gender, required=False)
        birth_text = text(row.values.get("birth_year"))
        birth_year = None
        if birth_text:
            if birth_text.isdigit() and 1900 <= int(birth_text) <= 2100:
                birth_year = int(birth_text)
            else:
                checker.fail(row, "birth_year", f"「{birth_text}」不是有效的年份")
        unit_code = checker.code(row, "unit_code")
        if code and checker.unique(row, "code", code, seen, "人员编码") and name and unit_code:
            phone = text(row.values.get("phone"))[:20]
            records.append(PersonRecord(row.row, code, name, gender, birth_year, phone, unit_code))
    return records


def _parse_posts(checker: Checker, rows: list[SheetRow]) -> list[PostRecord]:
    records, seen = [], {}  # type: ignore[var-annotated]
    for row in rows:
        org_code = checker.code(row, "organization_code")
        person_code = checker.code(row, "person_code")
        role = checker.choice(row, "role", PostRole)
        start = parse_date(row.values.get("start_date"))
        if start is None:
            checker.fail(row, "start_date", "请填写有效日期，如 2024-01-05")
        end_raw = row.values.get("end_date")
        end = parse_date(end_raw) if text(end_raw) else None
        if text(end_raw) and end is None:
            checker.fail(row, "end_date", "请填写有效日期，如 2024-01-05，现任则留空")
        if start and end and end < start:
            checker.fail(row, "end_date", "离任日期不能早于任职日期")
            continue
        key = (org_code, person_code, role, start)
        if (
            org_code
            and person_code
            and role
            and start
            and checker.unique(row, "start_date", key, seen, "同一任职记录")
        ):
            records.append(PostRecord(row.row, org_code, person_code, role, start, end))
    return records


def _parse_representatives(checker: Checker, rows: list[SheetRow]) -> list[RepresentativeRecord]:
    records, seen = [], {}  # type: ignore[var-annotated]
    for row in rows:
        org_code = checker.code(row, "organization_code")
        person_code = checker.code(row, "person_code")
        category = checker.choice(row, "category", RepresentativeCategory)
        key = (org_code, person_code, category)
        if (
            org_code
            and person_code
            and category
            and checker.unique(row, "category", key, seen, "同一代表")
        ):
            records.append(RepresentativeRecord(row.row, org_code, person_code, category))
    return records


def _scope_oracle(
    actor: User, file_orgs: dict[str, OrgRecord], existing: dict[str, Organization]
) -> Callable[[str], bool]:
    """Whether the actor may manage the organisation with this code once the file is applied.

    An existing organisation is judged by its place in the tree; a new one by its parent.
    """
    memo: dict[str, bool] = {}

    def manageable(code: str, trail: frozenset[str] = frozenset()) -> bool:
        if code in memo:
            return memo[code]
        if actor.is_superuser:
            result = True
        elif code in existing:
            result = has_permission(actor, "orgs.manage", existing[code])
        elif code in file_orgs and code not in trail:
            parent = file_orgs[code].parent_code
            result = manageable(parent, trail | {code}) if parent else bool(actor.is_superuser)
        else:
            result = False
        memo[code] = result
        return result

    return manageable


def _check_tree(
    checker: Checker,
    rows: list[SheetRow],
    records: list[OrgRecord],
    existing: dict[str, Organization],
    manageable: Callable[[str], bool],
    is_superuser: bool,
) -> list[OrgRecord]:
    """Check parents, cycles and scope; return records ordered parents first."""
    by_code = {r.code: r for r in records}
    row_of = {r.row: r for r in rows}
    ordered: list[OrgRecord] = []
    state: dict[str, str] = {}
    in_cycle: set[str] = set()

    def visit(record: OrgRecord) -> None:
        if state.get(record.code) == "done":
            return
        if state.get(record.code) == "visiting":
            in_cycle.add(record.code)
            return
        state[record.code] = "visiting"
        if record.parent_code in by_code:
            visit(by_code[record.parent_code])
        state[record.code] = "done"
        ordered.append(record)

    for record in records:
        visit(record)
    refused: set[str] = set()
    for record in records:
        row = row_of[record.row]
        current = existing.get(record.code)
        current_parent = current.parent.code if current is not None and current.parent else ""
        moves = (
            current is not None
            and bool(record.parent_code)
            and record.parent_code != current_parent
        )
        problem = ""
        column = "parent_code"
        if record.code in in_cycle:
            problem = "上级组织关系形成了循环"
        elif (
            record.parent_code
            and record.parent_code not in by_code
            and record.parent_code not in existing
        ):
            problem = f"找不到编码为「{record.parent_code}」的上级组织"
        elif (
            not record.parent_code
            and (current is None or current.parent_id is not None)
            and not is_superuser
        ):
            problem = "只有系统管理员可以导入顶级组织，请填写上级组织编码"
        elif current is not None and not manageable(record.code):
            problem, column = f"组织「{record.code}」不在您的管理范围内", "code"
        elif current is None and record.parent_code and not manageable(record.parent_code):
            problem = f"无权在组织「{record.parent_code}」下新增组织"
        elif moves and not manageable(record.parent_code):
            problem = f"无权把组织移动到「{record.parent_code}」之下"
        if problem:
            checker.fail(row, column, problem)
            refused.add(record.code)
    return [record for record in ordered if record.code not in refused]


def _check_references(
    checker: Checker,
    row: SheetRow,
    org_code: str,
    person_code: str,
    known_org: set[str],
    known_people: set[str],
    manageable: Callable[[str], bool],
) -> bool:
    ok = True
    if org_code not in known_org:
        checker.fail(row, "organization_code", f"找不到编码为「{org_code}」的组织")
        ok = False
    elif not manageable(org_code):
        checker.fail(row, "organization_code", f"组织「{org_code}」不在您的管理范围内")
        ok = False
    if person_code not in known_people:
        checker.fail(row, "person_code", f"找不到编码为「{person_code}」的人员")
        ok = False
    return ok


def _check_posts(
    checker: Checker,
    rows: list[SheetRow],
    posts: list[PostRecord],
    known_org: set[str],
    known_people: set[str],
    manageable: Callable[[str], bool],
    plan: ImportPlan,
) -> list[PostRecord]:
    row_of = {r.row: r for r in rows}
    current_in_file: dict[tuple[str, str], int] = {}
    valid = []
    for post in posts:
        row = row_of[post.row]
        if not _check_references(
            checker,
            row,
            post.organization_code,
            post.person_code,
            known_org,
            known_people,
            manageable,
        ):
            continue
        if post.end_date is None:
            key = (post.organization_code, post.role)
            if key in current_in_file:
                checker.fail(
                    row,
                    "end_date",
                    f"同一组织同一职务只能有一名现任（与第 {current_in_file[key]} 行冲突）",
                )
                continue
            current_in_file[key] = post.row
        valid.append(post)
    # A new current holder replaces the one in the database only if they started later.
    existing_orgs = [plan.existing_orgs[c] for c, _ in current_in_file if c in plan.existing_orgs]
    holders = {
        (p.organization.code, p.role): p
        for p in Post.objects.current()
        .filter(organization__in=existing_orgs)
        .select_related("organization", "person")
    }
    for post in valid:
        holder = holders.get((post.organization_code, post.role))
        if (
            post.end_date is None
            and holder is not None
            and holder.person.code != post.person_code
            and holder.start_date >= post.start_date
        ):
            checker.fail(
                row_of[post.row],
                "start_date",
                f"现任{holder.person.name}自 {holder.start_date} 起任职，新任职日期必须更晚",
            )
    return valid
