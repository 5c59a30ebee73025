"""The indicator hierarchy: canonical level names, the 一级 → 二级 map, variant
normalisation and level inference from an indicator's name and value.

This is the one place that knows level names. Sources: DOMAIN.md's hierarchy
table; 财预〔2021〕101号 for 成本指标 as a 一级 of its own; RULES.md's list of
variants that real forms use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
# 成本指标 is both a 二级 under 产出 (older layout) and a 一级 (2021+ layout).
UNIT_COST = "成本指标"
ECONOMIC = "经济效益指标"
SOCIAL = "社会效益指标"
ECOLOGICAL = "生态效益指标"
SUSTAINABLE = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"
OTHER_SATISFACTION = "其他满意度指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ECOLOGICAL_COST = "生态环境成本指标"

HIERARCHY: dict[str, tuple[str, ...]] = {
    OUTPUT: (QUANTITY, QUALITY, TIMELINESS, UNIT_COST),
    BENEFIT: (ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE),
    SATISFACTION: (SERVICE_SATISFACTION, OTHER_SATISFACTION),
    COST: (ECONOMIC_COST, SOCIAL_COST, ECOLOGICAL_COST),
}
LEVEL1_NAMES: tuple[str, ...] = tuple(HIERARCHY)
LEVEL2_NAMES: tuple[str, ...] = tuple(dict.fromkeys(l2 for l2s in HIERARCHY.values() for l2 in l2s))
LEVEL1_ORDER = {name: i for i, name in enumerate(LEVEL1_NAMES)}
LEVEL2_ORDER = {name: i for i, name in enumerate(LEVEL2_NAMES)}


def allowed(level1: str, level2: str) -> bool:
    return level2 in HIERARCHY.get(level1, ())


def parent_of(level2: str) -> str | None:
    """The 一级 a 二级 belongs to; 成本指标 as a 二级 belongs to 产出 (the layout most forms use)."""
    for level1, children in HIERARCHY.items():
        if level2 in children:
            return level1
    return None


# Variants seen in real forms (RULES.md "Variants to normalise"), plus OCR garbles
# from the seeds that no general rule can recover (seed 000: 灰里1日外 is 质量指标,
# 中3 XX 1日 47A is 时效指标).
_LEVEL1_VARIANTS = {
    "产出指标": OUTPUT, "产出": OUTPUT, "项目完成指标": OUTPUT, "预期产出指标": OUTPUT, "产出值": OUTPUT,
    "效益指标": BENEFIT, "效益": BENEFIT, "项目效益指标": BENEFIT, "效果指标": BENEFIT, "效益值": BENEFIT,
    "预期效果指标": BENEFIT,
    "满意度指标": SATISFACTION, "满意度": SATISFACTION,
    "成本指标": COST, "成本": COST,
}
_LEVEL2_VARIANTS = {
    "数量指标": QUANTITY, "数量": QUANTITY, "数量值": QUANTITY,
    "质量指标": QUALITY, "质量": QUALITY, "质量值": QUALITY,
    "时效指标": TIMELINESS, "时效": TIMELINESS, "时效值": TIMELINESS, "工期指标": TIMELINESS,
    "形象进度指标": TIMELINESS, "进度指标": TIMELINESS,
    "成本指标": UNIT_COST, "成本": UNIT_COST, "成本值": UNIT_COST, "预算控制指标": UNIT_COST,
    "预算(投资规模)控制指标": UNIT_COST, "投资规模控制指标": UNIT_COST,
    "经济效益指标": ECONOMIC, "经济效益": ECONOMIC,
    "社会效益指标": SOCIAL, "社会效益": SOCIAL, "社会公益指标": SOCIAL,
    "生态效益指标": ECOLOGICAL, "生态效益": ECOLOGICAL, "环境效益指标": ECOLOGICAL, "环境效益": ECOLOGICAL,
    "可持续影响指标": SUSTAINABLE, "可持续影响": SUSTAINABLE, "可持续性影响指标": SUSTAINABLE,
    "可持续发展影响指标": SUSTAINABLE, "可持续性发展影响指标": SUSTAINABLE,
    "服务对象满意度指标": SERVICE_SATISFACTION, "服务对象满意度": SERVICE_SATISFACTION,
    "社会公众或服务对象满意度指标": SERVICE_SATISFACTION, "服务对象或受益者满意度指标": SERVICE_SATISFACTION,
    "受益对象满意度指标": SERVICE_SATISFACTION, "满意度指标": SERVICE_SATISFACTION,
    "其他满意度指标": OTHER_SATISFACTION,
    "经济成本指标": ECONOMIC_COST, "社会成本指标": SOCIAL_COST, "生态环境成本指标": ECOLOGICAL_COST,
    "生态成本指标": ECOLOGICAL_COST, "环境成本指标": ECOLOGICAL_COST,
}
LEVEL_VARIANTS: tuple[str, ...] = tuple(v for v in {**_LEVEL1_VARIANTS, **_LEVEL2_VARIANTS} if len(v) >= 4)
"""Level names as forms write them (4+ characters, so a short word inside a name is never taken)."""

OCR_GARBLES = {"灰里1日外": QUALITY, "中3XX1日47A": TIMELINESS}

_SCORE = re.compile(r"[(（][^()（）]*(分|必填|选填|硬性)[^()（）]*[)）]")
_PUNCT = re.compile(r"[\s\u3000【】\[\]:：★*]")


def clean_label(text: str) -> str:
    """Strip what forms add around a level name: scores, (必填) marks, brackets, spaces."""
    text = _SCORE.sub("", text or "")
    text = text.replace("（", "(").replace("）", ")")
    return _PUNCT.sub("", text)


def _lookup(text: str, table: dict[str, str]) -> str | None:
    key = clean_label(text)
    if not key:
        return None
    if key in table:
        return table[key]
    if key in OCR_GARBLES and table is _LEVEL2_VARIANTS:
        return OCR_GARBLES[key]
    return None


def _longest_suffix(text: str, table: dict[str, str]) -> str | None:
    # OCR sometimes glues a fragment of the cell above onto a label
    # ("意度指标 服务对象满意度指标"); the real label is the longest known suffix.
    key = clean_label(text)
    if not key.endswith("指标"):
        return None
    best = None
    for variant, canonical in table.items():
        if len(variant) >= 4 and key.endswith(variant) and (best is None or len(variant) > len(best[0])):
            best = (variant, canonical)
    return best[1] if best else None


def normalize_level1(text: str) -> str | None:
    return _lookup(text, _LEVEL1_VARIANTS)


def normalize_level2(text: str) -> str | None:
    return _lookup(text, _LEVEL2_VARIANTS) or _longest_suffix(text, _LEVEL2_VARIANTS) or _after_level1(text)


_LEVEL1_WORDS = ("产出", "效益", "满意度", "成本")


def _after_level1(text: str) -> str | None:
    """A 二级 written after its 一级 (产出数量, 产出质量指标) or with its word doubled (社会效益效益指标)."""
    key = clean_label(text)
    undoubled = key.replace("效益效益", "效益")
    if undoubled != key and (found := _lookup(undoubled, _LEVEL2_VARIANTS)):
        return found
    for word in _LEVEL1_WORDS:
        if undoubled.startswith(word) and len(undoubled) > len(word):
            found = _lookup(undoubled[len(word):], _LEVEL2_VARIANTS)
            if found:
                return found
    return None


def split_pair(text: str) -> tuple[str | None, str | None] | None:
    """List-style cells such as "【产出指标-数量指标】" carry both levels."""
    key = clean_label(text)
    for sep in ("-", "—", "/", "－"):
        if sep in key:
            left, _, right = key.partition(sep)
            l1, l2 = normalize_level1(left), normalize_level2(right)
            if l1 and l2:
                return l1, l2
    return None


@dataclass(frozen=True)
class LevelGuess:
    level2: str
    confidence: float
    reason: str

    @property
    def level1(self) -> str:
        return parent_of(self.level2) or OUTPUT


_MONEY_UNIT = re.compile(r"\d\s*(万?元|元/)")
_COUNT_UNIT = re.compile(
    r"\d\s*(人次|人|户|个|家|台|次|场次|场|批次|份|册|件|宗|张|所|辆|条|座|株|处|篇|种|套|项|名|块|期|天次|万人|万)"
)
_TIME_UNIT = re.compile(r"(\d\s*(天|日|个月|月|年|小时|个工作日|工作日)(内|以内|前)?$)|年底前|月底前|日前|前完成|按期|按时")

# Ordered: the first rule that matches wins. Each rule reads the name, and some the value.
_NAME_RULES: list[tuple[re.Pattern[str], str, float, str]] = [
    (re.compile(r"满意"), SERVICE_SATISFACTION, 0.95, "名称含“满意”"),
    (re.compile(r"及时|时效|时限|期限|周期|进度|按时|按期|时间"), TIMELINESS, 0.8, "名称含时效用语"),
    (re.compile(r"投入|经费|成本|费用|标准$|补助标准|单价|资金额"), UNIT_COST, 0.7, "名称含成本用语"),
    (re.compile(r"(人数|次数|个数|户数|数量|场次|批次|份数|台数|家数|件数|人次|面积|床位数)$"), QUANTITY, 0.8,
     "名称以计数用语结尾"),
    (re.compile(r"(率|比例|占比|覆盖面|合格|达标|准确)"), QUALITY, 0.6, "名称含比率或质量用语"),
    (re.compile(r"(提高|提升|促进|保障|改善|推动|增强|效益|水平|影响力|稳定)"), SOCIAL, 0.5, "名称含效益用语"),
    (re.compile(r"(长效|可持续|长期|年限|持续)"), SUSTAINABLE, 0.55, "名称含可持续用语"),
]


_DEFAULT_CHILD = {OUTPUT: QUANTITY, BENEFIT: SOCIAL, SATISFACTION: SERVICE_SATISFACTION, COST: ECONOMIC_COST}


def guess_level2(name: str, value_raw: str = "", within: str | None = None) -> LevelGuess | None:
    """Infer a missing 二级 from the indicator's name and value, with a confidence.

    The value settles cases the name leaves open: money units mean 成本, a count unit
    means 数量, a deadline means 时效, a qualitative phrase means 效益. With `within`
    (a known 一级) the guess stays among that 一级's children.
    """
    guess = _guess(name, value_raw)
    if within is None or within not in HIERARCHY:
        return guess
    if guess and allowed(within, guess.level2):
        return guess
    fallback = _DEFAULT_CHILD[within]
    return LevelGuess(fallback, 0.3, f"一级为“{within}”，名称未指明二级，取其常用二级")


def _guess(name: str, value_raw: str) -> LevelGuess | None:
    name = (name or "").strip()
    value = (value_raw or "").strip()
    if re.search(r"满意", name):
        return LevelGuess(SERVICE_SATISFACTION, 0.95, "名称含“满意”")
    if _MONEY_UNIT.search(value) and not re.search(r"率|比例", name):
        return LevelGuess(UNIT_COST, 0.85, "指标值以元或万元计")
    if re.search(r"及时|时效|时限|期限|周期", name) or (value and _TIME_UNIT.search(value) and "率" not in name):
        return LevelGuess(TIMELINESS, 0.8, "名称或指标值表示时限")
    for pattern, level2, confidence, reason in _NAME_RULES:
        if pattern.search(name):
            if level2 == QUALITY and _COUNT_UNIT.search(value) and "%" not in value:
                return LevelGuess(QUANTITY, 0.6, "指标值带计数单位")
            return LevelGuess(level2, confidence, reason)
    if _COUNT_UNIT.search(value):
        return LevelGuess(QUANTITY, 0.6, "指标值带计数单位")
    if "%" in value:
        return LevelGuess(QUALITY, 0.45, "指标值为百分比")
    if value and not re.search(r"\d", value):
        return LevelGuess(SOCIAL, 0.4, "指标值为定性表述")
    return None
