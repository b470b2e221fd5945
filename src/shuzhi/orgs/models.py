from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from shuzhi.orgs import tree
from shuzhi.orgs.choices import Field, Gender, Kind, Level, PostRole, RepresentativeCategory


class Organization(models.Model):
    """A party organisation (党组织) in the tree.

    ``code`` is the stable key that imports and integrations use; ``path`` is the materialised
    path (see ``orgs.tree``) that makes a subtree one indexed range.
    """

    code = models.CharField("组织编码", max_length=32, unique=True)
    name = models.CharField("组织名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    field = models.CharField("领域", max_length=20, choices=Field.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级组织",
    )
    path = models.CharField(max_length=tree.PATH_MAX_LENGTH, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "党组织"
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="organization_depth_matches_parent",
            ),
        ]
        indexes = [models.Index(fields=["parent", "path"], name="org_children_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_paths(self) -> list[str]:
        return tree.ancestor_paths(self.path)


class Person(models.Model):
    """A person; ``unit`` is the organisation that keeps their record."""

    code = models.CharField("人员编码", max_length=32, unique=True)
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="people", verbose_name="所在组织"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "人员"
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet["Post"]):
    def current(self) -> PostQuerySet:
        return self.filter(end_date__isnull=True)


class Post(models.Model):
    """A post held in an organisation for a period; history is kept when it changes hands."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="posts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    role = models.CharField("职务", max_length=20, choices=PostRole.choices)
    start_date = models.DateField("任职日期")
    end_date = models.DateField("离任日期", null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "role", "-start_date"]
        verbose_name = "职务"
        constraints = [
            # One holder at a time: a post changes hands by ending the old one first.
            models.UniqueConstraint(
                fields=["organization", "role"],
                condition=Q(end_date__isnull=True),
                name="one_current_holder_per_post",
            ),
            models.UniqueConstraint(
                fields=["organization", "role", "person", "start_date"], name="unique_post_term"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="post_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.person}"


class Representative(models.Model):
    """A member of an organisation's pool of representatives (两代表一委员, members, masses)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name="所属组织",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="representations")
    category = models.CharField("类别", max_length=20, choices=RepresentativeCategory.choices)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["organization", "category", "person"]
        verbose_name = "代表"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "category"], name="unique_representative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_category_display()}）"


class ImportJob(models.Model):
    """An uploaded workbook being imported in the background, so a long file cannot time out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        SUCCEEDED = "succeeded", "导入成功"
        FAILED = "failed", "未导入"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    summary = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class NameGram(models.Model):
    """A piece of a name (``orgs.grams``) with the path it is found under, for search."""

    gram = models.CharField(max_length=40)
    # The organisation's path, or a person's unit's: a search in a subtree is one index range.
    path = models.CharField(max_length=tree.PATH_MAX_LENGTH)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.gram


class OrganizationNameGram(NameGram):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # Covering: a search reads the organisations of a gram in path order from the index
        # alone, not one table page per row (a cold search read hundreds: docs/bench-search.md).
        indexes = [
            models.Index(fields=["gram", "path", "organization"], name="org_gram_path_org"),
        ]


class PersonNameGram(NameGram):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # Covering, as above: the people a gram names come from the index alone.
        indexes = [models.Index(fields=["gram", "path", "person"], name="person_gram_path_person")]
