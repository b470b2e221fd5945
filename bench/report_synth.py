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


def _pick(rng: random.Random, skeletons: tuple[str, ...], **slots: object) -> str:
    return rng.choice(skeletons).format(**slots)


ACHIEVEMENT_SKELETONS = (
    "{s}在{p}{v}{n}次，覆盖党员{m}名，{q}群众满意度达到{pct}%。",
    "全年{v}{n}次，{p}、{q}等{k}个村参与，受益群众{m}人。",
    "{s}牵头{v}，{p}新增{k}个项目，带动{m}户增收。",
    "依托{p}阵地{v}{n}场，{q}党员参与率提高到{pct}%。",
    "我到{p}蹲点{k}天，{v}{n}次，帮{q}解决难题{m}件。",
    "{s}与{p}结对共建，{v}{n}次，投入资金{m}万元。",
)
PROBLEM_SKELETONS = (
    "{p}{f}，全年有{n}名党员{w}，{q}同类问题{k}起。",
    "在{p}检查时发现{f}，{q}也有{n}户群众反映。",
    "{f}的问题在{p}比较突出，{n}个支部{w}。",
    "群众反映{p}{f}，我们核实后发现{q}也存在，涉及{n}人。",
    "{p}、{q}两地{f}，近{k}个月有{n}名党员{w}。",
)
CAUSE_SKELETONS = (
    "究其原因，{c}，去年只到{p}检查{k}次。",
    "从主观上看，{c}；{p}的情况我掌握不细。",
    "根子在于{c}，对{p}{f}的问题没有一抓到底。",
    "深层次原因是{c}，{q}的整改推进{k}个月仍无进展。",
)
MEASURE_SKELETONS = (
    "针对{p}{f}的问题，{d}{me}，安排{k}名干部包村，预计{n}个村完成整改。",
    "{d}在{p}{me}，由{s}负责，{q}同步推开。",
    "对{p}{f}，实行{me}，{d}逐一销号，每月通报{k}次。",
    "{s}{d}{me}，{p}、{q}先行试点，覆盖党员{m}名。",
    "建立{p}问题清单，{me}，{d}前完成{n}项整改任务。",
)
COMMITMENT_SKELETONS = (
    "我承诺{d}{p}{f}的问题整改销号。",
    "{d}前，{p}、{q}两地全部{me}，接受党员群众监督。",
    "明年{s}{me}不少于{n}次，{p}整顿达标。",
)
WHO = ("未按时参加组织生活", "未交纳党费", "未参加培训", "联系不上", "长期不在村", "未落实承诺")


def _slots(rng: random.Random) -> dict[str, object]:
    return {
        "s": rng.choice(SUBJECTS),
        "p": place(rng),
        "q": place(rng),
        "v": rng.choice(ACHIEVEMENT_VERBS),
        "f": rng.choice(PROBLEM_FRAMES),
        "c": rng.choice(CAUSE_FRAMES),
        "me": rng.choice(MEASURE_FRAMES),
        "d": rng.choice(DEADLINES),
        "w": rng.choice(WHO),
        "n": rng.randint(2, 90),
        "m": rng.randint(20, 900),
        "k": rng.randint(2, 12),
        "pct": rng.randint(80, 99),
    }


def _achievement(rng: random.Random) -> str:
    return _pick(rng, ACHIEVEMENT_SKELETONS, **_slots(rng))


def _problem(rng: random.Random) -> str:
    return _pick(rng, PROBLEM_SKELETONS, **_slots(rng))


def _cause(rng: random.Random) -> str:
    return _pick(rng, CAUSE_SKELETONS, **_slots(rng))


def _measure(rng: random.Random) -> str:
    return _pick(rng, MEASURE_SKELETONS, **_slots(rng))


def _commitment(rng: random.Random) -> str:
    return _pick(rng, COMMITMENT_SKELETONS, **_slots(rng))


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
