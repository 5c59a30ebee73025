"""The 指标值 grammar: raw value text → a structured `Value`, and back to canonical text.

A value is quantitative (`[prefix][comparator] number [unit][suffix]`, a range, or a
change such as 上升5%), a date or deadline, or a qualitative phrase. The parser is
forgiving on purpose: OCR and filling habits (DOMAIN.md, RULES.md) are read the way a
reviewer would read them, and every such reading is recorded in `flags` so that
nothing is silently reinterpreted. Text it cannot read is kept raw with kind
"unparsed"; it is never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field, computed_field

Comparator = Literal["≥", "≤", "=", ">", "<", "≈"]
Kind = Literal["quantitative", "date", "qualitative", "empty", "unparsed"]

# What the parser inferred or repaired, with the words a user sees.
FLAG_TEXT: dict[str, str] = {
    "spaces_removed": "去掉了数字或符号中的空格",
    "symbol_normalised": "比较符号写法已统一（如 ≧、>=、═）",
    "percent_sign_moved": "百分号写在了数字前（如 ≥%90），按 ≥90% 理解",
    "fraction_as_percent": "比率写成了小数（如 0.6），按 60% 理解",
    "percent_assumed": "比率或满意度未写 %，按百分数理解",
    "tilde_as_about": "“~”按“约”理解",
    "word_comparator": "比较关系用文字表达（如 不低于、以上、以内）",
    "plus_minus": "“±…以内”按不超过该幅度理解",
    "prefix_text": "比较符号前有说明文字",
    "trailing_text": "数值和单位后还有说明文字",
    "no_unit": "数值没有单位",
    "magnitude_without_unit": "只写了“万”，未写计量单位",
    "qualitative_with_text": "定性表述前后还有说明文字",
    "unknown_phrase": "不在常用定性表述之列",
    "thousands_separator": "去掉了千分位逗号",
}

ACCEPTED_PHRASES: tuple[str, ...] = (
    # DOMAIN.md and RULES.md lists, longest first where one contains another.
    "逐步提高", "有效提高", "有效提升", "显著提高", "不断提高", "有效保障", "稳步提高", "巩固提高",
    "持续改善", "显著改善", "有所提升", "有所提高", "进一步完善", "进一步提高", "达到预期", "明显提高",
    "明显提升", "逐年提高", "逐年提升", "逐年上升", "逐年增加", "逐年下降", "显著完成", "按期完工",
    "按期完成", "按时完成", "全面完成", "中长期", "不适用", "持续提升", "持续提高", "有效改善",
    "显著提升", "不断提升", "大幅提高", "有效控制", "有效降低", "明显改善", "得到提高", "得到提升",
    "优良", "优秀", "良好", "及时", "完成", "降低", "减少", "提高", "提升", "改善", "长期", "全年",
    "合格", "达标", "是", "否", "有效", "增加", "上升", "下降", "较好", "好", "高", "无",
)

_COMPARATOR_WORDS: list[tuple[str, Comparator]] = [
    ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("不大于", "≤"),
    ("最多", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"), ("小于", "<"), ("低于", "<"), ("等于", "="),
    ("大约", "≈"), ("约", "≈"),
]
_SYMBOLS: list[tuple[str, Comparator, bool]] = [
    # (text, comparator, counts as a variant spelling)
    (">=", "≥", True), ("<=", "≤", True), ("≧", "≥", True), ("≦", "≤", True), ("⩾", "≥", True),
    ("⩽", "≤", True), ("═", "=", True), ("==", "=", True), ("≥", "≥", False), ("≤", "≤", False),
    ("=", "=", False), (">", ">", False), ("<", "<", False), ("≈", "≈", False), ("~", "≈", False),
]
_SUFFIX_WORDS: list[tuple[str, Comparator]] = [
    ("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
    ("左右", "≈"),
]

# Units, longest first so that 人次 wins over 人 and 个工作日 over 个.
UNITS: tuple[str, ...] = tuple(sorted({
    "人", "人次", "户", "个", "家", "台", "次", "场次", "场", "批次", "批", "份", "册", "件", "宗", "张", "所",
    "辆", "条", "座", "株", "处", "篇", "种", "套", "项", "名", "块", "期", "亩", "万亩", "公顷", "平方米",
    "平米", "㎡", "公里", "千米", "米", "公斤", "千克", "吨", "元", "万元", "亿元", "天", "日", "个月", "月",
    "年", "小时", "分钟", "个工作日", "工作日", "周", "季度", "%", "‰", "万人", "万人次", "万户", "万册",
    "万份", "万", "床", "张床", "人/年", "个点", "所学校", "课时", "学时", "班", "期次", "本", "部", "门",
    "间", "栋", "支", "剂", "剂次", "例", "类", "分", "个百分点", "百分点",
}, key=len, reverse=True))
COUNT_UNITS = frozenset({
    "人", "人次", "户", "个", "家", "台", "次", "场次", "场", "批次", "批", "份", "册", "件", "宗", "张", "所",
    "辆", "条", "座", "株", "处", "篇", "种", "套", "项", "名", "块", "期", "万人", "万人次", "万户", "万册",
    "万份", "床", "张床", "个点", "所学校", "课时", "学时", "班", "期次", "本", "部", "门", "间", "栋", "支",
    "剂", "剂次", "例", "类", "亩", "万亩", "公顷", "平方米", "平米", "㎡", "公里", "千米", "米", "公斤",
    "千克", "吨",
})
MONEY_UNITS = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}  # factor to 万元
TIME_UNITS = frozenset({"天", "日", "个月", "月", "年", "小时", "分钟", "个工作日", "工作日", "周", "季度"})
UNIT_ALIASES = {"百分比": "%", "百分号": "%", "百分之": "%", "平米": "平方米", "㎡": "平方米", "千米": "公里",
                 "千克": "公斤"}

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_PER = r"(?:/(?:\d*[\u4e00-\u9fa5]{1,3}|10万|万|千|百))"
_DATE = re.compile(
    r"^(?:\d{4}(?:[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?月?)?(?:年)?(?:底|年底|年末|上半年|下半年)?前?"
    r"(?:[-—~至到]\d{4}(?:[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?月?)?)?(?:前|底前|之前|完成)?"
    r"|\d{1,2}月(?:\d{1,2}日)?(?:前|底前|之前)"
    r"|(?:年底|年末|月底|季度末|当年|次年\d{1,2}月)前?(?:完成)?)$"
)
_CHANGE = re.compile(r"^(?P<base>较上年|比上年|同比|环比)?(?P<dir>上升|提高|增长|增加|提升|下降|降低|减少)(?P<rest>.+)$")


class Value(BaseModel):
    """A parsed 指标值. `raw` is always the text as given."""

    raw: str
    kind: Kind
    comparator: Comparator | None = None
    number: float | None = None
    upper: float | None = Field(default=None, description="upper bound of a range such as 6000-8000元")
    unit: str | None = Field(default=None, description="unit as written, per-parts included: 元/人/年, /10万, ‰")
    direction: Literal["up", "down"] | None = Field(default=None, description="上升5% / 下降10%")
    phrase: str | None = Field(default=None, description="the accepted qualitative phrase, or the date text")
    prefix: str | None = None
    suffix: str | None = None
    flags: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def canonical(self) -> str:
        return render(self)

    @property
    def base_unit(self) -> str | None:
        """元/人/年 → 元; /10万 stays; % stays."""
        if not self.unit:
            return None
        if self.unit.startswith("/"):
            return self.unit
        return self.unit.split("/")[0]

    @property
    def per(self) -> list[str]:
        if not self.unit or self.unit.startswith("/"):
            return []
        return self.unit.split("/")[1:]

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_quantitative(self) -> bool:
        return self.kind == "quantitative"

    def money_wan(self) -> float | None:
        """The amount in 万元 when this is a total money value (no per-unit part)."""
        if self.kind != "quantitative" or self.number is None or self.per:
            return None
        factor = MONEY_UNITS.get(self.unit or "")
        return None if factor is None else self.number * factor


def number_text(number: float) -> str:
    """A number as forms write it: no float noise, no trailing zeros (12345.67, not 12345.7 or 12345.670000)."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def render(value: Value) -> str:
    """Canonical text: normalised comparator, plain number, unit; qualitative phrases as written."""
    if value.kind in ("empty",):
        return ""
    if value.kind in ("unparsed",):
        return value.raw.strip()
    if value.kind in ("qualitative", "date"):
        return (value.prefix or "") + (value.phrase or value.raw.strip()) + (value.suffix or "")
    parts = [value.prefix or ""]
    if value.direction:
        parts.append(value.phrase or ("上升" if value.direction == "up" else "下降"))
    if value.comparator == "≈":
        parts.append("约")
    elif value.comparator:
        parts.append(value.comparator)
    unit = value.unit or ""
    if value.upper is not None:
        parts.append(f"{number_text(value.number or 0)}-{number_text(value.upper)}{unit}")
    elif value.number is not None:
        parts.append(number_text(value.number) + unit)
    parts.append(value.suffix or "")
    return "".join(parts)


def is_rate_name(name: str | None) -> bool:
    """Names whose value is a percentage: ends in 率, or a share, or satisfaction."""
    if not name:
        return False
    n = name.strip()
    return bool(re.search(r"(率|比例|占比|满意度|参与度|知晓度|覆盖度|完成度|覆盖面|百分比)", n))


def _normalise(raw: str, flags: list[str]) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    # NFKC keeps ≥ ≤ ≧ ≦ ═ as they are; the symbol table below handles them.
    squeezed = re.sub(r"\s+", "", text)
    if squeezed != text:
        flags.append("spaces_removed")
    text = squeezed.replace("～", "~").replace("—", "-").replace("－", "-")
    text = text.strip("。;；,，")
    return text


def _take_comparator(text: str, flags: list[str]) -> tuple[Comparator | None, str]:
    for symbol, comparator, variant in _SYMBOLS:
        if text.startswith(symbol):
            if variant:
                flags.append("symbol_normalised")
            if symbol == "~":
                flags.append("tilde_as_about")
            return comparator, text[len(symbol):]
    for word, comparator in _COMPARATOR_WORDS:
        if text.startswith(word):
            if word not in ("约", "大约"):
                flags.append("word_comparator")
            return comparator, text[len(word):]
    return None, text


def _take_unit(text: str) -> tuple[str | None, str]:
    for alias, canonical in UNIT_ALIASES.items():
        if text.startswith(alias):
            text = canonical + text[len(alias):]
            break
    for unit in UNITS:
        if text.startswith(unit):
            rest = text[len(unit):]
            per = re.match(rf"(?:{_PER})+", rest)
            if per and unit not in ("%", "‰"):
                return unit + per.group(0), rest[per.end():]
            return unit, rest
    per = re.match(rf"(?:{_PER})+", text)
    if per:
        return per.group(0), text[per.end():]
    return None, text


def _number(text: str, flags: list[str]) -> float:
    if "," in text:
        flags.append("thousands_separator")
    return float(text.replace(",", ""))


def _qualitative(text: str, raw: str, flags: list[str], prefix: str | None = None) -> Value:
    for phrase in ACCEPTED_PHRASES:
        if text == phrase:
            return Value(raw=raw, kind="qualitative", phrase=phrase, prefix=prefix, flags=flags)
    for phrase in ACCEPTED_PHRASES:
        if len(phrase) >= 2 and (text.startswith(phrase) or text.endswith(phrase)):
            flags.append("qualitative_with_text")
            return Value(raw=raw, kind="qualitative", phrase=text, prefix=prefix, flags=flags)
    flags.append("unknown_phrase")
    return Value(raw=raw, kind="qualitative", phrase=text, prefix=prefix, flags=flags)


def parse_value(raw: str | None, name: str | None = None) -> Value:
    """Parse one 指标值. `name` (the 三级指标) lets a bare 0.6 on a rate read as 60%."""
    raw = "" if raw is None else str(raw)
    flags: list[str] = []
    text = _normalise(raw, flags)
    if not text or text in ("-", "/", "—", "无数据"):
        return Value(raw=raw, kind="empty", flags=flags)

    if (_DATE.match(text) and re.search(r"\d{4}|年底|年末|月底|季度末|月\d|\d月", text)
            and not re.fullmatch(r"\d+(?:\.\d+)?", text)):
        return Value(raw=raw, kind="date", phrase=text, flags=flags)

    direction = None
    change_word = None
    change = _CHANGE.match(text)
    if change and re.match(r"\d|[≥≤><=~约]", change.group("rest")):
        direction = "up" if change.group("dir") in ("上升", "提高", "增长", "增加", "提升") else "down"
        change_word = (change.group("base") or "") + change.group("dir")
        text = change.group("rest")

    prefix = None
    comparator, rest = _take_comparator(text, flags)
    if comparator is None:
        # A noun before the comparator: 展板≥10个.
        m = re.match(r"^([\u4e00-\u9fa5A-Za-z]{1,12}?)(?=[≥≤><=≧≦═~≈])", text)
        if m:
            prefix = m.group(1)
            comparator, rest = _take_comparator(text[m.end():], flags)
            flags.append("prefix_text")
    if rest.startswith("±"):
        rest = rest[1:]
        flags.append("plus_minus")
        comparator = comparator or "≤"

    percent_first = False
    if rest.startswith("%") and re.match(rf"%(?:{_NUMBER})", rest):
        rest = rest[1:]
        percent_first = True
        flags.append("percent_sign_moved")

    m = re.match(rf"^({_NUMBER})", rest)
    if not m and comparator is None and not direction:
        # Text glued before a bare number, as in 预算资金当年下达率100% or 每年1次.
        glued = re.match(rf"^([\u4e00-\u9fa5]{{2,20}}?)({_NUMBER})(?=[^\d.,]|$)", rest)
        if glued and not any(rest.startswith(p) for p in ACCEPTED_PHRASES if len(p) >= 2):
            prefix = glued.group(1)
            flags.append("prefix_text")
            rest = rest[len(prefix):]
            m = re.match(rf"^({_NUMBER})", rest)
    if not m:
        if comparator or prefix or direction:
            return Value(raw=raw, kind="unparsed", flags=flags)
        return _qualitative(text, raw, flags)

    number = _number(m.group(1), flags)
    rest = rest[m.end():]
    unit, rest = _take_unit(rest)
    if percent_first:
        unit = "%"

    upper = None
    range_match = re.match(rf"^[-~至到]({_NUMBER})", rest)
    if range_match and comparator in (None, "="):
        upper = _number(range_match.group(1), flags)
        rest = rest[range_match.end():]
        unit2, rest = _take_unit(rest)
        if unit2:
            unit = unit2 if not unit or unit2.startswith(unit) or unit in unit2 else unit
        if upper < number:
            upper, number = number, upper

    for word, suffix_comparator in _SUFFIX_WORDS:
        if rest.startswith(word):
            if comparator is None:
                comparator = suffix_comparator
                flags.append("word_comparator")
            rest = rest[len(word):]
            break
    if comparator is None and "plus_minus" in flags:
        comparator = "≤"

    suffix = rest or None
    if suffix:
        flags.append("trailing_text")

    if unit is None and is_rate_name(name):
        if 0 <= number <= 1 and (upper is None or upper <= 1):
            number = round(number * 100, 6)
            upper = None if upper is None else round(upper * 100, 6)
            flags.append("fraction_as_percent")
        else:
            flags.append("percent_assumed")
        unit = "%"
    elif unit == "万":
        flags.append("magnitude_without_unit")
    elif unit is None:
        flags.append("no_unit")

    return Value(
        raw=raw, kind="quantitative", comparator=comparator, number=number, upper=upper, unit=unit,
        direction=direction, phrase=change_word, prefix=prefix, suffix=suffix, flags=flags,
    )


def parse_split(comparator: str | None, target: str | None, unit: str | None, name: str | None = None) -> Value:
    """Values kept in separate columns (计算符号 / 目标值 / 度量单位) by 一体化 systems."""
    unit_text = (unit or "").strip()
    unit_text = UNIT_ALIASES.get(unit_text, unit_text)
    joined = f"{(comparator or '').strip()}{(target or '').strip()}{unit_text}"
    value = parse_value(joined, name=name)
    raw = " ".join(part.strip() for part in (comparator or "", target or "", unit or "") if part and part.strip())
    return value.model_copy(update={"raw": raw or joined})
