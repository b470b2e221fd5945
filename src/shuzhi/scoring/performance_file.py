"""This app's part of a cadre's performance file (干部个人业绩档案): every round the person
reported in, with the composite score, rank, grade, class and veto once results are posted."""

from __future__ import annotations

from shuzhi.core.events import FileSection
from shuzhi.rounds.models import Reporter
from shuzhi.scoring.models import Publication, Result


def scoring_sections(person_id: int) -> list[FileSection]:
    """One row per round reported in, across years and posts (three queries)."""
    reporters = list(
        Reporter.objects.filter(person_id=person_id)
        .select_related("round", "organization")
        .order_by("round__year", "round__period", "pk")
    )
    if not reporters:
        return []
    round_ids = {r.round_id for r in reporters}
    published = set(
        Publication.objects.filter(round_id__in=round_ids).values_list("round_id", flat=True)
    )
    results = {
        r.reporter_id: r for r in Result.objects.filter(reporter__in=[rep.pk for rep in reporters])
    }
    rows = []
    for reporter in reporters:
        result = results.get(reporter.pk)
        if result is None or reporter.round_id not in published:
            # Results not yet posted (公示) are not part of anyone's file.
            rows.append(
                (
                    str(reporter.round.year),
                    reporter.round.name,
                    reporter.organization.name,
                    "未公示",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
            continue
        rows.append(
            (
                str(reporter.round.year),
                reporter.round.name,
                reporter.organization.name,
                f"{result.composite:.2f}",
                f"{result.rank}/{result.group_size}" if result.rank else "",
                result.get_grade_display(),
                f"{result.class_number}类" if result.class_number else "",
                result.get_veto_display()
                + (f"：{result.veto_reason}" if result.veto_reason else ""),
                "是" if result.interview else "",
            )
        )
    return [
        FileSection(
            "scoring.1.results",
            "述职评议考核结果",
            ("年度", "考核", "组织", "综合得分", "排名", "等次", "类别", "否决/肯定", "末位约谈"),
            tuple(rows),
        )
    ]
