"""This app's part of a cadre's performance file (干部个人业绩档案): the interviews (约谈) the
person had, and the rectification items they were responsible for and how they ended."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from shuzhi.core.events import FileSection
from shuzhi.rectification.models import Interview, RectificationItem
from shuzhi.rectification.queries import item_status


def rectification_sections(person_id: int) -> list[FileSection]:
    """Interviews and responsible items, oldest first (two queries)."""
    today = timezone.localdate()
    interviews = tuple(
        (
            f"{i.held_on:%Y-%m-%d}" if i.held_on else "待约谈",
            i.organization.name,
            i.get_reason_display(),
            i.detail,
            i.outcome,
        )
        for i in Interview.objects.filter(person_id=person_id)
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    items = tuple(
        (
            str(item.problem.year),
            item.organization.name,
            item.problem.text,
            "第一责任人" if item.first_responsible_id == person_id else "直接责任人",
            f"{item.deadline:%Y-%m-%d}",
            item_status(item, today),
            f"{item.closed_on:%Y-%m-%d} {item.close_reason}" if item.closed_on else "",
        )
        for item in RectificationItem.objects.filter(
            Q(first_responsible_id=person_id) | Q(direct_responsible_id=person_id)
        )
        .select_related("organization", "problem")
        .order_by("deadline", "pk")
    )
    sections = []
    if interviews:
        sections.append(
            FileSection(
                "rectification.1.interviews",
                "约谈",
                ("日期", "组织", "事由", "具体情况", "结果"),
                interviews,
            )
        )
    if items:
        sections.append(
            FileSection(
                "rectification.2.items",
                "负责的整改事项",
                ("年度", "组织", "问题", "责任", "时限", "状态", "销号情况"),
                items,
            )
        )
    return sections
