"""Synthetic duty reports for the report-checks benchmark: varied phrase banks, planted copies."""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAME_CHARS = "东西南北青红松柳杏桃李梅竹石泉山河湖塘坪岭沟坡湾桥庄营店坝园林堡源川溪"
SUFFIXES = ("村", "社区", "镇", "街道")
SUBJECTS = (
    "镇党委",
    "我",
    "党委班子",
    "镇纪委",
    "组织办",
    "各村党组织",
    "驻村工作队",
    "党建办",
    "镇党校",
    "各支部书记",
    "联村干部",
    "党员志愿服务队",
    "村务监督委员会",
    "两新党组织",
)
ACHIEVEMENT_VERBS = (
    "召开党建专题会议",
    "开展入户走访",
    "组织集中轮训",
    "新建党群服务中心",
    "整顿软弱涣散党组织",
    "发展年轻党员",
    "调处矛盾纠纷",
    "落实帮扶项目",
    "建设示范党支部",
    "完成换届选举",
    "推行积分管理",
    "开展主题党日",
    "举办村干部擂台赛",
    "建成红色教育基地",
    "清理村级账目",
)
PROBLEM_FRAMES = (
    "组织生活会流于形式",
    "三会一课记录不全",
    "流动党员长期失联",
    "后备干部严重不足",
    "集体经济收入偏低",
    "党群服务中心大门紧锁",
    "党费收缴不及时",
    "发展党员把关不严",
    "村务公开不及时",
    "党员年龄结构老化",
    "议事规则执行不到位",
    "活动阵地闲置",
    "帮扶资金使用不规范",
    "党员教育覆盖不全",
    "班子成员不团结",
)
CAUSE_FRAMES = (
    "我对村级组织督促检查不够",
    "考核指标设置不合理",
    "镇党委研究部署多督促落实少",
    "对基层情况掌握不细",
    "制度执行失之于宽",
    "培训内容与实际脱节",
    "经费保障跟不上",
    "责任传导层层递减",
    "联系群众的渠道单一",
)
MEASURE_FRAMES = (
    "建立一人一档",
    "实行挂牌督办",
    "每月召开班子谈心会",
    "开展集中整治",
    "设立流动党员联络点",
    "落实产业项目",
    "配备专职管理员",
    "推行全程纪实",
    "组织专题培训",
    "建立后备干部台账",
    "开展交叉检查",
    "实行月通报制度",
)
DEADLINES = ("3月底前", "6月底前", "9月底前", "年底前", "明年一季度", "明年上半年")


def place(rng: random.Random) -> str:
    return "".join(rng.sample(SURNAME_CHARS, 2)) + rng.choice(SUFFIXES)


def _achievement(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)}在{place(rng)}{rng.choice(ACHIEVEMENT_VERBS)}{rng.randint(2, 90)}次，"
        f"覆盖党员{rng.randint(20, 900)}名，{place(rng)}群众满意度达到{rng.randint(80, 99)}%。"
    )


def _problem(rng: random.Random) -> str:
    return (
        f"{place(rng)}{rng.choice(PROBLEM_FRAMES)}，全年有{rng.randint(2, 40)}名党员"
        f"{rng.choice(('未按时参加组织生活', '未交纳党费', '未参加培训', '联系不上'))}，"
        f"{place(rng)}同类问题{rng.randint(1, 9)}起。"
    )


def _cause(rng: random.Random) -> str:
    return f"究其原因，{rng.choice(CAUSE_FRAMES)}，去年只到{place(rng)}检查{rng.randint(1, 6)}次。"


def _measure(rng: random.Random) -> str:
    return (
        f"针对{place(rng)}{rng.choice(PROBLEM_FRAMES)}的问题，{rng.choice(DEADLINES)}"
        f"{rng.choice(MEASURE_FRAMES)}，安排{rng.randint(1, 6)}名干部包村，"
        f"预计{rng.randint(2, 30)}个村完成整改。"
    )


def _commitment(rng: random.Random) -> str:
    return f"我承诺{rng.choice(DEADLINES)}{place(rng)}{rng.choice(PROBLEM_FRAMES)}的问题整改销号。"


def _paragraph(rng: random.Random, make, sentences: int) -> str:  # type: ignore[no-untyped-def]
    return "".join(make(rng) for _ in range(sentences))


def report_text(rng: random.Random, size: int = 5000) -> str:
    """About ``size`` characters under the five headings, in roughly the required shares."""
    parts = [
        ("一、履行职责情况", _achievement, 0.28),
        ("二、存在的问题", _problem, 0.26),
        ("三、原因剖析", _cause, 0.1),
        ("四、整改措施", _measure, 0.3),
        ("五、来年承诺", _commitment, 0.06),
    ]
    lines = []
    for heading, make, share in parts:
        lines.append(heading)
        budget = int(size * share)
        written = 0
        while written < budget:
            paragraph = _paragraph(rng, make, rng.randint(3, 5))
            lines.append(paragraph)
            written += len(paragraph)
    return "\n".join(lines)


@dataclass(frozen=True)
class Planted:
    target: int
    source: int
    paragraph: str  # the source's paragraph as copied (before edits)


def corpus(
    count: int, seed: int = 2016, planted_share: float = 0.113
) -> tuple[list[str], list[Planted]]:
    """``count`` reports; about ``planted_share`` of them carry a near-copy of another's paragraph."""
    rng = random.Random(seed)
    texts = [report_text(rng) for _ in range(count)]
    planted: list[Planted] = []
    targets = rng.sample(range(count), int(count * planted_share))
    for target in targets:
        source = rng.randrange(count)
        while source == target:
            source = rng.randrange(count)
        paragraphs = [p for p in texts[source].split("\n") if len(p) > 120]
        paragraph = rng.choice(paragraphs)
        # A near-duplicate: a few characters changed, as when a copied passage is "localised".
        edited = list(paragraph)
        for _ in range(3):
            position = rng.randrange(len(edited))
            edited[position] = rng.choice(SURNAME_CHARS)
        lines = texts[target].split("\n")
        lines.insert(rng.randrange(1, len(lines)), "".join(edited))
        texts[target] = "\n".join(lines)
        planted.append(Planted(target, source, paragraph))
    return texts, planted
