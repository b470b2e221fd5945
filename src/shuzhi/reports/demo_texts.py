"""Fictional report texts for the demo city, varied by organisation and seed."""

from __future__ import annotations

import random

VILLAGES = ("东坪", "西岭", "北沟", "南坡", "青石", "红岭", "松林", "大河", "柳湾", "杏花")


def good_sections(rng: random.Random, name: str) -> dict[str, str]:
    """A balanced, concrete report that keeps every rule."""
    a, b, c = rng.sample(VILLAGES, 3)
    members = rng.randint(420, 900)
    mobile = rng.randint(40, 110)
    weak = rng.randint(3, 6)
    return {
        "achievements": (
            f"一年来，{name}把抓基层党建作为第一责任，全年召开党建专题会议{rng.randint(8, 14)}次，"
            f"我带头到{a}村、{b}村等{rng.randint(4, 8)}个村蹲点调研{rng.randint(30, 60)}天。"
            f"全年发展35岁以下党员{rng.randint(15, 30)}名，为{rng.randint(10, 20)}个村级活动场所配备专职管理员。"
        ),
        "problems": (
            f"一是软弱涣散村整顿仍不彻底。{a}村两委班子虽已调整，但今年仍有{rng.randint(2, 4)}次村务会议因意见分歧未能形成决议。"
            f"二是党员教育管理不够精准。全镇{members}名党员中流动党员{mobile}名，其中{rng.randint(10, 30)}名全年参加组织生活不足3次。"
            f"三是村级集体经济薄弱。仍有{weak}个村集体经营性收入低于10万元，{c}村仅有{rng.randint(2, 6)}.{rng.randint(1, 9)}万元。"
        ),
        "causes": (
            f"究其原因，一是我对{a}村的情况掌握不细，去年只去了{rng.randint(2, 5)}次，对班子矛盾的根源没有一抓到底。"
            "二是对流动党员的联系仍停留在微信群通知，没有建立一人一档。"
        ),
        "rectification": (
            f"针对{a}村班子不团结的问题，我每月到{a}村召开一次班子谈心会，12月底前完成班子成员分工调整。"
            f"针对流动党员管理，明年3月底前为{mobile}名流动党员建立一人一档，在外出务工集中地设立{rng.randint(1, 3)}个联络点。"
            f"针对集体经济薄弱村，明年为{weak}个薄弱村各落实1个产业项目，{c}村试点光伏发电，预计年增收{rng.randint(5, 12)}万元。"
            f"{b}村党群服务中心实行每日8时至18时开放，安排2名专职人员值守。"
        ),
        "commitments": (
            f"我承诺：明年6月底前{a}村整顿达标销号；全年发展35岁以下党员不少于{rng.randint(20, 30)}名；"
            f"{weak}个薄弱村集体经营性收入全部超过10万元。"
        ),
    }


def boastful_sections(rng: random.Random, name: str) -> dict[str, str]:
    """Mostly achievements, thin problems: breaks the proportions rule."""
    a, b = rng.sample(VILLAGES, 2)
    return {
        "achievements": (
            f"今年以来，{name}坚持以党建引领发展，全年召开党委会{rng.randint(20, 35)}次，研究党建议题{rng.randint(10, 20)}项。"
            f"我们在{a}村建成党建示范带，串联{rng.randint(5, 9)}个村、{rng.randint(8, 15)}个产业基地，带动群众增收{rng.randint(800, 1500)}万元。"
            f"新建党群服务中心{rng.randint(2, 4)}个，改造提升村级活动场所{rng.randint(10, 16)}个。"
            f"选派{rng.randint(30, 50)}名机关干部驻村，帮助解决实际问题{rng.randint(150, 250)}件，群众满意度达到{rng.randint(92, 98)}%。"
            f"全镇村集体经济总收入达到{rng.randint(300, 500)}万元，同比增长{rng.randint(12, 25)}%。"
            f"{b}村获评省级美丽乡村示范村。"
        ),
        "problems": f"一是个别村党组织书记能力不强，{b}村书记年龄偏大。",
        "causes": "主要是教育培训不够。",
        "rectification": "明年组织村书记培训2期。",
        "commitments": "力争明年工作再上新台阶。",
    }


def returned_reasons() -> str:
    return "原因剖析停留在表面，措施没有时间节点，请补充后重新提交。"
