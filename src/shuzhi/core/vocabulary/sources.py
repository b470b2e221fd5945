"""Where things come from: score sources, voter categories and problem sources."""

from __future__ import annotations

from shuzhi.core.vocabulary.base import Vocabulary, choices_of


class ScoreSource(Vocabulary):
    """A source of the composite score; each one's weight is a round setting (percent).

    The two level assessments are named per round (e.g. 市级考核); the engine keys them
    ``level:<name>``.
    """

    INDICATORS = "indicators", "指标考核"
    ONSITE = "onsite", "现场测评"
    SUPERIOR = "superior", "上级评价"
    RECORDS = "records", "年度记录"
    LEVEL_1 = "level_1", "第一级考核"
    LEVEL_2 = "level_2", "第二级考核"


#: The sources scored out of 100 per reporter and entered by hand or imported.
ASSESSED_SOURCES = (
    ScoreSource.SUPERIOR,
    ScoreSource.RECORDS,
    ScoreSource.LEVEL_1,
    ScoreSource.LEVEL_2,
)
ASSESSED_SOURCE_CHOICES = choices_of(ASSESSED_SOURCES)


class VoterCategory(Vocabulary):
    """Who casts a ballot; each category's weight in the on-site score is a round setting."""

    LEADER = "leader", "领导班子成员"
    REPRESENTATIVE = "representative", "两代表一委员"
    MEMBER = "member", "党员代表"
    MASSES = "masses", "群众代表"


#: Each voter category's weight (percent) in the on-site score of a new round (a round setting).
DEFAULT_VOTER_WEIGHTS = {
    VoterCategory.LEADER: 30,
    VoterCategory.REPRESENTATIVE: 30,
    VoterCategory.MEMBER: 20,
    VoterCategory.MASSES: 20,
}


class ProblemSource(Vocabulary):
    """Where a problem was found (003: 自己找、上级点、群众评; 000, 004: inspection, audit;
    003, 004: common problems rooted above)."""

    SELF = "self", "自己查摆"
    SUPERIOR = "superior", "上级点评"
    MASSES = "masses", "群众反映"
    INSPECTION = "inspection", "视察发现"
    AUDIT = "audit", "党建审计"
    UNANNOUNCED_VISIT = "unannounced_visit", "暗访发现"
    # 003/004: a problem found across many units, rooted above and handled one level up.
    COMMON = "common", "共性问题"
