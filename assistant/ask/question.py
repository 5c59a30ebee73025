"""The question parser (pure): what is asked (intent), about what (years, units, items,
levels, an indicator phrase, a value condition), and which path answers it.

Rules decide the path: counting, listing, extremes and value conditions ("几个", "哪些",
"最高", "低于90%") go to the structured query; lookups and similarity questions go to
retrieval. `sure` is False when no rule word was seen; only then may an LLM choose.

Relative years (去年, 今年, 前年) resolve against `today`, a parameter (the caller's date;
the CLI lets the user set it). A year with no form in the corpus is kept as asked, so the
answer can say it is missing instead of silently widening the search.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.ask.catalog import Catalog
from assistant.ask.match import coverage, longest_common
from assistant.ask.models import AskPath
from assistant.corpus import levels

Op = Literal["count", "sum", "list", "max", "min"]
Target = Literal["indicators", "items"]

_RELATIVE_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "上一年": -1, "上年度": -1, "今年": 0, "本年度": 0,
                   "当年": 0, "明年": 1}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年度|年)?(?!\d)")

_COUNT = re.compile(r"(几|多少)(个|项|条|家|类|笔|种)")
_SUM = re.compile(r"多少钱|总金额|金额合计|合计金额|总额|一共.{0,6}(万元|钱|金额|预算)|共计多少|总预算|花了多少|预算多少|多少预算|(预算|金额|经费)(是|为|有)多少")
_MAX = re.compile(r"最高|最大|最多|最贵")
_MIN = re.compile(r"最低|最小|最少|最便宜")
_LIST = re.compile(r"哪些|哪几|列出|列举|有什么|都有|有哪|所有|全部|分别|清单")
_LOOKUP = re.compile(r"多少|是什么|怎么|如何|什么样|几|值|定的|定了|设的|设了|设过|有没有|是否|有无|吗|查")
_MONEY = re.compile(r"多少钱|金额|预算|万元|资金量|花了|拨款")
_ITEM_WORDS = re.compile(r"项目|任务|职能")
_INDICATOR_WORDS = re.compile(r"指标|[率度]")
_BY_PROJECT = re.compile(r"(哪些|哪个|哪几个|几个|多少个)(项目|任务|职能)")
_BY_UNIT = re.compile(r"(哪些|哪个|哪几个|几个|多少个)(单位|地区|地方|部门)")
_OTHER_UNITS = re.compile(r"(别的|其他|其它|另外的?)(单位|地区|地方|部门)")
_FOLLOW_UP = re.compile(r"^(那|那么|那它|它|这个|该|此)|呢[？?。！!]*$")

_COMPARATORS = {"低于": "<", "小于": "<", "不足": "<", "少于": "<", "不到": "<", "高于": ">", "大于": ">",
                "超过": ">", "多于": ">", "不低于": "≥", "不少于": "≥", "至少": "≥", "不高于": "≤",
                "不超过": "≤", "<=": "≤", ">=": "≥", "≤": "≤", "≥": "≥", "<": "<", ">": ">", "＜": "<",
                "＞": ">", "以下": "≤", "及以下": "≤", "以上": "≥", "及以上": "≥", "等于": "="}
_NUMBER_UNIT = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|万元|元|人次|万人|人|个|次|家|台|户|天)?"
_CONDITION_BEFORE = re.compile(r"(?P<word>不低于|不少于|不高于|不超过|低于|小于|不足|少于|不到|高于|大于|超过|多于|"
                               r"至少|等于|<=|>=|≤|≥|<|>|＜|＞)\s*" + _NUMBER_UNIT)
_CONDITION_AFTER = re.compile(_NUMBER_UNIT + r"\s*(?P<word>及以下|及以上|以下|以上)")

# Level words as questions use them, longest first (the map of names is levels.py's).
_LEVEL_WORDS: tuple[tuple[str, str | None, str | None], ...] = (
    ("服务对象满意度", None, levels.SERVICE_SATISFACTION), ("其他满意度", None, levels.OTHER_SATISFACTION),
    ("可持续影响", None, levels.SUSTAINABLE), ("经济效益", None, levels.ECONOMIC),
    ("社会效益", None, levels.SOCIAL), ("生态效益", None, levels.ECOLOGICAL), ("满意度", levels.SATISFACTION, None),
    ("数量", None, levels.QUANTITY), ("质量", None, levels.QUALITY), ("时效", None, levels.TIMELINESS),
    ("成本", None, levels.UNIT_COST), ("产出", levels.OUTPUT, None), ("效益", levels.BENEFIT, None),
)
# Words that say how a question is asked, not what it is about; removed before the phrase is read.
_FILLER = re.compile(
    r"请问|请|帮我|查一下|查查|查|看看|一下|有没有|有无|是否|别的单位|其他单位|其它单位|别的地区|其他地区|"
    r"分别|都|设过|设了|设置了|设置|设的|定的|定了|定为|定成|是多少|多少钱|多少个|多少项|多少|几个|几项|几条|"
    r"哪些|哪个|哪几个|哪几|什么|怎么|如何|列出|列举|所有|全部|一共|总共|共计|合计|总额|金额|报了|报的|申报|"
    r"指标值|指标|目标值|数值|值|预算|经费|钱|项目|任务|单位|地区|部门|那么|那|它的|它|这个|该|最高|最低|最大|最小|最多|最少|"
    r"是|吗|呢|的|了|有|在|和|与|及|或|里|中|过|年度|年|去|今|前")
_QUOTED = re.compile(r"[“\"'‘「『]([^”\"'’」』]{2,40})[”\"'’」』]")


class Condition(BaseModel):
    comparator: Literal["<", "≤", ">", "≥", "="]
    number: float
    unit: str | None = None
    text: str

    def holds(self, number: float | None) -> bool:
        if number is None:
            return False
        return {"<": number < self.number, "≤": number <= self.number, ">": number > self.number,
                "≥": number >= self.number, "=": number == self.number}[self.comparator]


class Question(BaseModel):
    text: str
    ops: list[Op] = Field(default_factory=list, description="empty: a lookup")
    target: Target = "indicators"
    by: Literal["project", "unit"] | None = Field(default=None, description="“哪些项目 / 哪些单位” questions")
    path: AskPath = "retrieval"
    sure: bool = True
    years: list[int] = Field(default_factory=list)
    year_words: list[str] = Field(default_factory=list, description="relative year words as asked (去年)")
    forms: list[str] = Field(default_factory=list, description="forms of the units the question names")
    unit_words: list[str] = Field(default_factory=list)
    unknown_places: list[str] = Field(default_factory=list, description="places named that no form is from")
    items: list[str] = Field(default_factory=list, description="ids of the projects/tasks/groups named")
    level1: str | None = None
    level2: str | None = None
    phrase: str = Field(default="", description="what remains to match against indicator names")
    condition: Condition | None = None
    other_units: bool = False
    exclude_forms: list[str] = Field(default_factory=list, description="“别的单位”: the units asked about before")
    follow_up: bool = False

    @property
    def is_lookup(self) -> bool:
        return not self.ops


def parse_question(text: str, catalog: Catalog, *, today: date | None = None) -> Question:
    today = today or date.today()
    q = Question(text=text.strip())
    rest = q.text
    rest = _take_quoted(q, rest)
    rest = _take_years(q, rest, today)
    rest = _take_condition(q, rest)
    rest = _take_units(q, rest, catalog)
    rest = _take_items(q, rest, catalog)
    rest = _take_levels(q, rest)
    _read_intent(q)
    if not q.phrase:
        q.phrase = " ".join(w for w in re.split(r"\s+", _FILLER.sub(" ", _strip_punct(rest))) if len(w) >= 2)
    q.follow_up = bool(_FOLLOW_UP.search(q.text)) and not (q.items or q.forms or q.years)
    return route(q)


def route(q: Question) -> Question:
    """Counting, listing, extremes and conditions → query; a lookup of a named item without an
    indicator phrase lists that item's rows → query; other lookups → retrieval."""
    if q.ops or q.condition:
        q.path = "query"
    elif not q.phrase:  # a named item, a level or a unit and nothing more: list its rows
        q.path = "query"
    else:
        q.path = "retrieval"
    return q


def _strip_punct(text: str) -> str:
    return re.sub(r"[\s，,。.？?！!、；;：:“”\"'‘’（）()《》<>【】\[\]~～]+", " ", text)


def _take_quoted(q: Question, rest: str) -> str:
    quoted = _QUOTED.findall(rest)
    if quoted:
        q.phrase = " ".join(quoted)
        rest = _QUOTED.sub(" ", rest)
    return rest


def _take_years(q: Question, rest: str, today: date) -> str:
    for word, delta in sorted(_RELATIVE_YEARS.items(), key=lambda kv: -len(kv[0])):
        if word in rest:
            q.years.append(today.year + delta)
            q.year_words.append(word)
            rest = rest.replace(word, " ")
    for match in _YEAR.finditer(rest):
        q.years.append(int(match.group(1)))
    rest = _YEAR.sub(" ", rest)
    q.years = sorted(set(q.years))
    return rest


def _take_condition(q: Question, rest: str) -> str:
    match = _CONDITION_BEFORE.search(rest) or _CONDITION_AFTER.search(rest)
    if match:
        unit = (match["unit"] or "").replace("％", "%") or None
        q.condition = Condition(comparator=_COMPARATORS[match["word"]], number=float(match["num"]), unit=unit,
                                text=match.group(0))
        rest = rest[:match.start()] + " " + rest[match.end():]
    return rest


def _take_units(q: Question, rest: str, catalog: Catalog) -> str:
    for alias in sorted(catalog.aliases, key=len, reverse=True):
        if alias in rest:
            q.unit_words.append(alias)
            q.forms.extend(sorted(catalog.aliases[alias]))
            rest = rest.replace(alias, " ")
    q.forms = sorted(set(q.forms))
    q.other_units = bool(_OTHER_UNITS.search(rest))
    known = catalog.texts()
    for match in re.finditer(r"[\u4e00-\u9fa5]{2,5}?(?:省|市|县|区)", rest):
        place = match.group(0)
        if place[-2:] in ("社区", "辖区", "城区", "园区", "小区", "地区", "全区", "本区", "市区", "县区", "全市",
                          "全县", "本市", "本县", "片区", "景区", "县市", "市县") or any(place in t for t in known):
            continue
        q.unknown_places.append(place)
        rest = rest.replace(place, " ")
    return rest


def _take_items(q: Question, rest: str, catalog: Catalog) -> str:
    """Items named in the question: the longest common run of characters (at least 4) with an
    item's name, long enough relative to the name; only the best-matching items are kept, and
    none when an indicator name matches the question better (then the phrase is an indicator)."""
    text = _strip_punct(rest)
    scored = []
    for item in catalog.items:
        if q.forms and item.form not in q.forms:
            continue
        length, start = longest_common(text, item.name)
        core = item.core
        long_enough = length >= 6 or length >= 0.6 * len(core) or item.kind == "group"
        if length >= 4 and long_enough:
            scored.append((length, start, item))
    if not scored:
        return rest
    best = max(s[0] for s in scored)
    chosen = [s for s in scored if s[0] == best]
    _, start, _ = chosen[0]
    indicator, at = max((longest_common(text, r["name"]) for r in catalog.records
                         if not q.forms or r["form"] in q.forms), default=(0, 0))
    if indicator > best and at < start + best and start < at + indicator:
        return rest  # the words matched belong to a longer indicator name
    q.items = [item.id for _, _, item in chosen]
    return text[:start] + " " + text[start + best:]


def _take_levels(q: Question, rest: str) -> str:
    for word, level1, level2 in _LEVEL_WORDS:
        if word in rest and not (q.level1 or q.level2):
            q.level1, q.level2 = level1, level2
            if q.phrase:  # a quoted phrase is the indicator; the level word is part of it
                break
            # "满意度" inside a longer phrase ("补贴政策满意度") is part of an indicator name, but
            # the level filter keeps the same rows, so the word is taken out either way.
            rest = rest.replace(word + "指标", " ").replace(word, " ")
    return rest


def _read_intent(q: Question) -> None:
    text = q.text
    if _SUM.search(text):
        q.ops.append("sum")
    if _COUNT.search(text):
        q.ops.append("count")
    if _MAX.search(text):
        q.ops.append("max")
    elif _MIN.search(text):
        q.ops.append("min")
    if _LIST.search(text) and not q.ops:
        q.ops.append("list")
    if q.condition and not q.ops:
        q.ops.append("list")
    money = bool(_MONEY.search(text)) or (q.condition is not None and q.condition.unit in ("万元", "元"))
    names_item = bool(_ITEM_WORDS.search(text))
    about_indicators = bool(q.level1 or q.level2 or _INDICATOR_WORDS.search(_without_items(text)))
    if money or "sum" in q.ops or (names_item and not about_indicators and q.ops):
        q.target = "items"
    if q.target == "indicators":
        if _BY_PROJECT.search(text):
            q.by = "project"
        elif _BY_UNIT.search(text) or q.other_units:
            q.by = "unit"
    q.sure = bool(q.ops or q.condition or _LOOKUP.search(text) or q.items)


def _without_items(text: str) -> str:
    return _ITEM_WORDS.sub("", text)


def phrase_score(phrase: str, name: str) -> float:
    """How much of the question's phrase an indicator name holds (its words' character pairs together)."""
    return coverage(phrase, name)
