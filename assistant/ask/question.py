"""The rules (pure): what a question asks (operators: count, sum, list, compare, extremes, a
value condition, a money field) about what (years, units and their agency, items linked by
`link`, levels, names held, items left out), read into a `Question` whose `plan()` is the typed
plan the executor runs.

Words that link to nothing and are no operator stay in `rest` / `phrase`: they are scored
against indicator names and ignored when they name none, unless they are all the question says
it asks about (then the answer is "not found"). `sure` is False when no rule word was seen.

Relative years (去年, 今年, 前年) resolve against `today`, a parameter (the caller's date;
the CLI lets the user set it). A year with no form in the corpus is kept as asked, so the
answer can say it is missing instead of silently widening the search; 今年 in a question about
a named form is that form's own year.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.ask.catalog import Catalog, agency_of, listed_units, spellings
from assistant.ask.link import (
    INDICATOR_MIN,
    ITEM_MIN,
    LONG_RUN,
    ItemLink,
    group_label,
    indicator_score,
    item_score,
    link_items,
    ordered_run,
)
from assistant.ask.match import longest_common, subsequence_length
from assistant.ask.models import AskPath
from assistant.ask.plan import CompareBy, Condition, MoneyField, Plan
from assistant.ask.query import item_filter, naming, row_unit, scoped_rows
from assistant.corpus import levels
from assistant.corpus.folder import IndicatorRecord
from assistant.corpus.schema import FORM_KIND_TEXT
from assistant.corpus.values import MONEY_UNITS

Op = Literal["count", "sum", "list", "max", "min", "compare"]
Target = Literal["indicators", "items"]

_RELATIVE_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "上一年": -1, "上年度": -1, "今年": 0, "本年度": 0,
                   "当年": 0, "明年": 1}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年度|年)?(?!\d)")
# a year said by its last two digits (22年, 23年度): this century's, when the forms could be of it
_SHORT_YEAR = re.compile(r"(?<![\d.第期近约满共达超余多])(?P<yy>[0-4]\d)(?:年度|年)(?![\d底末初中])")

_COUNT = re.compile(r"(?<!哪)(几|多少)(个|项|条|家|类|笔|种|块|行|部分)")
# what a count counts: rows, items or units (几个满意度指标, 多少个项目); "多少个烟感设备" or
# "目标是几个" ask an indicator's value instead
_COUNTED = re.compile(r"^(?:[\u4e00-\u9fa5]{0,4}(?:指标|项目|任务|职能|单位|部门)|地区|地方|分组|" + "|".join(
    ("数量", "质量", "时效", "成本", "效益", "产出", "满意度", "经济", "社会", "生态", "可持续", "三级", "二级", "一级")) + ")")
_VALUE_ASKED = re.compile(r"(?:目标|目标值|指标值|标准|计划|要求)(?:是|为|定为|定的|设为)?$")
# a value set for a thing (村卫生室数定的多少个), unless what follows is what is counted (定了几个指标)
_VALUE_SET = re.compile(r"(?:定的|定了|定为|设的|设了|设为|要求|计划|目标)$")
_COUNTED_BEFORE = re.compile(r"(?:指标|项目|任务|职能|单位|部门)(?:里|中)?$")
# putting amounts together, as people say it (加起来, 加一块, 合在一起)
_PUT_TOGETHER = r"(?:加|合|算|放|凑)(?:起来|(?:在|到)?一(?:起|块|堆)(?:算)?)"
_SUM = re.compile(_PUT_TOGETHER + r"|加总|合计多少|一共多少|总共多少|共多少|多少钱|总金额|金额合计|合计金额|总额|一共.{0,6}(万元|钱|金额|预算)|共计多少|总预算|花了多少|预算多少|多少预算|(预算|金额|经费)(是|为|有)多少")
# two named items put together (A加B一共安排了多少): their money summed
_SUM_OF_ITEMS = re.compile(r"(?:一共|总共|合计|共计|" + _PUT_TOGETHER + r"|一起|加总|相加|总和|之和).{0,4}多少(?![个项条家类种行])")
_MAX = re.compile(r"最高|最大|最多|最贵")
_MIN = re.compile(r"最低|最小|最少|最便宜")
_LIST = re.compile(r"哪些|哪几|列出|列举|有什么|都有|有哪|所有|全部|分别|清单")
# "which of the two": a comparison when two things (items, years, units) are named
_WHICH = r"(哪个|哪一个|哪项|哪年|哪家|哪一家|哪边|哪一边|哪方|哪一方|谁)"
_COMPARE = re.compile(_WHICH + r".{0,12}(多|高|大|少|低|小)|比.{0,12}(哪|谁)|(多|高|大)还是")
_LESS = re.compile(_WHICH + r"[^多高大]{0,12}(少|低|小)")
# "除了X，其余…": X is left out
_EXCEPT = re.compile(r"(?:除了|除去|扣除|不含|不包括|除)(?P<what>[^，,。？?]{2,30}?)(?:以外|之外|外)?[，,]?(?:其余|其他|其它|剩下|剩余)")
# "带X的": names holding X
_CONTAINS = re.compile(r"(?:名称)?(?:带|含有|包含|含)[“\"'‘「]?(?P<what>[^“”\"'‘’「」的]{1,12}?)[”\"'’」]?(?:或|的)")
_CONTAINS_MORE = re.compile(r"或[“\"'‘「](?P<what>[^“”\"'‘’「」]{1,12})[”\"'’」]")
# an aside that says what to count, not what to count by (（基本支出也算一行）)
_ASIDE = re.compile(r"[（(][^（）()]*(?:也算|也计|算在内|计入)[^（）()]*[)）]")
# “按平方米计 / 以亩为单位”: the unit rows are measured in
_MEASURE = re.compile(r"(?:按|以|用)(?:照)?(?P<unit>[\u4e00-\u9fa5A-Za-z²㎡]{1,4}?)(?:为单位)?(?:计算|计量|计|算)(?:的)?")
# words that ask a value (按多少算, 按几算): no unit of measure
_VALUE_QUESTION = re.compile(r"多少|几|什么|啥|怎么|怎样|哪")
# the units a kind of quantity is measured in, for “哪项面积最大”: rows in other units do not compete
_MEASURE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("面积", ("平方米", "亩", "万亩", "公顷", "平方公里")), ("长度", ("公里", "米")), ("里程", ("公里", "米")),
    ("人数", ("人", "人次")), ("重量", ("公斤", "吨")), ("产量", ("公斤", "吨")))
# “（统筹）类任务 / 计划生育类任务”: items whose names hold the marker
_KIND_MARK = re.compile(r"(?P<run>[\u4e00-\u9fa5]{2,12})[)）]?类的?(?:任务|项目|支出|专项)")
_ORDINAL = re.compile(r"第(?P<n>[一二三四五六七八九十\d]+)个(?:项目|任务)")
_ORDINALS = "一二三四五六七八九十"
# a thing whose money is asked: 经费 / 资金 and the two characters before (三公经费)
_MONEY_NOUN = re.compile(r"[\u4e00-\u9fa5]{2}(?:经费|资金)")
# words before 经费 / 资金 that name no thing the money is of (哪个项目资金最多, 申请的市财政资金)
_MONEY_OWNER_WORD = re.compile(r"项目|任务|职能|单位|部门|财政|预算|本级|年度|全部|所有|哪个|哪项|各项|申请|安排|拨付|下达")
# the money block's words; 合计 / 总额 ask for the total only when no other field is named
_MONEY_FIELDS: tuple[tuple[str, str], ...] = (
    ("基本支出", "basic"), ("项目支出", "project"), ("财政拨款", "fiscal"), ("其他资金", "other"),
    ("年度资金总额", "total"), ("资金总额", "total"), ("金额合计", "total"), ("支出合计", "total"), ("合计", "total"),
    ("总额", "total"), ("年度金额", "total"), ("多少钱", "total"), ("钱", "total"),
    ("资金规模", "total"), ("经费规模", "total"), ("资金量", "total"), ("年度预算", "total"), ("预算", "total"),
    ("金额", "total"), ("年度资金", "total"), ("资金", "total"))
# 资金 is a named thing's money (谁的资金多, 哪个年度资金更多)
_THINGS_MONEY = ("年度资金", "资金")
# how much money was asked for or given (申请了多少市财政资金, 安排多少资金): an amount, not a row's value
_MONEY_ASKED = re.compile(r"(?:申请|申报|安排|拨付|下达|争取)了?(?:多少|几)(?:万元)?(?:的)?(?:[市省县区]级?|中央|本级)?"
                          r"(?:财政)?(?:预算)?(?:资金|经费|拨款)|(?:多少|几)(?:万元)?(?:的)?(?:[市省县区]级?|中央|本级)?财政(?:预算)?"
                          r"(?:资金|经费|拨款)")
# "this year" in a question about a named form is that form's own year (its annual plan)
_THIS_YEAR = ("今年", "本年度", "当年")
_LOOKUP = re.compile(r"多少|是什么|怎么|如何|什么样|几|值|定的|定了|设的|设了|设过|有没有|是否|有无|吗|查")
_MONEY = re.compile(r"多少钱|金额|预算|万元|资金量|花了|拨款")
_ITEM_WORDS = re.compile(r"项目|任务|职能")
_INDICATOR_WORDS = re.compile(r"指标|[率度]")
_BY_PROJECT = re.compile(r"(哪些|哪个|哪几个|几个|多少个)(项目|任务|职能)")
_BY_UNIT = re.compile(r"(哪些|哪个|哪几个|几个|多少个)(单位|地区|地方|部门)")
_OTHER_UNITS = re.compile(r"(别的|其他|其它|另外的?)(单位|地区|地方|部门)")
# a turn that leans on the one before: 那…, 它…, 其中…, …呢？
FOLLOW_UP = re.compile(r"^(那|那么|那它|它|这个|该|此|其中|里面|这里面|这些|它们)|呢[？?。！!]*$")

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
    ("三级指标", None, None), ("数量", None, levels.QUANTITY), ("质量", None, levels.QUALITY), ("时效", None, levels.TIMELINESS),
    ("成本", None, levels.UNIT_COST), ("产出", levels.OUTPUT, None), ("效益", levels.BENEFIT, None),
)
# … and the other names forms give the levels (环境效益 for 生态效益, 项目完成指标 for 产出指标), 4+ characters
# without 指标, said before the words above (环境效益 before 效益); said without 指标 only when they end as a
# level's name does (环境效益, not 项目完成: 项目完成率 is a row)
_LEVEL_ENDS = ("效益", "满意度", "影响", "成本")


def _variant_word(variant: str) -> str:
    stem = variant.removesuffix("指标")
    return stem if stem.endswith(_LEVEL_ENDS) else stem + "指标"


_LEVEL_WORDS = tuple(sorted({(word, levels.normalize_level1(v), None) if levels.normalize_level1(v) else (
    word, None, levels.normalize_level2(v)) for v in levels.LEVEL_VARIANTS
    if len(v.removesuffix("指标")) >= 4 and (word := _variant_word(v)) not in {w for w, _, _ in _LEVEL_WORDS}},
    key=lambda t: (-len(t[0]), t[0]))) + _LEVEL_WORDS
# Words that say how a question is asked, not what it is about; removed before the phrase is read.
_FILLER = re.compile(
    r"请问|请|帮我|查一下|查查|查|看看|一下|有没有|有无|是否|别的单位|其他单位|其它单位|别的地区|其他地区|"
    r"分别|都|设过|设了|设置了|设置|设的|定的|定了|定为|定成|按多少算|按多少计|按多少|是多少|多少钱|多少个|多少项|多少|几个|几项|几条|"
    r"哪些|哪个|哪几个|哪几|哪项|哪一项|哪一个|哪一家|哪家|哪一边|哪边|哪一方|哪方|什么|怎么|如何|列出|列举|所有|全部|一共|总共|共计|合计|总额|金额|报了|报的|申报|"
    r"指标值|指标|目标值|数值|值|预算|经费|钱|项目|任务|单位|地区|部门|那么|那|它的|它|这个|该|最高|最低|最大|最小|最多|最少|"
    r"是|吗|呢|的|了|有|在|和|与|及|或|里|中|过|年度|年|去|今|前|" + _PUT_TOGETHER)
_QUOTED = re.compile(r"[“\"'‘「『]([^”\"'’」』]{2,40})[”\"'’」』]")


class Question(BaseModel):
    """What the rules read in a question; `plan()` is what the executor runs."""

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
    unknown_units: list[str] = Field(default_factory=list,
                                     description="a unit at a known place that no form is from (福田区教育局)")
    items: list[str] = Field(default_factory=list, description="ids of the projects/tasks/groups named")
    exclude_items: list[str] = Field(default_factory=list)
    contains: list[str] = Field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    phrase: str = Field(default="", description="the words left that may name an indicator (scored, not required)")
    rest: str = Field(default="", description="the question without the linked words, for scoring indicator names")
    condition: Condition | None = None
    measure: list[str] = Field(default_factory=list, description="the units rows are measured in (按平方米计)")
    measure_word: str = Field(default="", description="how the question said it: 按平方米计, 面积")
    money: MoneyField | None = None
    compare_by: CompareBy | None = None
    ordinal: int | None = None
    other_units: bool = False
    exclude_forms: list[str] = Field(default_factory=list, description="“别的单位”: the units asked about before")
    sector: str | None = None
    indicators: list[str] = Field(default_factory=list, description="indicator rows named by their own words (two "
                                                                     "rows of one form compared)")
    unlinked: list[str] = Field(default_factory=list, description="an asked 经费 / 资金 that names no item (三公经费)")
    follow_up: bool = False

    def plan(self) -> Plan:
        if "compare" in self.ops:
            op = "compare"
        elif "max" in self.ops or "min" in self.ops:
            op = "extreme"
        elif "count" in self.ops:
            op = "count"
        elif "sum" in self.ops:
            op = "sum"
        elif "list" in self.ops:
            op = "list"
        elif self.condition:
            op = "filter"
        else:
            op = "lookup"
        over = "indicators"
        if self.target == "items":
            # the form's money block, unless the question sums its projects or tasks by name (预算任务一共多少钱)
            whole_form = self.money and not (self.items or self.exclude_items or self.contains or self.condition) and (
                op in ("lookup", "compare") or op == "sum" and not _ITEM_WORDS.search(self.text)) and (
                self.forms and self.ordinal is None)
            over = "forms" if self.money in ("basic", "project") or whole_form else "projects"
        return Plan(op=op, over=over, years=self.years, forms=self.forms, sector=self.sector, items=self.items,
                    exclude_items=self.exclude_items, indicators=self.indicators, phrase=self.phrase, contains=self.contains,
                    level1=self.level1, level2=self.level2, condition=self.condition, measure=self.measure,
                    money=self.money or ("total" if over != "indicators" and "sum" in self.ops else None),
                    highest="min" not in self.ops, compare_by=self.compare_by, by=self.by,
                    exclude_forms=self.exclude_forms, ordinal=self.ordinal)


def parse_question(text: str, catalog: Catalog, *, today: date | None = None, sector: str | None = None) -> Question:
    today = today or date.today()
    q = Question(text=text.strip(), sector=sector)
    rest = _ASIDE.sub(" ", q.text)
    rest = _take_contains(q, rest)
    rest = _take_quoted(q, rest)
    rest = _take_years(q, rest, today)
    rest = _take_condition(q, rest)
    rest = _take_measure(q, rest)
    rest = _take_units(q, rest, catalog)
    rest = _take_form_topic(q, rest, catalog)
    rest = _take_kind_mark(q, rest, catalog)
    rest = _take_ordinal(q, rest, catalog)
    rest = _take_numbered(q, rest, catalog)
    rest = _take_items(q, rest, catalog)
    rest = _take_sides(q, rest, catalog)
    if q.phrase and not any(w in rest for w in q.phrase.split()):
        q.phrase = ""  # the quoted words named an item (“年度指标2”)
    rest = _take_levels(q, rest)
    _narrow_forms_to_items(q, catalog)
    _read_intent(q, catalog)
    _settle_this_year(q, catalog, today)
    _take_listed_rows(q, rest, catalog)
    q.rest = _strip_punct(rest)
    if _asks_row_price(q, catalog):  # 房租补贴，补贴标准是每平方米多少钱: the row's value, not the project's money
        q.ops = [op for op in q.ops if op != "sum"]
        q.target, q.money = "indicators", None
        per = _PER.search(q.text)
        if per and not q.measure:  # 每亩多少钱: among the rows priced per 亩
            belongs = item_filter(q.items, catalog)
            q.measure = sorted({row_unit(r) or "" for r in catalog.records if belongs(r) and (
                q.items or r["form"] in q.forms) and _is_price(r) and _per_unit(per["per"], r)})
    if not (q.items or q.exclude_items or q.contains or q.ordinal):
        # a 经费 / 资金 the question asks about, that names no item and no row in scope: absent
        fields = {word for word, _ in _MONEY_FIELDS}
        scope = set(_scope_forms(q, catalog))
        names = [r["name"] for r in catalog.records if not scope or r["form"] in scope]
        # 资金 in a money-block word (哪年资金总额大) is that word's
        in_fields = [range(m.start(), m.end()) for w in fields if len(w) > 2 for m in re.finditer(w, q.rest)]
        q.unlinked += [m.group(0) for m in _MONEY_NOUN.finditer(q.rest) if m.group(0) not in fields
                      and not _MONEY_OWNER_WORD.fullmatch(m.group(0)[:2])
                      and not any(m.end() - 1 in span for span in in_fields)
                      and not any(m.group(0) in n for n in names)]
    if not q.phrase:
        q.phrase = " ".join(w for w in re.split(r"\s+", _FILLER.sub(" ", q.rest)) if len(w) >= 2)
    if "count" in q.ops and _counts_a_value(q, catalog):
        q.ops.remove("count")
    _take_two_rows(q, catalog)
    if "compare" in q.ops and q.compare_by == "items" and q.target == "indicators" and not (
            q.level1 or q.level2 or q.condition) and not _names_rows_of_items(q, catalog):
        # 修缮费和行政运行专项哪个多 / 哪个规模大: two items, words that name none of their rows: their money
        q.target, q.money = "items", "total"
    q.follow_up = bool(FOLLOW_UP.search(q.text)) and not (q.items or q.forms)
    return route(q)


# “A和B哪个定得高”: two things named before the question word
_TWO_NAMED = re.compile(r"(?P<a>[^\s和与跟同、]{2,40}?)(?:和|与|跟|同|、)(?P<b>[^\s]{2,40}?)(?:相比|比较)?(?:哪个|哪一个|哪项|哪一项|哪家|哪一家|哪边|哪一边|哪方|哪一方|谁)")


def _take_two_rows(q: Question, catalog: Catalog) -> None:
    """Two indicator rows of one named form compared (农村低保标准和特困人员供养基本生活标准哪个定得高):
    each side's words name one row of the form, by its words or shortened; the rows' values compare."""
    if "compare" in q.ops or q.target != "indicators" or not (q.forms or q.items) or not _COMPARE.search(q.text):
        return
    match = _TWO_NAMED.search(q.rest)
    if not match:
        return
    rows = scoped_rows(q.plan(), catalog, q.years)
    named = [_row_named_by(side, rows) for side in (match["a"], match["b"])]
    first, second = named
    if first is None or second is None or first["name"] == second["name"] or first["form"] != second["form"]:
        return
    q.indicators = [first["name"], second["name"]]
    q.ops = ["compare", "min"] if _LESS.search(q.text) else ["compare"]
    q.compare_by = "rows"


_CLAUSE = re.compile(r"[，,。；;：:？?！!\s]+")
# how rows are listed: by 、, else (two or three said plainly) by 和 / 及 / 与 / 还是
_LISTED = (re.compile(r"、"), re.compile(r"(?<=[\u4e00-\u9fa5])(?:和|及|与|还是)(?=[\u4e00-\u9fa5])"))


def _take_listed_rows(q: Question, rest: str, catalog: Catalog) -> None:
    """Rows of the named item or unit listed by their words (水稻侧深施肥、玉米种肥同播、施用配方肥，哪个
    面积最大): the highest or lowest is sought among them only. Each listed word names one row, a
    different one; otherwise the list is no list of rows."""
    if not ({"max", "min"} & set(q.ops)) or q.target != "indicators" or not (q.items or q.forms) or q.indicators:
        return
    rows: list[IndicatorRecord] | None = None
    for clause in _CLAUSE.split(rest):
        for separator in _LISTED:
            words = [w.strip() for w in separator.split(clause)]
            if len(words) < 2 or any(len(w) < 2 for w in words):
                continue
            rows = scoped_rows(q.plan().model_copy(update={"measure": []}), catalog, q.years) if rows is None else rows
            named = [_row_named_by(w, rows) for w in words]
            names = [r["name"] for r in named if r is not None]
            if len(names) == len(words) and len(set(names)) == len(names):
                q.indicators = names
                return


def _row_named_by(words: str, rows: list[IndicatorRecord]) -> IndicatorRecord | None:
    """The one row the words name best (as `query.naming` reads a lookup), or None."""
    plan = Plan(phrase=words)
    named, _ = naming(rows, plan, words, single=True)
    return named[0] if named and len({r["name"] for r in named}) == 1 and len(named) < len(rows) else None


_PRICE_WORDS = ("多少钱", "钱")


def _asks_row_price(q: Question, catalog: Catalog) -> bool:
    """Whether “多少钱” asks a price row of the named item (or unit), which the question names whole
    (补贴标准 in 元/平方米, a 成本指标), rather than the item's money: no other money word is used."""
    if not ((q.items or q.forms) and q.target == "items" and q.money == "total") or q.condition:
        return False
    belongs = item_filter(q.items, catalog)
    names = [r["name"] for r in catalog.records if belongs(r) and (q.items or r["form"] in q.forms)]
    # 资金 in 财政资金补助每亩多少钱 is the row's name's
    if any(word in q.text and not (word in _THINGS_MONEY and _inside_name(q.text, word, names))
           for word, _ in _MONEY_FIELDS if word not in _PRICE_WORDS) or not any(word in q.text for word in _PRICE_WORDS):
        return False
    per = _PER.search(q.text)
    return any(_is_price(r) and (indicator_score(q.rest, "", r["name"]) >= 1.0 or per is not None and _per_unit(
        per["per"], r) and longest_common(q.rest, r["name"])[0] >= PRICE_RUN) for r in catalog.records
               if belongs(r) and (q.items or r["form"] in q.forms))


# 每人多少钱, 每亩补多少: the thing a price is per
_PER = re.compile(r"每(?:一|个)?(?P<per>[\u4e00-\u9fa5]{1,4}?)(?:补助?|补贴|发放?|给)?(?:多少|几)")
PRICE_RUN = 4
"""Characters a price row's name must share in a run with a question that says what the price is per
(培训补贴标准…每人多少钱 for 吕梁山护工培训补贴标准达标, in 元/人)."""


def _per_unit(per: str, r: IndicatorRecord) -> bool:
    """Whether the row's unit is money per the thing said (元/人 for 每人, 元/亩 for 每亩)."""
    parts = [p for p in (row_unit(r) or "").split("/")[1:] if p]
    return any(per.startswith(p) or p.startswith(per) for p in parts)


def _is_price(r: IndicatorRecord) -> bool:
    """A row whose value is money (元/平方米) or a 成本指标."""
    unit = (row_unit(r) or "").split("/")[0]
    return unit in MONEY_UNITS or r["level2"] == levels.UNIT_COST or r["level1"] == levels.COST


def _names_rows_of_items(q: Question, catalog: Catalog) -> bool:
    """Whether the asked words name an indicator row of one of the named items."""
    if not q.phrase:
        return False
    belongs = item_filter(q.items, catalog)
    return any(indicator_score(q.rest, q.phrase, r["name"]) >= INDICATOR_MIN for r in catalog.records if belongs(r))


def route(q: Question) -> Question:
    """Counting, listing, extremes, comparisons, money and conditions → query; a lookup of a named
    item without an indicator phrase lists that item's rows → query; other lookups → retrieval."""
    if q.ops or q.condition or q.target == "items" or q.contains or not q.phrase:
        q.path = "query"
    else:
        q.path = "retrieval"
    return q


def _strip_punct(text: str) -> str:
    return re.sub(r"[\s，,。.？?！!、；;：:“”\"'‘’（）()《》<>【】\[\]~～/]+", " ", text)


def _take_contains(q: Question, rest: str) -> str:
    match = _CONTAINS.search(rest)
    if not match:
        return rest
    q.contains = [match["what"].strip("()（）") or match["what"]]
    q.contains += [m["what"] for m in _CONTAINS_MORE.finditer(rest[match.end() - 1:])]
    end = max([match.end()] + [match.end() - 1 + m.end() for m in _CONTAINS_MORE.finditer(rest[match.end() - 1:])])
    return rest[:match.start()] + " " + rest[end:]


def _take_quoted(q: Question, rest: str) -> str:
    quoted = _QUOTED.findall(rest)
    if quoted:
        q.phrase = " ".join(quoted)
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
    for match in _SHORT_YEAR.finditer(rest):
        if 2000 + int(match["yy"]) <= today.year + 1 and int(match["yy"]) >= 10:
            q.years.append(2000 + int(match["yy"]))
            rest = rest[:match.start()] + " " * (match.end() - match.start()) + rest[match.end():]
    q.years = sorted(set(q.years))
    return rest


def _settle_this_year(q: Question, catalog: Catalog, today: date) -> None:
    """今年 in a question about a named item or unit is that form's own year: a form is one year's
    plan, and "今年预计体检多少人" asks its annual target. A shifted year (去年) stays as asked."""
    if not (q.items or q.forms) or not set(q.year_words) & set(_THIS_YEAR):
        return
    named = set(q.forms) | {i.form for i in (catalog.item(x) for x in q.items) if i}
    own = {f.year for f in catalog.forms if f.id in named and f.year}
    if today.year in catalog.years_of(named):
        return
    q.years = sorted((set(q.years) - {today.year}) | own)
    q.year_words = [w for w in q.year_words if w not in _THIS_YEAR] + [f"{w}（按所问表的年度）" for w in q.year_words
                                                                   if w in _THIS_YEAR]


def _take_condition(q: Question, rest: str) -> str:
    match = _CONDITION_BEFORE.search(rest) or _CONDITION_AFTER.search(rest)
    if match:
        unit = (match["unit"] or "").replace("％", "%") or None
        q.condition = Condition(comparator=_COMPARATORS[match["word"]], number=float(match["num"]), unit=unit,
                                text=match.group(0))
        rest = rest[:match.start()] + " " + rest[match.end():]
    return rest


def _take_measure(q: Question, rest: str) -> str:
    """“按平方米计的”: only rows measured in that unit count."""
    match = _MEASURE.search(rest)
    if match and not _VALUE_QUESTION.search(match["unit"]):  # 按多少算 asks a value, in no unit
        q.measure, q.measure_word = [match["unit"]], match.group(0).removesuffix("的")
        rest = rest[:match.start()] + " " * (match.end() - match.start()) + rest[match.end():]
    return rest


def _take_units(q: Question, rest: str, catalog: Catalog) -> str:
    for alias in sorted(catalog.aliases, key=len, reverse=True):
        if alias in rest:
            forms = sorted(catalog.aliases[alias])
            at = rest.index(alias)
            short = alias[:-1]
            if alias[-1] in "市县州" and short in catalog.aliases and _agency_run(rest[at + len(short):], forms, catalog)[
                    0] > _agency_run(rest[at + len(alias):], forms, catalog)[0]:
                alias = short  # 遂宁市场监管: 遂宁 and 市场监管, not 遂宁市 and 场监管
                forms = sorted(catalog.aliases[alias] & set(forms))
            q.unit_words.append(alias)
            run, by_run = _agency_run(rest[at + len(alias):], forms, catalog)
            agency = re.search(re.escape(alias) + _AGENCY, rest)
            if run > (len(agency.group(1)) if agency else 0):
                # 遂宁市场监管经开区分局: the unit's agency said short, characters dropped
                q.forms.extend(by_run)
                rest = rest[:at] + " " * (len(alias) + run) + rest[at + len(alias) + run:]
                continue
            own = [i.name for i in catalog.items if i.form in forms]
            if agency and any(name.startswith(agency.group(1)[:2]) for name in own):
                agency = None  # 高新区卫生局工作业务经费: the words begin a project's name
            elif agency and not any(_same_agency(agency.group(1), catalog.form(f)) for f in forms) and any(
                    _subsequence_share(agency.group(1), name) == 1 for name in own):
                agency = None  # 高新区疾控中心工作业务经费: the words are a project's, shortened
            if agency:
                # 福田区教育局: a place the corpus knows, but a unit of another kind there
                kept = [f for f in forms if _same_agency(agency.group(1), catalog.form(f))]
                if not kept:
                    q.unknown_units.append(alias + agency.group(1))
                else:  # the unit's own name (卫健局, 卫生健康局(本级)) says nothing more
                    rest = rest[:agency.start(1)] + " " * len(agency.group(0)) + rest[agency.end():]
                forms = kept
            q.forms.extend(forms)
            rest = rest.replace(alias, " ")
    q.forms = sorted(set(q.forms))
    if not q.forms and not q.unknown_units:
        rest = _take_bare_agency(q, rest, catalog)
    if q.sector:
        in_sector = {f.id for f in catalog.forms if f.sector == q.sector}
        q.forms = [f for f in q.forms if f in in_sector]
    q.other_units = bool(_OTHER_UNITS.search(rest))
    known = catalog.plain_texts
    # a place never spans a joining word (网球公开赛和省常规赛 names no place)
    for match in re.finditer(r"(?:(?![和与及跟加的])[\u4e00-\u9fa5]){2,5}?(?:省|市|县|区)", rest):
        place = match.group(0)
        if place[-2:] in ("社区", "辖区", "城区", "园区", "小区", "地区", "全区", "本区", "市区", "县区", "全市",
                          "全县", "本市", "本县", "片区", "景区", "县市", "市县") or place.endswith(_AREA_NOUNS) or any(
                place in t for t in known):
            continue
        if _GOVERNMENT_LEVEL.match(rest, match.end()):
            continue  # 申请市财政 / 市本级: the level of government that pays, not a place
        q.unknown_places.append(place)
        rest = rest.replace(place, " ")
    return rest


# kinds of area a project works in, not places (化肥减量增效项目示范区, 水源保护区)
_AREA_NOUNS = ("示范区", "示范县", "示范市", "保护区", "试验区", "实验区", "功能区", "核心区", "先行区", "集聚区", "聚集区",
               "产业区", "工业区", "种植区", "养殖区", "服务区", "生活区", "办公区", "缓冲区", "责任区", "管护区", "项目区")
# a level (市, 省 …) followed by these is the government of that level (市财政, 市本级), not a place's end
_GOVERNMENT_LEVEL = re.compile(r"财政(?![局厅])|本级|级")
_AGENCY_END = r"(?:局|委员会|委|人民法院|法院|人民检察院|检察院|残联|联合会|档案馆|中心|人民政府|政府|厅)"
# 的 never is inside an agency's name: 卫健局的卫生局工作业务经费 names the unit, then its project
_AGENCY = r"((?:(?!的)[\u4e00-\u9fa5]){0,4}?" + _AGENCY_END + r"(?:[(（][^()（）]{1,6}[)）]|机关|本级)?)"
AGENCY_MIN = 2 / 3
"""Share of an agency word's characters its unit's name must hold in order (卫建局 → 卫生健康局)."""


def _agency_run(text: str, forms: list[str], catalog: Catalog) -> tuple[int, list[str]]:
    """How many characters at the start of `text` say the agency of one of the forms' units with
    characters dropped (市场监管经开区分局 for 市场监督管理局经开区分局): they occur in order in the unit's
    name after its places, begin with its first character and end where an agency's name ends.
    Also the forms whose unit is so named."""
    best, named = 0, []
    for form_id in forms:
        form = catalog.form(form_id)
        for unit in listed_units(form.unit if form else None):
            for spelled in spellings(unit):
                agency = agency_of(spelled)
                if len(agency) < 2 or not text.startswith(agency[0]):
                    continue
                held, pos = 0, -1
                while held < len(text) and (pos := agency.find(text[held], pos + 1)) >= 0:
                    held += 1
                end = next((n for n in range(held, 1, -1) if re.search(_AGENCY_END + "$", text[:n])), 0)
                if end > best:
                    best, named = end, [form_id]
                elif end and end == best and form_id not in named:
                    named.append(form_id)
    return best, named


def _take_bare_agency(q: Question, rest: str, catalog: Catalog) -> str:
    """An agency named without its place (教育局, 卫健委): the forms of units of that kind, or, when
    no unit is of that kind, an unknown unit. Words that begin or sit inside a project's or an
    indicator's name (卫生局工作业务经费) are that name's."""
    names = [i.name for i in catalog.items] + [r["name"] for r in catalog.records]
    for match in re.finditer(r"[\u4e00-\u9fa5]{1,4}?" + _AGENCY_END, rest):
        word = match.group(0)
        if any(word in n or n.startswith(word[:2]) and rest[match.end():match.end() + 2] in n for n in names):
            continue
        forms = [f.id for f in catalog.forms if _same_agency(word, f)]
        if forms:
            q.forms = forms
        else:
            q.unknown_units.append(word)
        return rest[:match.start()] + " " * len(word) + rest[match.end():]
    return rest


# “那张食品安全绩效目标表”: the words before a form's kind describe the form, not its rows
_FORM_KIND = r"(?:项目支出|部门整体支出|整体支出)?(?:绩效)?(?:目标|自评|申报)表"
_FORM_TOPIC = re.compile(r"(?:^|(?<=[\s，,。？?、]))(?:那张|这张|那份|这份|那个|这个|该)?(?:(?P<topic>[\u4e00-\u9fa5]{2,16}?)的?)?"
                         r"(?P<kind>" + _FORM_KIND + ")")


def _take_form_topic(q: Question, rest: str, catalog: Catalog) -> str:
    """The form the question points at (那张食品安全绩效目标表): among the named units' forms, the
    ones that speak of its topic. The words are the form's, so they neither name an item nor narrow
    its rows; words that name an item (无偿献血补助经费绩效目标表, a form's project called 绩效目标表)
    are left to name it."""
    match = _FORM_TOPIC.search(rest)
    if not match:
        return rest
    scope = _scope_forms(q, catalog)
    topic = match["topic"]
    if topic and link_items(topic, catalog, scope):
        # the words name an item (共享工程自评表里): they are left to name it; the form's kind says nothing more
        if link_items(match["kind"], catalog, scope):
            return rest
        return rest[:match.start("kind")] + " " * len(match["kind"]) + rest[match.end("kind"):]
    if topic and len(q.forms) > 1:
        speaking = [f for f in q.forms if _form_speaks_of(catalog, f, topic)]
        q.forms = speaking or q.forms
    end = match.end() if not link_items(match["kind"], catalog, scope) else match.start("kind")
    return rest[:match.start()] + " " * (end - match.start()) + rest[end:]


def _take_kind_mark(q: Question, rest: str, catalog: Catalog) -> str:
    """“那些（统筹）类任务 / 工作队类任务”: items whose names hold the marker, the longest end of the
    words before 类 that an item's name in scope holds."""
    match = _KIND_MARK.search(rest)
    if not match or q.contains:
        return rest
    run = match["run"]
    scope = _scope_forms(q, catalog)
    names = [i.name for i in catalog.items if not scope or i.form in scope]
    marker = next((run[n:] for n in range(len(run) - 1) if any(run[n:] in name for name in names)), None)
    if not marker:
        return rest
    q.contains = [marker]
    end = match.start("run") + len(run)
    return rest[:end - len(marker)] + " " * len(marker) + rest[end:]


def _form_speaks_of(catalog: Catalog, form_id: str, topic: str) -> bool:
    form = catalog.form(form_id)
    texts = [form.title if form else ""] + [i.name for i in catalog.items if i.form == form_id]
    texts += [r["name"] for r in catalog.records if r["form"] == form_id]
    return any(topic in t for t in texts)


def _same_agency(word: str, form) -> bool:
    unit = (form.unit or "") if form else ""
    # the kind of unit is in the word's first character (教育局 is not 体育局)
    return word[:1] in unit and _subsequence_share(word, unit) >= AGENCY_MIN


def _subsequence_share(word: str, name: str) -> float:
    """The longest common subsequence of word and name, as a share of the word."""
    return subsequence_length(word, name) / max(len(word), 1)


def _take_ordinal(q: Question, rest: str, catalog: Catalog) -> str:
    """“第二个项目”: the item at that place in the named form (or the one form the items come from)."""
    match = _ORDINAL.search(rest)
    if not match:
        return rest
    n = match["n"]
    q.ordinal = int(n) if n.isdigit() else _ORDINALS.index(n) + 1 if n in _ORDINALS else None
    return rest[:match.start()] + " " + rest[match.end():]


def _scope_forms(q: Question, catalog: Catalog) -> list[str]:
    return q.forms or ([f.id for f in catalog.forms if f.sector == q.sector] if q.sector else [])


def _of_years(links: list[ItemLink], years: list[int]) -> list[ItemLink]:
    """Where the same words name items of several years, the asked years' items; the year does not
    decide whether an item is named (a year the item lacks is said to be missing, not ignored)."""
    if not years:
        return links
    kept = [link for link in links if link.item.year in years]
    named = {link.item.name for link in kept}
    return kept + [link for link in links if link.item.year not in years and link.item.name not in named]


def _take_items(q: Question, rest: str, catalog: Catalog) -> str:
    """Items named in the question (`link.link_items`), except where the same words belong to a
    longer indicator name (then they name the indicator), and those after “除了”, which are left out."""
    text = _strip_punct_keep(rest)
    scope = _scope_forms(q, catalog)
    links = _of_years(link_items(text, catalog, scope), q.years)
    if not links:
        return rest
    links += _in_other_years(links, text, catalog, scope, q.years)
    links = _without_glosses(links, rest)
    records = [r for r in catalog.records if not scope or r["form"] in scope]
    except_span = _EXCEPT.search(text)
    kept = []
    # the longest run any indicator name shares with the question (once: it does not depend on the link)
    indicator, at = max((longest_common(text, r["name"]) for r in records), default=(0, 0))
    for link in links:
        phase = _other_phase(text, link)
        if phase:  # 改造工程二期 does not name 改造工程一期
            q.unlinked.append(text[link.start:link.end].strip() + phase.strip())
            continue
        run = link.end - link.start
        by_label = link.item.kind == "group" and (group_label(link.item) or "#") in text
        if indicator > run and at < link.end and link.start < at + indicator and not by_label:
            continue  # the words matched belong to a longer indicator name
        if except_span and except_span.start("what") <= link.start < except_span.end("what"):
            q.exclude_items.append(link.item.id)
            continue
        kept.append(link)
    q.items = [link.item.id for link in kept]
    for link in kept:
        end = link.end
        gloss = re.match(r"\s*[^\s]{1,8}?\s", text[end:]) if end < len(text) and rest[end:end + 1] in "(（" else None
        if gloss and gloss.group(0).strip() in link.item.name:  # 行政运行专项(卫生): the name's own bracket
            end += gloss.end()
        text = text[:link.start] + " " * (end - link.start) + text[end:]
    for item_id in q.exclude_items:
        item = catalog.item(item_id)
        if item:
            text = text.replace(item.name, " ")
    return text


# what joins the two things a question compares or adds (A跟B比, A和B哪个多, A加上B)
_JOINER = re.compile(r"加上|和|与|跟|同|及|、|加")
_SIDE_FILLER = re.compile(r"资金|专项|的|项目|经费|预算|工作|相比|比较|比")
SIDE_HELD = 2 / 3
"""Share of a side's words an item's name must hold in order (with a run of two at least) to be named
by them (果园路 in 寨山石坪、鲍家沟果园路, 野生菌车间 in 野生菌加工车间)."""


def _take_sides(q: Question, rest: str, catalog: Catalog) -> str:
    """The two things compared or added, when the words of one (or both) link no item by the usual
    measure (清涧县交通局的果园路项目跟东莞…比, A和援滇经费合计): in the clause that joins them, each
    side's words, without 的 / 项目 / 资金, name the one item of the named units whose name holds most of
    them in order, unless an indicator name of those units holds a longer run of them (then they name a row)."""
    if len(q.items) >= 2 or q.unknown_places or q.unknown_units or not (
            _COMPARE.search(q.text) or _SUM.search(q.text) or _SUM_OF_ITEMS.search(q.text)):
        return rest
    scope = set(_scope_forms(q, catalog))
    # without a unit named, any unit's item, said by a longer run of its name (野生菌加工车间)
    least = 2 if scope else LONG_RUN
    text = _masked(rest)
    linked = {item.name for item in map(catalog.item, q.items) if item}
    candidates = [i for i in catalog.items if (not scope or i.form in scope) and i.kind != "group"
                  and i.name not in linked]
    records = [r["name"] for r in catalog.records if not scope or r["form"] in scope]
    for clause in re.finditer(r"[^，,。？?！!；;：:]+", rest):
        if len(_JOINER.split(clause.group(0))) < 2:
            continue
        for word in re.finditer(r"[^\s和与跟同及、加]+", text[clause.start():clause.end()]):
            said = _SIDE_FILLER.sub("", word.group(0))
            if len(said) < 2 or len(q.items) >= 2:
                continue
            # the name's distinctive part, or its whole with what its brackets say (陪审员 in 办案业务费(陪审员…))
            pairs = {said[k:k + 2] for k in range(len(said) - 1)}
            held = [(max(ordered_run(said, name)[0] for name in (i.core, plain)), run, i) for i in candidates
                    if any(p in i.name for p in pairs)
                    and (run := longest_common(said, plain := re.sub(r"[（）()]", "", i.name))[0]) >= least]
            best = max((n for n, _, _ in held), default=0)
            named = {i.name for n, _, i in held if n == best}
            run = max((r for n, r, _ in held if n == best), default=0)
            if best < max(2, SIDE_HELD * len(said)) or len(named) != 1 or any(
                    longest_common(said, r)[0] > run for r in records):
                continue
            q.items += [i.id for n, _, i in held if n == best]
            candidates = [i for i in candidates if i.name not in named]
            at = clause.start() + word.start()
            text = text[:at] + " " * len(word.group(0)) + text[at + len(word.group(0)):]
    return text


def _masked(text: str) -> str:
    return re.sub(r"[，,。？?！!；;：:（）()“”\"'‘’—\s]", " ", text)


# a number that tells two projects of one name apart wherever it is said (第六批, 2期, 3号): the kind it counts
_NUMBERED = re.compile(r"第?(?P<n>[零〇一二两三四五六七八九十百\d]+)(?P<what>期|批|号|标段)")
_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def numeral(text: str) -> int | None:
    """The number a run of Arabic or Chinese digits says (七, 十二, 二十, 12), or None."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


def _take_numbered(q: Question, rest: str, catalog: Catalog) -> str:
    """A numbered batch or phase said in the question (省级第六批, 3期) against the items of the named
    units whose names give that kind of number: the same number said otherwise (第7批 for 第七批) is
    written as the name writes it, so the words link the item; a different number names another
    project, which is not in the corpus (not the one of another number): its words are left out
    unlinked, so the answer says it is missing."""
    scope = _scope_forms(q, catalog)
    numbered = [(i, m) for i in catalog.items if not scope or i.form in scope for m in _NUMBERED.finditer(i.name)]
    for asked in reversed(list(_NUMBERED.finditer(rest))):
        n = numeral(asked["n"])
        own = [(i, m) for i, m in numbered if m["what"] == asked["what"]]
        if n is None or not own:
            continue
        same = [m for _, m in own if numeral(m["n"]) == n]
        if same:
            rest = rest[:asked.start()] + same[0].group(0) + rest[asked.end():]
            continue
        for item, m in own:
            said = rest[:asked.start()] + m.group(0) + rest[asked.end():]
            links = [link for link in link_items(_strip_punct_keep(said), catalog, [item.form]) if link.item.id == item.id
                     and link.start <= asked.start() < link.end]
            if links:
                link = links[0]
                end = link.end + len(asked.group(0)) - len(m.group(0))
                q.unlinked.append(rest[link.start:end].strip())
                rest = rest[:link.start] + " " * (end - link.start) + rest[end:]
                break
    return rest


def _other_phase(text: str, link: ItemLink) -> str:
    """The number the question's words go on with (二期) when the linked item's name gives another of
    that kind (一期); the same number written otherwise (1期 for 一期) is no other."""
    after = text[link.end:]
    asked = _NUMBERED.match(text, link.end + len(after) - len(after.lstrip()))
    if not asked:
        return ""
    own = [m for m in _NUMBERED.finditer(link.item.name) if m["what"] == asked["what"]]
    return asked.group(0) if own and all(numeral(m["n"]) != numeral(asked["n"]) for m in own) else ""


def _in_other_years(links: list[ItemLink], text: str, catalog: Catalog, scope: list[str],
                    years: list[int]) -> list[ItemLink]:
    """The same project in another asked year (雾炮车降尘抑尘服务2023年和2024年): an item of a year no
    link is of, which the same words name (its unit and word order may have changed)."""
    linked_years = {link.item.year for link in links}
    missing = [y for y in years if y not in linked_years]
    if len(years) < 2 or not missing:
        return []
    linked = {link.item.id for link in links}
    found = []
    for link in links:
        words = text[link.start:link.end]
        for item in catalog.items:
            if item.year in missing and item.id not in linked and (not scope or item.form in scope) and \
                    item.kind == link.item.kind and item_score(words, item, catalog)[0] >= ITEM_MIN:
                found.append(ItemLink(item, link.score, link.start, link.end))
                linked.add(item.id)
    return found


def _without_glosses(links: list[ItemLink], rest: str) -> list[ItemLink]:
    """Links inside a bracket right after a linked name are a gloss of it (“年度指标2”（基本公共卫生服务）)."""
    glosses = [m.span() for m in re.finditer(r"[（(][^（）()]*[)）]", rest)
               if any(0 <= m.start() - link.end <= 1 for link in links)]
    # a link that goes on past the bracket names an item said with its own bracket ((统筹)国家基本公共卫生)
    return [link for link in links if not any(a <= link.start < b and link.end <= b + 1 for a, b in glosses)]


def _strip_punct_keep(text: str) -> str:
    """Punctuation as spaces, positions kept."""
    return re.sub(r"[“”\"'‘’（）()《》<>【】\[\]~～]", " ", text)


# a 一级 said before its own 二级 (产出质量指标, 效益社会效益指标): one level phrase
_LEVEL1_BEFORE: tuple[tuple[str, str], ...] = (("产出", levels.OUTPUT), ("效益", levels.BENEFIT),
                                               ("满意度", levels.SATISFACTION), ("成本", levels.COST))


def _take_levels(q: Question, rest: str) -> str:
    for word, level1, level2 in _LEVEL_WORDS:
        if word in rest and not (q.level1 or q.level2):
            q.level1, q.level2 = level1, level2
            if q.phrase:  # a quoted phrase is the indicator; the level word is part of it
                break
            if level2:  # the 二级 says the 一级 already (成本指标 as a 二级 is 产出's)
                for said, parent in _LEVEL1_BEFORE:
                    if parent == levels.parent_of(level2):
                        rest = re.sub(said + r"(?:指标)?(?:的|中的|里的|之|类)?(?=" + word + ")", " ", rest)
            # "满意度" inside a longer phrase ("补贴政策满意度") is part of an indicator name, but
            # the level filter keeps the same rows, so the word is taken out either way.
            rest = rest.replace(word + "指标", " ").replace(word, " ")
    return rest


def _narrow_forms_to_items(q: Question, catalog: Catalog) -> None:
    """A place said before a project (原州区南部水源涵养林建设项目) names every unit of that place; the
    named projects say which of their forms is meant, so the others are no second thing to compare."""
    if not q.items or len(q.forms) < 2:
        return
    own = {i.form for i in catalog.items if i.id in q.items}
    if own and own < set(q.forms):
        q.forms = [f for f in q.forms if f in own]


def _read_intent(q: Question, catalog: Catalog) -> None:
    text = _ASIDE.sub(" ", q.text)
    named_two = len(q.items) >= 2 or len(q.years) >= 2 or len(q.forms) >= 2
    if _COMPARE.search(text) and named_two:
        q.ops.append("compare")
        q.compare_by = "items" if len(q.items) >= 2 else (
            "forms" if len(q.forms) >= 2 and not (re.search(r"哪一?年", text) and len(q.years) >= 2) else "years")
        if _LESS.search(text):  # 哪个钱少: the lower one wins
            q.ops.append("min")
    if (_SUM.search(text) or len(q.items) >= 2 and _SUM_OF_ITEMS.search(text)) and "compare" not in q.ops:
        q.ops.append("sum")
    if _counts(text):
        q.ops.append("count")
    if "compare" not in q.ops:
        if _MAX.search(text):
            q.ops.append("max")
        elif _MIN.search(text):
            q.ops.append("min")
    if _LIST.search(text) and not q.ops:
        q.ops.append("list")
    if (q.condition or q.contains) and not q.ops:
        q.ops.append("list")
    q.money = _money_field(text, q, catalog)
    _money_block_items(q, catalog)
    money = q.money is not None or (q.condition is not None and q.condition.unit in ("万元", "元"))
    names_item = bool(_ITEM_WORDS.search(text)) or q.ordinal is not None
    about_indicators = bool(q.level1 or q.level2 or _INDICATOR_WORDS.search(_without_items(text)))
    if money and q.money is None:
        q.money = "total"
    # the highest of one named item is among its own rows (生猪养殖场建设项目里哪项面积最大), unless money is asked
    within_item = len(q.items) == 1 and bool({"max", "min"} & set(q.ops)) and not money
    if within_item and not q.measure:
        kind = next(((word, units) for word, units in _MEASURE_KINDS if word in text), None)
        if kind:
            q.measure_word, q.measure = kind[0], list(kind[1])
    if money or "sum" in q.ops or (names_item and not about_indicators and q.ops and not within_item) or (
            q.contains and names_item and not about_indicators) or q.ordinal is not None:
        q.target = "items"
    if q.target == "indicators":
        q.money = None
        if _BY_PROJECT.search(text):
            q.by = "project"
        elif _BY_UNIT.search(text) or q.other_units:
            q.by = "unit"
    q.sure = bool(q.ops or q.condition or _LOOKUP.search(text) or q.items)


def _counts(text: str) -> bool:
    """Whether a 几个 / 多少个 asks how many rows or items there are, not an indicator's value."""
    for match in _COUNT.finditer(text):
        after = re.sub(r"^[\s？?。！!，,]+", "", text[match.end():])
        if _VALUE_ASKED.search(text[:match.start()]):
            continue  # 目标是几个
        counted = bool(_COUNTED.match(after))
        before = text[:match.start()]
        set_word = _VALUE_SET.search(before)
        if set_word and not counted and not _COUNTED_BEFORE.search(before[:set_word.start()]):
            continue  # 村卫生室数定的多少个 (成本指标设了几个 counts)
        if not re.match(r"[\u4e00-\u9fa5]", after) or counted:
            return True  # 有几个 / 几个满意度指标
    return False


def _counts_a_value(q: Question, catalog: Catalog) -> bool:
    """Whether “X有多少个” asks the value of the one row of the named unit or item that X names,
    measured in the counter asked (村卫生室有多少个: 村卫生室数 151个), not how many rows there are."""
    if q.target != "indicators" or not (q.forms or q.items) or q.level1 or q.level2 or not q.phrase:
        return False
    counters = {m[2] for m in _COUNT.finditer(q.text) if not _COUNTED.match(re.sub(r"^[\s？?。！!，,]+", "",
                                                                                q.text[m.end():]))}
    if not counters:
        return False
    rows = scoped_rows(q.plan(), catalog, q.years)
    named, _ = naming(rows, Plan(phrase=q.phrase), q.phrase, single=True)
    # of the rows the words name (消毒监测点个数, 消毒监测点完成率), the one measured in the counter
    counted = {r["name"] for r in named if (row_unit(r) or "").split("/")[0] in counters}
    return len(named) < len(rows) and len(counted) == 1


def _money_field(text: str, q: Question, catalog: Catalog) -> MoneyField | None:
    """The amount asked: a field of the money block, or an item's amount; None when the question
    is about an indicator's value (a 满意度 target is not money even with 预算 in the question)."""
    if q.level1 or q.level2 or (q.condition is not None and q.condition.unit not in (None, "万元", "元")):
        if not re.search(r"钱|预算|金额|资金", text) or q.level1 or q.level2:
            return None
    if _MONEY_ASKED.search(text):  # 申请了多少财政资金: the amount, whatever row names hold 财政资金
        return "total"
    names = {i.name for i in (catalog.item(x) for x in q.items + q.exclude_items) if i}
    # a word inside a longer name is that name's (预算 in 预算执行率, 项目支出 in 项目支出绩效目标表)
    longer = [r["name"] for r in catalog.records]
    longer += [f.title for f in catalog.forms if f.title] + list(FORM_KIND_TEXT.values())
    for word, field in _MONEY_FIELDS:
        if word in _THINGS_MONEY and not (q.items or q.forms):
            continue  # 资金多少 of a project no unit or item names is no amount to look up
        if word in text and not any(word in n for n in names) and not _inside_name(text, word, longer):
            return field  # type: ignore[return-value]
    return None


def _money_block_items(q: Question, catalog: Catalog) -> None:
    """A budget task named like a field of the money block (基本支出, 项目支出) is that field:
    the form's money block states it for every year it gives, the task row for one."""
    fields = dict(_MONEY_FIELDS)
    for item_id in list(q.items):
        item = catalog.item(item_id)
        field = fields.get(item.name.replace(" ", "")) if item else None
        if field in ("basic", "project"):
            q.items.remove(item_id)
            q.money = field  # type: ignore[assignment]
            if item and item.form not in q.forms:
                q.forms.append(item.form)


def _inside_name(text: str, word: str, names: list[str]) -> bool:
    """Whether every use of `word` in the question is part of a longer name (预算 in 预算执行率)."""
    holding = [n for n in names if word in n]
    if not holding:
        return False
    for at in (m.start() for m in re.finditer(re.escape(word), text)):
        windows = (text[a:b] for a in range(max(0, at - 4), at + 1)
                   for b in range(at + len(word), min(len(text), at + len(word) + 4) + 1) if b - a >= len(word) + 2)
        if not any(w in n for w in windows for n in holding):
            return False
    return True


def _without_items(text: str) -> str:
    return _ITEM_WORDS.sub("", text)
