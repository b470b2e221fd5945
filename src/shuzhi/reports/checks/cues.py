"""Cue words of the report checks (no Django): what headings name, what sentences suggest,
how causes, the secretary's own voice and unfinished text show. Extend the lists here."""

from __future__ import annotations

import re

from shuzhi.reports.checks.model import Category

# Words that make a heading name a part. Narrower than the sentence cues on purpose: 坚持,
# 强化, 落实 open slogans as often as measures, so a heading with only those says nothing.
HEADING_WORDS: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (Category.CAUSES, ("原因", "剖析", "根源")),
    (Category.PROBLEMS, ("问题", "不足", "差距", "短板", "查摆")),
    (Category.COMMITMENTS, ("承诺",)),
    (Category.RECTIFICATION, ("措施", "打算", "思路", "下一步", "下步", "整改", "努力方向")),
    (
        Category.ACHIEVEMENTS,
        ("成绩", "成效", "工作情况", "责任情况", "职责情况", "做法", "履职", "建设情况"),
    ),
)
# Cue words, by what they suggest. They carry what the character n-grams of a small corpus
# cannot: tense and aspect (已/全年 for work done, 将/底前/明年 for work planned), the language
# of shortcomings and of cause analysis, and the report's formulas.
LEXICON: dict[str, tuple[str, ...]] = {
    "done": (
        "全年",
        "今年",
        "一年来",
        "已",
        "了",
        "共",
        "累计",
        "达到",
        "实现",
        "建成",
        "获评",
        "荣获",
        "取得",
        "下降",
        "提高到",
        "增收",
        "覆盖",
        "人次",
        "投用",
        "办结",
        "签订",
    ),
    "past": ("去年", "上年度", "上一年", "反馈的", "指出的", "已整改", "整改到位", "销号率"),
    "short": (
        "不够",
        "不足",
        "不强",
        "不高",
        "不到位",
        "不严",
        "不全",
        "不及时",
        "不平衡",
        "滞后",
        "薄弱",
        "流于形式",
        "走过场",
        "较低",
        "老化",
        "单一",
        "欠缺",
        "缺乏",
        "没有",
        "未能",
        "只有",
        "只召开",
        "仅",
        "偏",
        "问题",
        "差距",
        "现象",
        "淡薄",
        "不稳定",
        "不规范",
        "不突出",
        "不多",
        "不少",
        "较大",
        "未参加",
        "超期",
        "不如",
        "不明显",
        "弱化",
        "虚化",
        "不实",
    ),
    "cause": (
        "原因",
        "根源",
        "究其",
        "主观",
        "客观",
        "意识",
        "认识",
        "思想",
        "作风",
        "失之于",
        "重经济",
        "习惯于",
        "畏难",
        "办法",
        "导致",
        "由于",
        "受",
        "有限",
        "繁重",
        "距离远",
        "素质",
        "身兼数职",
        "疲于",
        "编制",
        "外出务工",
        "重业务",
        "轻党建",
        "根子",
    ),
    "plan": (
        "将",
        "下一步",
        "下步",
        "明年",
        "底前",
        "每季度",
        "每月",
        "逐一",
        "建立",
        "完善",
        "健全",
        "推行",
        "实行",
        "针对",
        "限期",
        "按程序",
        "不少于",
        "至少",
        "要",
        "着力",
        "力争",
        "确保",
        "计划",
        "拟",
        "争取",
        "今后",
        "切实",
        "进一步",
    ),
    "promise": ("承诺", "保证", "确保", "力争", "年内", "不达标不销号", "监督", "郑重"),
    "formula": (
        "报告如下",
        "述职如下",
        "现将",
        "向组织报告",
        "进行述职",
        "作如下述职",
        "请予",
        "评议",
        "批评指正",
        "谢谢",
        "完毕",
        "审议",
    ),
}
# A unit that opens with these words analyses causes, whatever came before it.
CAUSE_OPENER = re.compile(
    r"^(?:究其原因|分析原因|原因是|原因在于|根源在于|深层次原因|从主观上看|从客观上看"
    r"|产生(?:上述|以上|这些)?问题的(?:主要)?原因)"
)

# A lead-in ("……：") with these words announces causes ("反思这些问题，原因是多方面的：").
CAUSE_LEAD_IN = re.compile(r"原因|根源|根子|症结")

# A lead-in with these words announces problems ("……仍然存在着不少问题，具体讲有以下几个方面："),
# unless it announces measures or promises about them ("针对上述问题，下一步我将……：").
PROBLEM_LEAD_IN = re.compile(r"问题|不足|差距|薄弱|短板|不够")
MEASURE_LEAD_IN = re.compile(r"下一步|下步|措施|整改|打算|承诺|将|针对")

# Unfinished text: X次, XX市, 20XX年, ×××, ***, 某某, ○○. Latin X only where it stands alone
# (not inside a word such as "PPTX"), so real abbreviations are not taken for placeholders.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[XxＸｘ]{1,4}(?![A-Za-z])[\u4e00-\u9fa5]?"
    r"|[×＊*]{2,}|某某|[○〇□]{2,}"
)

# Every placeholder holds one of these characters (each alternative above starts with one):
# a text without them has none, found by a plain character search, which is many times faster
# than trying the pattern (it has no literal start) at every character.
PLACEHOLDER_CHARS = re.compile("[XxＸｘ×＊*某○〇□]")

# The secretary speaking: 我 and 本人, not 我们/我镇/我县… (the unit) nor 自我.
FIRST_PERSON = re.compile(r"(?<!自)我(?![们镇县村局校市区乡省国厂院所部委司队])|本人")
# The duties of the first responsible person, spoken of as one's own.
OWN_DUTY = re.compile(r"第一责任人|书记职责|亲自|带头|履职|职责|抓党建的责任|一岗双责")
# A sentence that speaks as the unit: its subject is the organisation.
UNIT_VOICE = re.compile(
    r"^(?:[一二三四五六七八九十]+是)?(?:我们|我[镇县村局校市区乡]|(?:镇|县|区|市|乡|街道)?党[委组工]"
    r"|党总支|党支部|村党支部|社区党委|学校党委|局党组|[镇县]委|两委|班子)"
)

# Causes: subjective ones are about the secretary's and the leadership's own thinking, duty and
# work; objective ones about money, distance, workload, staff and the people (000: 原因剖析深).
SUBJECTIVE_CAUSE = re.compile(
    rf"主观|{FIRST_PERSON.pattern}|思想|认识|意识|作风|重视不够|责任|督促|失之于|研究部署多|畏难"
    r"|松劲|满足于|习惯于|要求不严|方法不多|研究不深|没有把|抓得不|管得不|学习不够|调查研究不够"
    r"|掌握不细|考核偏软|创新意识|一岗双责|分内事|估计不足"
)
OBJECTIVE_CAUSE = re.compile(
    r"客观|经费|资金|地处|距离|任务繁重|身兼数职|编制|外出务工|素质不高|天气|疫情|底子薄|基础差"
    r"|历史遗留|交通|居住分散|检查事项多|疲于应付|老弱病残|条件差|人手不足|财力"
)

# A concrete case (事例): who, where, what was done, with what result.
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "雷钱汤尹黎易常武乔贺赖龚文"
)
_NAME = rf"[{SURNAMES}][\u4e00-\u9fa5]{{1,2}}?"
_FULL_NAME = rf"[{SURNAMES}][\u4e00-\u9fa5]{{2}}"
PERSON = re.compile(
    rf"(?:书记|主任|委员|党员|干部|队长|网格员|教师|村民|居民|退伍军人)(?:{_FULL_NAME})"
    r"(?=[，。、同是带牵主担组逐挨三推实发])"
    # Without a title before it, only a full three-character name: 任务实行, 程序 are no names.
    rf"|(?:{_FULL_NAME})(?=同志|书记|主任|带领|牵头|主动|担任|逐户|挨家挨户|三次上门|推行|实行|发现)"
    rf"|(?:{_NAME})(?=同志)|的(?:{_FULL_NAME})(?=是)"
)
CASE_CUE = re.compile(
    r"例如|比如|譬如|以[\u4e00-\u9fa5]{2,8}为例|典型|案例|有一次|如[\u4e00-\u9fa5]{2,4}(?:村|社区|镇)"
)
CASE_ACTION = re.compile(
    r"带领|(?<!党)组织(?!生活|活动|关系)|牵头|召开|走访|上门|建起|开设|修复|调解|排查|流转|清退|成立|推行|实行|联系|蹲点"
    r"|开放|办起|组成|协调|帮助|整治|发现|实施|投入|安排"
)
CASE_RESULT = re.compile(
    r"增收|解决|化解|签订|恢复|修复|建成|代办事项|提高到|达到|追回|办结|完成|清退|取得联系|送来|无一"
    r"|实现|整顿达标|转化|投用|递交|接待|清理|消除|减少|下降|增加到|全部"
)
# Plans, not deeds: a sentence with these tells no example yet.
FUTURE = re.compile(r"将|计划|预计|力争|争取|确保|明年|来年|底前|拟|打算|今后|下一步")
