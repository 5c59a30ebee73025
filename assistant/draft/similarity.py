"""How alike two indicator names are: the one measure drafting, suggestions and the eval share.

Character-bigram Dice on the names without spaces and punctuation: 2·|A∩B| / (|A|+|B|)
over the sets of adjacent character pairs (a one-character name is its own "pair").
Chinese indicator names are short compounds, so pairs catch shared words (设备 / 合格率)
without a tokenizer. `SAME_INDICATOR` (0.6) is the threshold for "the same indicator"
(eval matches, near-duplicate rows): it pairs 补贴资金发放准确率 / 补助资金发放准确率 (0.75)
and 设备质量合格率 / 设备合格率 (0.6), but not 培训出勤率 / 会议出勤率 (0.5: the activity
differs) nor 群众对疾病预防工作满意度 / 群众对高新区疫情防控工作满意度 (0.48).
"""

from __future__ import annotations

from assistant.validate.rules.kinds import compact
from assistant.validate.rules.money import dice, grams

SAME_INDICATOR = 0.6


def name_similarity(a: str, b: str) -> float:
    """Character-bigram Dice of two names (0–1)."""
    return dice(grams(compact(a), 2), grams(compact(b), 2))


def same_indicator(a: str, b: str) -> bool:
    return name_similarity(a, b) >= SAME_INDICATOR
