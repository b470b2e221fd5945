"""The sentence classifier on the held-apart part of the labelled corpus, and its traps."""

from __future__ import annotations

from shuzhi.reports.checks import Category, from_text
from shuzhi.reports.checks.sentences import classify_units, heading_meaning
from shuzhi.reports.checks.text import units
from shuzhi.reports.checks.training import MEASURED, evaluate, split

TRAINING, HELD_APART = split()


def test_corpus_is_big_and_varied_enough():
    reports = TRAINING + HELD_APART
    assert len(reports) >= 40
    assert sum(1 for r in reports for u in r.units if u.label != "H") >= 1500
    levels = {r.meta["level"].split("（")[0] for r in reports}
    assert {"county", "township", "village", "community", "department", "school"} <= levels
    assert len({r.meta["style"] for r in HELD_APART}) >= 5


def test_corpus_units_are_what_the_reader_reads():
    for report in TRAINING + HELD_APART:
        assert [p.text for p in units(report.text)] == [u.text for u in report.units], report.name


def test_held_apart_precision_recall_and_shares():
    result = evaluate(HELD_APART)
    print("\n" + "\n".join(result.lines()))
    for group in MEASURED:
        assert result.precision[group] >= 0.85, (group, result.precision)
        assert result.recall[group] >= 0.85, (group, result.recall)
    assert max(result.share_gaps.values()) <= 0.10, result.share_gaps


def _labels(text: str) -> list[tuple[str, Category | None]]:
    return [(p.text, c) for p, c in classify_units(text)]


def test_slogan_headings_carry_no_meaning():
    for slogan in (
        "（一）强引领，把牢政治方向",
        "（二）立心：让党员队伍有魂有根",
        "一、三个坚持",
        "三、三个强化",
    ):
        assert heading_meaning(slogan) is None
    assert heading_meaning("二、存在的问题及原因") in (Category.PROBLEMS, Category.CAUSES)
    assert heading_meaning("三、下步工作思路和主要措施") is Category.RECTIFICATION


LEAD_IN_REPORT = """一、履行抓基层党建工作责任情况
我全年主持召开镇党委会议专题研究党建工作6次，走访党员群众320户。
总之，一年来全镇党建工作取得了一定成效，但仍然存在着不少问题，具体讲有以下几个方面：
一是两委会班子成员文化素质较低，初中及以下学历的有7人；二是党员年龄结构老化，60岁以上的占52%。
认真反思，产生上述问题的原因：一是我对村级班子建设督促不够；二是培训内容与实际脱节。
三、下步工作思路和主要措施
一是每个村储备2名35岁以下后备人选；二是每季度开展一次班子成员轮训。
"""


def test_a_lead_in_carries_its_label_over_the_numbered_list():
    labels = _labels(LEAD_IN_REPORT)

    def by_text(prefix: str) -> Category | None:
        return next(c for text, c in labels if text.startswith(prefix))

    assert by_text("总之，一年来") is Category.PROBLEMS
    assert by_text("一是两委会班子") is Category.PROBLEMS
    assert by_text("二是党员年龄结") is Category.PROBLEMS
    assert by_text("认真反思，产生") is Category.CAUSES
    assert by_text("一是我对村级班") is Category.CAUSES
    assert by_text("一是每个村储备") is Category.RECTIFICATION


def test_past_rectification_is_an_achievement():
    text = (
        "一、主要工作及成效\n我全年召开党建专题会议8次。\n四是抓整改提高。"
        "针对去年述职评议指出的东坪村组织生活不规范问题，制定整改措施5条，目前已全部整改到位。\n"
        "二、存在的问题\n一是党费收缴不及时。\n三、整改措施\n一是按月收缴党费。\n"
    )
    document = from_text(text)
    assert "已全部整改到位" in document.section_text(Category.ACHIEVEMENTS)
    assert "四是抓整改提高" in document.section_text(Category.ACHIEVEMENTS)
