"""Write the labelled corpus (tests/reports/corpus/reports/*.txt) from the hand-written
fragments: varied levels, styles, voices and traps, reproducibly (seed 17).

    python -m tests.reports.corpus.generate

Each report is assembled from fragments and labelled as it is written, so every label is the
section the writer meant. The files are the reviewable corpus; this script only made them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from shuzhi.reports.checks.corpus import LabelledReport, Unit, write_report
from tests.reports.corpus import fragments as f

T = TypeVar("T")
OUT = Path(__file__).with_name("reports")
NUMERALS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何罗高林"
GIVEN = (
    "建华",
    "秀英",
    "志强",
    "红梅",
    "国庆",
    "海燕",
    "德明",
    "玉兰",
    "永生",
    "春花",
    "卫东",
    "桂芳",
)
PLACE_STEMS = [
    "青石",
    "东坪",
    "西岭",
    "柳湾",
    "杏林",
    "松岗",
    "桃源",
    "石桥",
    "河口",
    "梨园",
    "红旗",
    "新民",
    "马场",
    "白塔",
    "龙泉",
    "枫林",
    "三合",
    "双河",
    "金鸡",
    "卧龙",
    "南沟",
    "北庄",
    "槐树",
    "清水",
]


@dataclass(frozen=True)
class Level:
    name: str
    unit: str
    own: str  # 我镇, 我局…: the unit speaking, not the secretary
    scope: str
    subs: str
    suffixes: tuple[str, ...]
    member: str
    masses: str
    upper: str


LEVELS = {
    "county": Level(
        "县委书记", "县委", "我县", "全县", "各乡镇", ("镇", "乡"), "党员", "群众", "市委"
    ),
    "township": Level(
        "镇党委书记", "镇党委", "我镇", "全镇", "各村", ("村",), "党员", "群众", "县委"
    ),
    "village": Level(
        "村党支部书记", "村党支部", "我村", "全村", "各村民小组", ("组",), "党员", "村民", "镇党委"
    ),
    "community": Level(
        "社区党委书记",
        "社区党委",
        "我社区",
        "全社区",
        "各网格",
        ("小区", "网格"),
        "党员",
        "居民",
        "街道党工委",
    ),
    "department": Level(
        "局党组书记",
        "局党组",
        "我局",
        "全局",
        "各支部",
        ("科", "大队"),
        "干部职工党员",
        "服务对象",
        "县直机关工委",
    ),
    "school": Level(
        "学校党委书记",
        "学校党委",
        "我校",
        "全校",
        "各党支部",
        ("年级组", "教研组"),
        "教职工党员",
        "师生",
        "县教育局党委",
    ),
}


@dataclass
class Plan:
    level: str
    style: str
    voice: str = "secretary"  # or "unit": the report speaks as the unit throughout
    causes: str = "mixed"  # "subjective", "objective"
    paired: bool = True
    template: bool = False
    past_rectification: bool = False
    examples: int = 2
    traps: list[str] = field(default_factory=list)
    held_apart: bool = False


class Writer:
    """Fills fragments for one report and collects labelled paragraphs."""

    def __init__(self, rng: random.Random, plan: Plan) -> None:
        self.rng = rng
        self.plan = plan
        self.level = LEVELS[plan.level]
        self.paragraphs: list[list[Unit]] = []

    def slots(self) -> dict[str, str]:
        rng, level, template = self.rng, self.level, self.plan.template

        def place() -> str:
            suffix = rng.choice(level.suffixes)
            if self.plan.level == "village":
                return rng.choice(("一", "二", "三", "五", "后湾", "前进")) + suffix
            return ("XX" if template else rng.choice(PLACE_STEMS)) + suffix

        def number(low: int, high: int, mark: str) -> str:
            return mark if template else str(rng.randint(low, high))

        me = (
            rng.choice(("我", "我", "本人", "我作为第一责任人，"))
            if self.plan.voice == "secretary"
            else rng.choice((level.unit, level.own, "我们"))
        )
        return {
            "me": me,
            "unit": level.unit,
            "scope": level.scope,
            "subs": level.subs,
            "sub": place(),
            "sub2": place(),
            "member": level.member,
            "masses": level.masses,
            "person": "×××" if template else rng.choice(SURNAMES) + rng.choice(GIVEN),
            "n1": number(2, 9, "X"),
            "n2": number(10, 60, "XX"),
            "big": number(*BIG.get(self.plan.level, (60, 900)), "XXX"),
            "many": number(20, 400, "XX"),
            "pct": number(12, 95, "XX"),
            "pct2": number(10, 30, "X"),
            "money": number(2, 80, "XX"),
            "month": "X月" if template else f"{rng.randint(3, 11)}月",
            "year": "20XX" if template else "2025",
            "upper": level.upper,
        }

    def fill(self, fragment: str) -> str:
        text = fragment.format(**self.slots())
        return text.replace("，，", "，").replace("，也", "也")

    def paragraph(self, *units: tuple[str, str]) -> None:
        self.paragraphs.append([Unit(label, text) for label, text in units])

    def heading(self, text: str) -> None:
        self.paragraph(("H", text))

    def part(self, bank: list[T]) -> list[T]:
        """Held-apart reports are written from a third of each bank that no training report
        uses, so the held-apart figures measure wording the model has never seen."""
        return [item for n, item in enumerate(bank) if (n % 3 == 0) == self.plan.held_apart]

    def pick(self, bank: list[str], count: int) -> list[str]:
        return self.rng.sample(bank, min(count, len(bank)))


def enumerate_items(
    writer: Writer, label: str, items: list[str], lead: str | None, details: list[str] = ()
) -> None:
    """Items as 一是…；二是…。 in one paragraph (after a lead-in), or （一）… paragraphs."""
    rng = writer.rng
    if rng.random() < 0.55:
        units: list[tuple[str, str]] = [(label, writer.fill(lead))] if lead else []
        for n, item in enumerate(items):
            end = "。" if n == len(items) - 1 else "；"
            units.append((label, f"{NUMERALS[n]}是{writer.fill(item)}{end}"))
        writer.paragraph(*units)
        return
    if lead:
        writer.paragraph((label, writer.fill(lead)))
    style = rng.choice(("（一）", "一是", "1."))
    for n, item in enumerate(items):
        mark = {"（一）": f"（{NUMERALS[n]}）", "一是": f"{NUMERALS[n]}是", "1.": f"{n + 1}."}[
            style
        ]
        units = [(label, f"{mark}{writer.fill(item)}。")]
        if details and rng.random() < 0.35:
            units.append((label, writer.fill(rng.choice(details)) + "。"))
        writer.paragraph(*units)


def sentences(writer: Writer, label: str, bank: list[str], count: int) -> list[tuple[str, str]]:
    return [(label, writer.fill(text) + "。") for text in writer.pick(bank, count)]


A_TOPS = ["履行抓基层党建工作责任情况", "{year}年度抓基层党建工作主要做法和成效", "主要工作及成效"]
A_SUBS = [
    "履行第一责任人职责情况",
    "加强基层组织建设情况",
    "党员队伍建设情况",
    "落实党建工作保障情况",
]
SLOGAN_SUBS = {
    "qiang": ["强引领，把牢政治方向", "凝合力，锻造过硬队伍", "实举措，夯实基层基础"],
    "li": [
        "立制：让党建工作有章可循",
        "立心：让党员队伍有魂有根",
        "立行：让服务群众有力有效",
        "立身：让廉洁自律有底有线",
    ],
    "three": ["坚持把党建责任扛在肩上", "坚持把基层基础抓在手上", "坚持把群众满意放在心上"],
}
SLOGAN_TOPS = {
    "qiang": "聚焦主责主业，扛牢抓党建第一责任",
    "li": "坚持“四立”并举，推动责任落地",
    "three": "三个坚持：筑牢基层战斗堡垒",
}
P_TOPS = ["存在的问题及原因", "存在的主要问题", "存在的问题和不足", "对标对表，查摆短板"]
P_SLOGAN_TOPS = ["正视自身，清醒看待", "照镜子、正衣冠"]
C_TOPS = ["原因剖析", "产生问题的原因"]
R_TOPS = ["下步工作思路和主要措施", "下一步工作打算", "整改措施"]
R_SLOGAN_TOPS = ["三个强化：推动工作提质增效", "明方向、再出发"]
M_TOPS = ["履职承诺", "来年承诺"]
R_SLOGAN_SUBS = ["强化责任落实", "强化队伍建设", "强化基础保障"]


RURAL_WORDS = ("低保", "村级", "地处山区", "房屋", "宅基地", "土地", "大棚", "路灯", "河道")
BIG = {"county": (2000, 30000), "township": (300, 2500), "village": (30, 200)}


def suitable(writer: Writer, text: str) -> bool:
    level = writer.plan.level
    if "集体经济" in text or "集体经营性" in text or "外出务工" in text:
        return level in ("county", "township", "village")
    if "小区" in text or "在职党员到" in text:
        return level == "community"
    if any(word in text for word in RURAL_WORDS):
        return level in ("county", "township", "village", "community")
    if "两委" in text:
        return level in ("township", "village")
    if "教师" in text:
        return level == "school"
    return True


class Counter:
    def __init__(self) -> None:
        self.number = 0

    def next(self) -> str:
        self.number += 1
        return NUMERALS[self.number - 1]


def top(writer: Writer, counter: Counter, text: str) -> None:
    writer.heading(f"{counter.next()}、{writer.fill(text)}")


def achievements(writer: Writer, subs: list[str] | None) -> None:
    rng, plan = writer.rng, writer.plan
    bank = [a for a in writer.part(f.ACHIEVEMENTS) if suitable(writer, a)]
    examples = writer.pick(writer.part(f.EXAMPLES), plan.examples)
    sections = subs or [None] * rng.randint(2, 3)
    chosen = writer.pick(bank, 3 * len(sections) + 1)
    for n, sub in enumerate(sections):
        if sub is not None:
            writer.heading(f"（{NUMERALS[n]}）{sub}")
        units = [("A", writer.fill(a) + "。") for a in chosen[3 * n : 3 * n + 3]]
        if examples:
            units.insert(rng.randint(1, len(units)), ("A", writer.fill(examples.pop()) + "。"))
        writer.paragraph(*units)
    for example in examples:
        writer.paragraph(("A", writer.fill(example) + "。"))
    if plan.past_rectification:
        done = sentences(writer, "A", writer.part(f.PAST_RECTIFICATION), 2)
        if subs:
            sub = rng.choice(writer.part(f.PAST_RECTIFICATION_SUBS))
            writer.heading(f"（{NUMERALS[len(sections)]}）{sub}")
            writer.paragraph(*done)
        else:
            head = rng.choice(writer.part(f.PAST_RECTIFICATION_HEADS)) + "。"
            writer.paragraph(("A", head), *done)


def problem_pairs(writer: Writer) -> list[tuple[str, str]]:
    pairs = [p for p in writer.part(f.PROBLEMS) if suitable(writer, p[0])]
    return writer.rng.sample(pairs, writer.rng.randint(4, 6))


def problems(writer: Writer, pairs: list[tuple[str, str]], lead: bool) -> None:
    leadin = writer.rng.choice(writer.part(f.PROBLEM_LEADINS)) if lead else None
    enumerate_items(writer, "P", [p for p, _ in pairs], leadin, writer.part(f.PROBLEM_DETAILS))


def causes(writer: Writer, lead: bool) -> None:
    rng, kind = writer.rng, writer.plan.causes
    if kind == "objective":
        chosen = writer.pick(writer.part(f.CAUSES_OBJECTIVE), rng.randint(3, 4))
    elif kind == "subjective":
        chosen = writer.pick(writer.part(f.CAUSES_SUBJECTIVE), rng.randint(3, 4))
    else:
        chosen = writer.pick(writer.part(f.CAUSES_SUBJECTIVE), rng.randint(2, 3))
        chosen += writer.pick(writer.part(f.CAUSES_OBJECTIVE), 1)
    leadin = rng.choice(writer.part(f.CAUSE_LEADINS)) if lead else None
    enumerate_items(writer, "C", chosen, leadin)


def measures(writer: Writer, pairs: list[tuple[str, str]], lead: bool, subs: bool = False) -> None:
    rng = writer.rng
    if writer.plan.paired:
        chosen = [m for _, m in pairs]
    else:
        # Measures that answer none of this report's problems (a pairing trap).
        taken = {p for p, _ in pairs}
        chosen = [m for p, m in writer.part(f.PROBLEMS) if p not in taken and suitable(writer, p)][
            :2
        ]
        chosen += writer.pick(writer.part(f.MEASURES), 2)
    chosen += writer.pick(writer.part(f.MEASURES), rng.randint(0, 1))
    if subs:
        for n, sub in enumerate(R_SLOGAN_SUBS):
            writer.heading(f"（{NUMERALS[n]}）{sub}")
            part = chosen[n::3]
            writer.paragraph(*[("R", writer.fill(m) + "。") for m in part])
        return
    leadin = rng.choice(writer.part(f.MEASURE_LEADINS)) if lead else None
    enumerate_items(writer, "R", chosen, leadin, writer.part(f.MEASURE_DETAILS))


def commitments(writer: Writer, lead: bool) -> None:
    bank = [c for c in writer.part(f.COMMITMENTS) if suitable(writer, c)]
    if lead:
        chosen = writer.pick(
            [c for c in bank if not c.startswith("我承诺")], writer.rng.randint(2, 3)
        )
        enumerate_items(writer, "M", chosen, writer.rng.choice(writer.part(f.COMMITMENT_LEADINS)))
        return
    writer.paragraph(*sentences(writer, "M", bank, writer.rng.randint(2, 3)))


def opening(writer: Writer) -> None:
    writer.paragraph(*sentences(writer, "O", writer.part(f.OPENINGS), 1))


def closing(writer: Writer) -> None:
    writer.paragraph(*sentences(writer, "O", writer.part(f.CLOSINGS), 1))


def standard(writer: Writer) -> None:
    rng, counter = writer.rng, Counter()
    opening(writer)
    top(writer, counter, rng.choice(A_TOPS))
    achievements(writer, rng.sample(A_SUBS, 3) if rng.random() < 0.5 else None)
    pairs = problem_pairs(writer)
    top(writer, counter, rng.choice(P_TOPS))
    split = rng.random() < 0.5
    if split:
        writer.heading("（一）存在的问题")
    problems(writer, pairs, lead=rng.random() < 0.3)
    if split:
        writer.heading("（二）原因分析")
    else:
        top(writer, counter, rng.choice(C_TOPS))
    causes(writer, lead=rng.random() < 0.4)
    top(writer, counter, rng.choice(R_TOPS))
    measures(writer, pairs, lead=rng.random() < 0.4)
    if rng.random() < 0.5:
        top(writer, counter, rng.choice(M_TOPS))
    commitments(writer, lead=rng.random() < 0.5)
    closing(writer)


def slogan(writer: Writer, kind: str) -> None:
    rng, counter = writer.rng, Counter()
    opening(writer)
    top(writer, counter, SLOGAN_TOPS[kind])
    achievements(writer, SLOGAN_SUBS[kind])
    pairs = problem_pairs(writer)
    top(writer, counter, rng.choice(P_SLOGAN_TOPS + P_TOPS[1:2]))
    problems(writer, pairs, lead=rng.random() < 0.5)
    causes(writer, lead=True)
    if kind == "three":
        top(writer, counter, R_SLOGAN_TOPS[0])
        measures(writer, pairs, lead=False, subs=True)
    else:
        top(writer, counter, rng.choice(R_SLOGAN_TOPS[1:] + R_TOPS))
        measures(writer, pairs, lead=rng.random() < 0.5)
    commitments(writer, lead=True)
    closing(writer)


def leadin(writer: Writer, heading: str = "下步工作思路和主要措施") -> None:
    """Problems and causes with no heading of their own: only their lead-ins say what they are."""
    counter = Counter()
    opening(writer)
    top(writer, counter, A_TOPS[0])
    achievements(writer, None)
    pairs = problem_pairs(writer)
    problems(writer, pairs, lead=True)
    causes(writer, lead=True)
    top(writer, counter, heading)
    measures(writer, pairs, lead=writer.rng.random() < 0.5)
    commitments(writer, lead=writer.rng.random() < 0.5)
    closing(writer)


def plain(writer: Writer) -> None:
    opening(writer)
    achievements(writer, None)
    pairs = problem_pairs(writer)
    problems(writer, pairs, lead=True)
    causes(writer, lead=True)
    measures(writer, pairs, lead=True)
    commitments(writer, lead=writer.rng.random() < 0.5)
    closing(writer)


STYLES = {
    "standard": standard,
    "slogan-qiang": lambda w: slogan(w, "qiang"),
    "leadin": leadin,
    "slogan-li": lambda w: slogan(w, "li"),
    "plain": plain,
    "slogan-three": lambda w: slogan(w, "three"),
    # Problems written under the achievements heading, after a lead-in.
    "misleading": lambda w: leadin(w, "下一步工作打算"),
}
COUNT = 48


def plan_for(number: int, rng: random.Random) -> Plan:
    """Spread levels, styles and traps so that every kind is in the held-apart part too
    (reports whose number is a multiple of 4)."""
    level = list(LEVELS)[(number // 4 + number) % len(LEVELS)]
    style = list(STYLES)[(number // 2) % len(STYLES)]
    plan = Plan(level, style, examples=0 if number % 8 == 6 else rng.randint(1, 3))
    if number % 5 == 2:
        plan.voice = "unit"
    if number % 6 == 4:
        plan.causes = "objective"
    elif number % 6 == 5:
        plan.causes = "subjective"
    plan.held_apart = number % 4 == 0
    plan.paired = number % 7 != 4
    plan.template = number % 11 == 7
    plan.past_rectification = number % 3 == 1
    plan.traps = [
        name
        for name, on in (
            ("unit-voice", plan.voice == "unit"),
            ("objective-causes", plan.causes == "objective"),
            ("unpaired", not plan.paired),
            ("template", plan.template),
            ("past-rectification", plan.past_rectification),
            ("no-examples", plan.examples == 0),
        )
        if on
    ]
    return plan


def build(number: int, rng: random.Random) -> LabelledReport:
    plan = plan_for(number, rng)
    writer = Writer(rng, plan)
    STYLES[plan.style](writer)
    meta = {
        "level": f"{plan.level}（{LEVELS[plan.level].name}）",
        "style": plan.style,
        "traps": ", ".join(plan.traps) or "none",
        "held_apart": "yes" if plan.held_apart else "no",
    }
    return LabelledReport(f"{number:02d}-{plan.level}-{plan.style}", meta, writer.paragraphs)


def main() -> None:
    rng = random.Random(17)
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    for number in range(COUNT):
        report = build(number, rng)
        write_report(OUT / f"{report.name}.txt", report)
    print(f"wrote {COUNT} reports to {OUT}")


if __name__ == "__main__":
    main()
