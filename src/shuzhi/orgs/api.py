from __future__ import annotations

from datetime import date

from django.db.models import F
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from shuzhi.accounts.access import has_permission, require, signed_in_user
from shuzhi.accounts.queries import grants_of
from shuzhi.orgs import queries
from shuzhi.orgs.importing import import_workbook
from shuzhi.orgs.models import Organization

router = Router(tags=["组织与人员"])


class OrganizationOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    field: str
    parent_code: str | None
    depth: int
    is_active: bool


class PostOut(Schema):
    role: str
    person_id: int
    person_name: str
    start_date: date
    end_date: date | None


class OrganizationDetailOut(OrganizationOut):
    ancestors: list[str]
    current_posts: list[PostOut]
    child_count: int
    subtree_size: int


class PersonOut(Schema):
    id: int
    code: str
    name: str
    unit_code: str


class GrantOut(Schema):
    role: str
    organization_code: str


class MeOut(Schema):
    username: str
    name: str
    grants: list[GrantOut]


class ImportErrorOut(Schema):
    sheet: str
    row: int
    column: str
    message: str


class ImportResultOut(Schema):
    ok: bool
    summary: str
    errors: list[ImportErrorOut]


def _visible(request: HttpRequest, code: str) -> Organization:
    organization = get_object_or_404(Organization.objects.select_related("parent"), code=code)
    if not has_permission(request.user, "orgs.view", organization):
        raise Http404
    return organization


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest) -> MeOut:
    user = signed_in_user(request)
    grants = [GrantOut(role=g.role, organization_code=g.organization.code) for g in grants_of(user)]
    return MeOut(username=user.get_username(), name=user.get_full_name(), grants=grants)


@router.get("/", response=list[OrganizationOut], summary="组织列表（在权限范围内）")
@paginate(LimitOffsetPagination)
def list_organizations(
    request: HttpRequest, under: str | None = None, q: str | None = None, level: str | None = None
) -> object:
    require(request.user, "orgs.view")
    if under:
        # An unknown code and one outside the user's scope both give an empty list: the
        # answer must not tell whether an organisation the user may not see exists.
        root = Organization.objects.filter(code=under).first()
        if root is None:
            queryset = Organization.objects.none()
        else:
            queryset = queries.organizations_under(request.user, root)
    else:
        queryset = queries.visible_organizations(request.user)
    if level:
        queryset = queryset.filter(level=level)
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queries.with_parent_code(queryset)


@router.get("/people", response=list[PersonOut], summary="按姓名或编码查找人员（在权限范围内）")
def search_people(request: HttpRequest, q: str) -> object:
    require(request.user, "orgs.view")
    return queries.search_people(request.user, q).annotate(unit_code=F("unit__code"))


# Declared before the /{code} routes, which would otherwise claim the path.
@router.post(
    "/import", response={200: ImportResultOut, 400: ImportResultOut}, summary="导入组织人员工作簿"
)
def import_organizations(request: HttpRequest, file: File[UploadedFile]) -> Status:
    if not has_permission(request.user, "orgs.manage"):
        raise HttpError(403, "无权导入")
    result = import_workbook(actor=signed_in_user(request), stream=file)
    payload = ImportResultOut(
        ok=result.ok,
        summary=result.summary() if result.ok else "未导入任何数据",
        errors=[ImportErrorOut(**e.__dict__) for e in result.errors],
    )
    return Status(200 if result.ok else 400, payload)


@router.get("/{code}", response=OrganizationDetailOut, summary="组织详情")
def organization_detail(request: HttpRequest, code: str) -> dict[str, object]:
    organization = _visible(request, code)
    detail = queries.organization_detail(organization)
    return {
        "code": organization.code,
        "name": organization.name,
        "level": organization.level,
        "kind": organization.kind,
        "field": organization.field,
        "parent_code": organization.parent.code if organization.parent else None,
        "depth": organization.depth,
        "is_active": organization.is_active,
        "ancestors": [a.code for a in detail["ancestors"]],
        "current_posts": [
            PostOut(
                role=p.role,
                person_id=p.person_id,
                person_name=p.person.name,
                start_date=p.start_date,
                end_date=p.end_date,
            )
            for p in detail["current_posts"]
        ],
        "child_count": len(detail["children"]),
        "subtree_size": detail["subtree_size"],
    }


@router.get("/{code}/children", response=list[OrganizationOut], summary="下级组织")
def organization_children(request: HttpRequest, code: str) -> object:
    return queries.with_parent_code(queries.children(_visible(request, code)))
