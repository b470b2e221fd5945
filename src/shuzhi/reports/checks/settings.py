"""The thresholds of every check. Defaults follow DOMAIN.md ("讲成绩不超过1/3, 晒问题不少于1/3")."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class CheckSettings:
    # Shares (000, 003). Causes count with problems and commitments with rectification,
    # because the articles speak of "问题" and "整改" as halves of the report's second part.
    max_achievements: Fraction = Fraction(1, 3)
    min_problems: Fraction = Fraction(1, 3)
    min_rectification: Fraction = Fraction(1, 3)
    # A share within this distance of the limit is shown as a warning, not a failure.
    share_tolerance: float = 0.02
    # Concrete data (000: "用具体事例和数据说话").
    min_data_per_thousand: float = 4.0
    min_passage_chars: int = 60  # shorter passages are not blamed for having no data
    # Stock phrases and generic text (000: "严禁放空炮、讲套话").
    max_stock_per_thousand: float = 3.0
    max_generic_share: float = 0.35
    # Copying.
    shingle_size: int = 5
    num_perm: int = 120
    # 20 bands of 6 rows: passages of similarity 0.75 meet in some bucket with probability
    # 0.98, of 0.85 with 0.9999, while unrelated ones (similarity ≤ 0.2) almost never do.
    bands: int = 20
    copy_threshold: float = 0.5
    min_copy_chars: int = 40
    passage_max_chars: int = 300
    # Responsiveness: share of an item's content bigrams a report sentence must cover.
    answer_recall: float = 0.45
    min_answer_chars: int = 10
    # Examples (事例): concrete cases told (who, where, what, result).
    min_examples: int = 1
    # The secretary's own voice: sentences with 我/本人 (the critique "只谈单位工作").
    min_first_person: int = 2
    # Pairing: distinctive bigrams a measure must share with a problem to answer it.
    min_pair_bigrams: int = 2


DEFAULT_SETTINGS = CheckSettings()
