"""The cadre's performance file (干部个人业绩档案): one person across years and posts.

Each app answers ``performance_file_requested`` with what it holds (rounds and results from
scoring, interviews and rectification items from rectification, this app's red/black entries
and work-record totals); this module gathers the answers without importing those apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from shuzhi.core.events import FileSection, PerformanceFileRequest, performance_file_requested
from shuzhi.orgs.models import Person, Post
from shuzhi.records import rules
from shuzhi.records.models import MeritRecord, WorkLog


@dataclass(frozen=True)
class PerformanceFile:
    person: Person
    posts: list[Post]
    sections: list[FileSection]


def performance_file(person: Person) -> PerformanceFile:
    """Everything every app holds about the person, sections ordered by their key."""
    answers = performance_file_requested.ask(PerformanceFileRequest(person.pk))
    sections = sorted((s for answer in answers for s in answer), key=lambda s: s.key)
    posts = list(
        Post.objects.filter(person=person).select_related("organization").order_by("start_date")
    )
    return PerformanceFile(person=person, posts=posts, sections=sections)


def records_sections(person_id: int) -> list[FileSection]:
    """Work-record totals per year and kind, and the person's red/black entries."""
    rows = (
        WorkLog.objects.filter(person_id=person_id)
        .values("occurred_on__year", "kind")
        .annotate(
            number=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            days=Sum("days"),
        )
        .order_by("occurred_on__year", "kind")
    )
    work = FileSection(
        key="records.1.work",
        title="工作纪实",
        columns=("年度", "工作类别", "条数", "其中已确认", "天数"),
        rows=tuple(
            (
                str(row["occurred_on__year"]),
                rules.WorkKind(row["kind"]).label,
                str(row["number"]),
                str(row["confirmed"]),
                f"{(row['days'] or Decimal(0)).normalize():f}",
            )
            for row in rows
        ),
    )
    merits = MeritRecord.objects.filter(person_id=person_id).select_related(
        "organization", "rule", "meeting"
    )
    merit_rows = tuple(
        (
            f"{m.occurred_on:%Y-%m-%d}",
            m.get_color_display(),
            m.organization.name,
            m.rule.title,
            f"{m.points:+.2f}",
            m.get_status_display(),
            f"{m.meeting.month:%Y年%m月}" if m.meeting else "",
        )
        for m in merits.order_by("occurred_on", "pk")
    )
    merit = FileSection(
        key="records.2.merits",
        title="红黑档案",
        columns=("日期", "类别", "组织", "事项", "分值", "状态", "联席会议"),
        rows=merit_rows,
    )
    return [work, merit] if work.rows or merit_rows else []
