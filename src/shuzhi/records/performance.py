"""The cadre's performance file (干部个人业绩档案): one person across years and posts.

Each app answers ``performance_file_requested`` with what it holds (rounds and results from
scoring, interviews and rectification items from rectification, this app's red/black entries
and work-record totals); this module gathers the answers without importing those apps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

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
    totals: dict[tuple[int, str], tuple[int, str]] = {}
    confirmed: dict[tuple[int, str], int] = defaultdict(int)
    rows = (
        WorkLog.objects.filter(person_id=person_id)
        .values("occurred_on__year", "kind", "confirmed_at__isnull")
        .annotate(number=Count("pk"), days=Sum("days"))
        .order_by()
    )
    for row in rows:
        key = (row["occurred_on__year"], row["kind"])
        number, days = totals.get(key, (0, "0"))
        total_days = Decimal(days) + (row["days"] or 0)
        totals[key] = (number + row["number"], f"{total_days.normalize():f}")
        if not row["confirmed_at__isnull"]:
            confirmed[key] += row["number"]
    work = FileSection(
        key="records.1.work",
        title="工作纪实",
        columns=("年度", "工作类别", "条数", "其中已确认", "天数"),
        rows=tuple(
            (str(year), rules.WorkKind(kind).label, str(n), str(confirmed[(year, kind)]), days)
            for (year, kind), (n, days) in sorted(totals.items())
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
