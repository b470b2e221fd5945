"""Problem texts as a city's reports, critiques and ballots word them, each with its true theme.

Built from the wording of the demo generators (reports, meetings, rectification) and of the
source articles (000: 抓落实不够、服务不到位; 003: 三会一课、软弱涣散; 004: 集体经济发展不平衡、
党务公开落实不到位、干部作风). The theme tests measure purity on it, the demo gives the city three
years of such problems and the benchmark a province's worth. Pure and deterministic per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

VILLAGES = (
    "东坪",
    "西岭",
    "北沟",
    "南坡",
    "青石",
    "红岭",
    "松林",
    "大河",
    "柳湾",
    "杏花",
    "石门",
    "桃园",
)

# label -> phrasings; {v} a village, {n} a small number, {m} a larger one.
PHRASINGS: dict[str, tuple[str, ...]] = {
    "组织生活": (
        "“三会一课”制度落实不到位，部分支部组织生活会流于形式",
        "{v}村三会一课记录缺失{n}个月，组织生活不经常",
        "支部组织生活会质量不高，批评和自我批评辣味不足",
        "党内政治生活不够严格，没有有效使用批评与自我批评",
        "{v}村党支部主题党日活动内容单一，三会一课走过场",
        "部分支部组织生活会准备不充分，会议记录不规范",
    ),
    "活动场所": (
        "村级活动场所利用率不高，日常开放时间不固定",
        "{v}村党群服务中心使用率低，全年登记活动仅{n}场",
        "{v}村便民服务站每周只开放{n}天，群众办事不方便",
        "村级活动场所使用率不高，阵地作用发挥不明显",
        "党群服务中心功能单一，场所长期闲置",
    ),
    "发展党员": (
        "发展党员把关不严，培养考察记录不完整",
        "发展党员程序不够规范，入党积极分子培养考察走过场",
        "近三年新发展的{m}名党员中，有{n}名从未参加志愿服务，发展党员质量不高",
        "{v}村连续{n}年未发展党员，党员队伍后继乏人",
        "发展对象政审把关不细，入党材料填写不规范",
    ),
    "党费收缴": (
        "党费收缴不及时，个别党员长期未按标准交纳",
        "{v}村党费收缴台账不清，有{n}名党员欠交党费",
        "党费交纳基数核定不准，少交漏交党费现象时有发生",
        "党费使用管理不规范，收缴记录不完整",
    ),
    "软弱涣散": (
        "软弱涣散村党组织整顿进度滞后",
        "软弱涣散村整顿仍不彻底，{v}村两委班子仍有{n}次会议未形成决议",
        "{v}村软弱涣散问题突出，整顿转化进度偏慢",
        "后进支部整顿成效不明显，{n}个软弱涣散村党组织转化不到位",
        "存在一些软弱落后村，村党组织战斗力不强",
    ),
    "流动党员": (
        "流动党员管理台账不健全，联系不经常",
        "全镇流动党员{m}名中失联{n}名，至今未找回",
        "流动党员教育管理不够精准，{n}名流动党员全年参加组织生活不足3次",
        "外出流动党员底数不清，管理服务跟不上",
        "{v}村流动党员联系卡发放不全，失联党员查找不力",
    ),
    "责任落实": (
        "基层党建责任清单落实不细，考核压力传导不够",
        "部署基层党建工作满足于布置，不注重督促指导，抓落实不够",
        "书记抓党建的精力投入不足，全年到{v}村调研只有{n}次",
        "党建工作责任制落实不到位，一手硬一手软",
        "抓党建主体责任意识不强，把主要精力放在项目建设上，党建例会常被压缩",
        "对{v}村的问题听汇报多、到现场少，责任传导层层递减",
    ),
    "经费保障": (
        "村干部报酬和办公经费保障机制不完善",
        "村级组织运转经费标准偏低，保障不足",
        "党建工作经费使用台账不规范，经费保障不到位",
        "{v}村办公经费长期不足，村干部报酬发放不及时",
    ),
    "集体经济": (
        "村级集体经济薄弱，仍有{n}个村集体经营性收入低于10万元",
        "{v}村集体经济发展缺乏有效措施，集体收入仅{n}万元",
        "山区村、薄弱村集体经济壮大缺乏有效办法，发展不平衡不充分",
        "村集体经济发展思路不广，{v}村没有稳定的集体收入来源",
        "集体经济发展不平衡，{n}个村仍是空壳村",
    ),
    "村务公开": (
        "党务公开落实不到位，村务公开内容不全",
        "审计发现{v}村有{n}笔支出没有经过四议两公开",
        "{v}村财务公开不及时，群众对村级账目有意见",
        "四议两公开程序执行不严，重大事项决策不民主",
        "村务监督委员会作用发挥不充分，村务公开栏长期不更新",
    ),
    "干部队伍": (
        "{v}村后备干部仍为空白，村干部队伍后继乏人",
        "党员队伍结构老化，{v}村60岁以上党员占{m}%",
        "村干部年龄偏大、文化程度偏低，带富能力不强",
        "村级后备力量培养不足，年轻干部储备不够",
        "村干部发展思路不广、不够主动，能力素质不高",
    ),
    "干部作风": (
        "干部作风不实，重大决策推进不快、难题破解不力",
        "个别干部服务群众意识淡薄，办事拖沓推诿",
        "干部作风问题整治不彻底，规矩执行不严",
        "村干部工作作风漂浮，群众满意度不高",
        "{v}村干部为民服务不主动，群众反映办事难",
    ),
}
LABELS = tuple(PHRASINGS)


@dataclass(frozen=True)
class LabelledText:
    text: str
    label: str


def _fill(template: str, rng: random.Random) -> str:
    return template.format(v=rng.choice(VILLAGES), n=rng.randint(2, 9), m=rng.randint(12, 80))


# Syllables of place names, for texts that name where the problem was found (a province's
# problems are nearly all worded differently, if only by the place).
SYLLABLES = (
    "安宁丰和平乐永兴康泰嘉禾长青瑞祥福源金桥银杏桃花梅岭竹溪枫林柏树杨柳荷塘凤凰龙泉玉山石湾沙河"
)


def generate(
    count: int, *, seed: int = 0, labels: tuple[str, ...] = LABELS, places: bool = False
) -> list[LabelledText]:
    """``count`` problem texts spread over ``labels``; the same seed gives the same texts.
    With ``places`` each text starts with a place name (镇, 村) as a province's would."""
    rng = random.Random(seed)
    found = []
    for label in (labels[i % len(labels)] for i in range(count)):
        text = _fill(rng.choice(PHRASINGS[label]), rng)
        if places:
            town, village = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) for _ in range(2))
            text = f"{town}镇{village}村：{text}"
        found.append(LabelledText(text, label))
    return found


def texts(count: int, *, seed: int = 0, places: bool = False) -> list[str]:
    return [item.text for item in generate(count, seed=seed, places=places)]
