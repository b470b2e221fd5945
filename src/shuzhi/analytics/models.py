"""Themes of common problems (共性问题): one grouping per round and subtree, as the admin left it.

Problems belong to rectification, so a member holds the problem's id and a copy of its text
(the grouping is of the text as it was); counts of what is rectified are asked at page time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ThemeSet(models.Model):
    """The themes of one round's problems under one organisation."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="范围"
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    built_at = models.DateTimeField(auto_now=True)
    problem_count = models.PositiveIntegerField("问题数", default=0)

    class Meta:
        verbose_name = "共性问题归类"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"], name="one_theme_set_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization}"


class Theme(models.Model):
    """A group of problems with the words that define it; the admin may rename it."""

    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField("主题", max_length=100)
    words = models.JSONField("关键词", default=list)
    position = models.PositiveIntegerField(default=0)
    # The theme of the previous round (same scope) it continues: a problem recurs through it.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    # Rooted above (顶层施策): the upper level's problem is referenced "theme:<id>".
    rooted_above_at = models.DateTimeField("上移时间", null=True, blank=True)
    rooted_above_text = models.TextField("上移问题", blank=True)

    class Meta:
        ordering = ["theme_set", "position", "pk"]
        verbose_name = "共性问题主题"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rooted_above_at__isnull=True) | ~models.Q(rooted_above_text=""),
                name="theme_rooted_above_with_text",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        return f"theme:{self.pk}"

    @property
    def is_rooted_above(self) -> bool:
        return self.rooted_above_at is not None


class ThemeMember(models.Model):
    """One problem in a theme; a problem is in one theme of its set."""

    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="members")
    problem_id = models.PositiveIntegerField("问题")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("问题")

    class Meta:
        ordering = ["theme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme_set", "problem_id"], name="problem_in_one_theme")
        ]
        indexes = [
            models.Index(fields=["organization", "theme"], name="member_org_theme_idx"),
            # The themes page: each theme's first members, and its problems and units counted
            # from the index alone.
            models.Index(fields=["theme_set", "theme"], name="member_set_theme_idx"),
            models.Index(fields=["theme", "organization"], name="member_theme_org_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
