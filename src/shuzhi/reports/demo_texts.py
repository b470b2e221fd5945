"""Fictional report texts for the demo city, varied by organisation and seed."""

from __future__ import annotations

import random

VILLAGES = ("东坪", "西岭", "北沟", "南坡", "青石", "红岭", "松林", "大河", "柳湾", "杏花")


def _nth(variant: int, options: tuple[str, ...]) -> str:
    return options[variant % len(options)]


def area_word(name: str) -> str:
    """The administrative word a report uses for its own area: 县, 区 or 镇 (the default)."""
    for word in ("县", "区"):
        if word in name:
            return word
    return "镇"


def good_sections(rng: random.Random, name: str, variant: int) -> dict[str, str]:
    """A balanced, concrete report that keeps every rule. Reports of different ``variant``
    (0–4) share no wording, so the copy check flags only what the demo plants."""
    a, b, c = rng.sample(VILLAGES, 3)
    area = area_word(name)
    committee = "镇党委" if area == "镇" else f"{area}委"
    n = rng.randint
    members, mobile, weak = n(420, 900), n(40, 110), n(3, 6)
    achievements = _nth(
        variant,
        (
            f"一年来，{name}把抓基层党建作为第一责任，全年召开党建专题会议{n(8, 14)}次，"
            f"我带头到{a}村、{b}村等{n(4, 8)}个村蹲点调研{n(30, 60)}天。"
            f"全年发展35岁以下党员{n(15, 30)}名，为{n(10, 20)}个村级活动场所配备专职管理员。",
            f"今年我主持{name}党建工作例会{n(10, 16)}次，{a}村软弱涣散问题列入书记项目，"
            f"{n(6, 12)}名班子成员包联{n(20, 40)}个支部；{b}村建成党员教育实训点，培训党员{n(300, 600)}人次。",
            f"{name}以整顿后进支部为抓手，全年排查{n(20, 40)}个支部，倒排{n(3, 6)}个后进支部逐一销号；"
            f"{c}村引进合作社{n(2, 4)}家，村集体增收{n(8, 20)}万元。",
            f"这一年做了三件实事：为{a}村选派第一书记，帮助建起{n(2, 3)}个蔬菜大棚；"
            f"在{b}村试行党员积分制，{n(80, 150)}名党员全部上榜公示；全年审核发展对象{n(12, 25)}名，退回{n(1, 4)}名。",
            f"履职情况可以用几个数字说明：督查村级组织生活{n(40, 70)}场次，约谈村支书{n(3, 9)}人，"
            f"{c}村和{a}村完成阵地改造，投入{n(30, 90)}万元，服务群众{n(2000, 5000)}人次。",
        ),
    )
    problems = _nth(
        variant,
        (
            f"一是软弱涣散村整顿仍不彻底。{a}村两委班子虽已调整，但今年仍有{n(2, 4)}次村务会议未能形成决议。"
            f"二是党员教育管理不够精准。{members}名党员中流动党员{mobile}名，其中{n(10, 30)}名全年参加组织生活不足3次。"
            f"三是村级集体经济薄弱。仍有{weak}个村集体经营性收入低于10万元，{c}村仅有{n(2, 6)}.{n(1, 9)}万元。",
            f"（一）书记抓党建的精力投入不足，全年到{b}村调研只有{n(1, 3)}次，对{a}村换届后的班子磨合过问不多。"
            f"（二）发展党员质量不高，近三年新发展的{n(30, 60)}名党员中，有{n(5, 12)}名从未参加志愿服务。"
            f"（三）{c}村党群服务中心使用率低，全年登记活动仅{n(6, 15)}场。",
            f"群众反映最多的是办事难：{a}村便民服务站每周只开放{n(1, 3)}天，全年收到投诉{n(10, 30)}件；"
            f"{b}村三会一课记录缺失{n(3, 8)}个月；全{area}流动党员{mobile}名中失联{n(5, 15)}名，至今未找回。",
            f"上级点评指出的{n(2, 4)}个问题中，{a}村集体资产清查一项至今没有完成；"
            f"审计发现{b}村有{n(3, 9)}笔支出没有经过四议两公开，金额合计{n(5, 30)}万元；{c}村后备干部仍为空白。",
            f"对照问题清单，我们自己查摆出：村级班子运行不规范，{a}村书记主任一肩挑后监督缺位；"
            f"党员队伍结构老化，{b}村{n(40, 70)}名党员中60岁以上占{n(55, 75)}%；{c}村议事会全年只开了{n(1, 3)}次。",
        ),
    )
    causes = _nth(
        variant,
        (
            f"究其原因，一是我对{a}村的情况掌握不细，去年只去了{n(2, 5)}次，对班子矛盾的根源没有一抓到底。"
            "二是对流动党员的联系仍停留在微信群通知，没有建立一人一档。",
            f"根子在我：把主要精力放在项目建设上，党建例会常被压缩；对{b}村的问题听汇报多、到现场少，"
            "考核指标偏重台账，没有看实效。",
            f"主观上是责任压得不实，{a}村整顿方案定了却没有跟踪督办；客观上村干部平均年龄{n(52, 58)}岁，"
            "年轻人才引不进、留不住。",
            f"剖析下来有三条：对基层党建规律研究不透，{c}村的做法没有总结推广；"
            "制度建了但执行打折扣，季度督查有{n}次流于形式；本人带头作用发挥不够。".replace(
                "{n}", str(n(1, 3))
            ),
            f"问题出在落实环节。{a}村的整顿由副书记代管，我没有亲自盯；对{b}村的审计问题，"
            "当时只批示了要求整改，没有跟进验收，导致问题一拖再拖。",
        ),
    )
    project = rng.choice(("光伏发电", "林下种植", "民宿改造", "冷链仓储"))
    rectification = _nth(
        variant,
        (
            f"针对{a}村的问题，我每月到{a}村召开一次班子会，12月底前完成班子成员分工调整。"
            f"明年3月底前为{mobile}名流动党员建立一人一档，设立{n(1, 3)}个联络点。"
            f"为{weak}个薄弱村各落实1个产业项目，{c}村试点{project}，预计年增收{n(5, 12)}万元。",
            f"第一，{a}村由我直接包联，{area}纪委每季度专项督查一次，明年{n(3, 5)}月验收。"
            f"第二，流动党员实行“双向管理”，在务工集中地{rng.choice(('宁波', '东莞', '苏州'))}建临时支部。"
            f"第三，{b}村党群服务中心改为全天开放，由{n(2, 3)}名公益岗轮值，开放情况每月公示。",
            f"整改分三步走：{n(1, 2)}月份完成{c}村问题清单，{n(3, 4)}月份完成班子补配，"
            f"{n(6, 7)}月底前{weak}个薄弱村各落实1个{project}项目。每一项明确责任领导、完成时限和验收标准，"
            f"完成一项、销号一项，{committee}每月通报进度。",
            f"对{b}村违规支出，{n(1, 2)}个月内完成追缴并通报；对{a}村集体资产，委托第三方在{n(3, 5)}月底前清查完毕，"
            f"结果张榜公示；{c}村从返乡大学生中选出{n(2, 4)}名后备干部，跟班学习一年。",
            f"立行立改三件事：{a}村建立书记主任权力清单，每季度向党员大会述职；{b}村组织{n(2, 4)}批老党员结对带新党员；"
            f"{c}村议事会改为每月第一个周一召开，会议记录报{committee}组织部门备案。",
        ),
    )
    commitments = _nth(
        variant,
        (
            f"我承诺：明年6月底前{a}村整顿达标销号；全年发展35岁以下党员不少于{n(20, 30)}名。",
            f"明年{weak}个薄弱村集体经营性收入全部超过10万元，{b}村便民服务站全年开放不少于{n(250, 300)}天，接受群众监督。",
            f"来年，{c}村三会一课记录做到月月齐全；流动党员联系率达到{n(95, 100)}%；年底向全体党员报告整改结果。",
            f"郑重承诺：审计指出的{b}村问题年内全部整改到位，{c}村后备干部不少于{n(2, 4)}名，请组织和群众监督。",
            f"下一年度，我每季度到{a}村参加一次组织生活，{b}村60岁以下党员占比提高{n(5, 10)}个百分点。",
        ),
    )
    return {
        "achievements": achievements,
        "problems": problems,
        "causes": causes,
        "rectification": rectification,
        "commitments": commitments,
    }


def boastful_sections(rng: random.Random, name: str) -> dict[str, str]:
    """Mostly achievements, thin problems: breaks the proportions rule."""
    a, b = rng.sample(VILLAGES, 2)
    area = area_word(name)
    return {
        "achievements": (
            f"今年以来，{name}坚持以党建引领发展，全年召开党委会{rng.randint(20, 35)}次，研究党建议题{rng.randint(10, 20)}项。"
            f"我们在{a}村建成党建示范带，串联{rng.randint(5, 9)}个村、{rng.randint(8, 15)}个产业基地，带动群众增收{rng.randint(800, 1500)}万元。"
            f"新建党群服务中心{rng.randint(2, 4)}个，改造提升村级活动场所{rng.randint(10, 16)}个。"
            f"选派{rng.randint(30, 50)}名机关干部驻村，帮助解决实际问题{rng.randint(150, 250)}件，群众满意度达到{rng.randint(92, 98)}%。"
            f"全{area}村集体经济总收入达到{rng.randint(300, 500)}万元，同比增长{rng.randint(12, 25)}%。"
            f"{b}村获评省级美丽乡村示范村。"
        ),
        "problems": f"一是个别村党组织书记能力不强，{b}村书记年龄偏大。",
        "causes": "主要是教育培训不够。",
        "rectification": "明年组织村书记培训2期。",
        "commitments": "力争明年工作再上新台阶。",
    }


def returned_reasons() -> str:
    return "原因剖析停留在表面，措施没有时间节点，请补充后重新提交。"
