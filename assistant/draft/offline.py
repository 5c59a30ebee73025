"""The offline drafting engine: a cited, checked table from similar past rows, no LLM.

    draft = draft_offline(DraftRequest(name="全科医生规范化培训", budget=120), index)

Steps (each timed in `draft.timing`):
1. retrieve: similar projects / groups and ranked candidate rows (`retrieve`).
2. plan: one slot per required 二级 with a size range (RULES.md C1–C2 and its sizes):
   数量 2–4, 质量 1–3, 时效 1–2, 成本 1, 社会效益 1–2, 服务对象满意度 1–2; 可持续影响,
   经济 and 生态效益 1 each as the task's sector practises them in the corpus (`sector_practice`)
   or the task's text names them.
3. fill: the relevance gate (`sector_gate`) first drops every row and library entry naming
   another sector's specific object (献血, 独生子女 for a road); then per slot, candidates of
   that 二级 ranked by retrieval score and fit with the task
   (content words the name shares with the task, minus the specific words it brings from
   its own project: 无偿献血人员对补贴政策满意度 fits a blood-donation task, not a training
   one). The slot takes its minimum, then more while a candidate stays close to the
   slot's best; near-duplicates (same 二级, `same_indicator` names) are skipped. A slot the
   corpus cannot fill takes the built-in library's entries for the project type; a slot neither
   can fill gets a marked placeholder row (待补充) rather than a row of another sector.
   Quantities the task's content names (320公里, 800人次) become the 数量 rows' values.
4. adapt values: the total cost follows the new money; counts copied from a project of
   another size are marked for review with the source's money in the note; 满意度 keeps a
   usual ≥85–95% and otherwise becomes ≥90%; rates and other values are kept.
5. check: the validator on the drafted project; findings go into the draft.

Names are copied as written (no rewriting of the source project's nouns): the fit score
prefers names that suit the new task instead. Everything user-facing is Chinese.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from assistant.corpus import levels
from assistant.corpus.schema import IndicatorGroup, Project
from assistant.corpus.values import COUNT_UNITS, Value, number_text, parse_value
from assistant.draft.common_indicators import (
    GENERAL,
    LibraryEntry,
    fill_value,
    library_entries,
    project_type,
    text_type,
)
from assistant.draft.models import Draft, DraftRequest, DraftRow, DraftSource, is_placeholder, placeholder_row
from assistant.draft.quantities import Quantity, quantities_in
from assistant.draft.retrieve import Candidate, Retrieval, retrieve, task_text
from assistant.draft.sector_gate import Gate, sector_words
from assistant.draft.sector_practice import benefit_practice
from assistant.draft.similarity import same_indicator
from assistant.draft.years import roll_years
from assistant.index.retriever import Retriever
from assistant.validate.rules import check_project
from assistant.validate.rules.kinds import compact, is_satisfaction_name
from assistant.validate.rules.words import content_words

_ECONOMIC_WORDS = re.compile(r"经济效益|增收|收入|产值|营收|创收|节约资金|降低成本")
_ECOLOGICAL_WORDS = re.compile(r"生态|环境|污染|绿化|节能|减排|垃圾|废物|水质")

_FIT_BONUS = 0.25  # per content word the name shares with the task (at most two count)
_LIBRARY_BASE = 0.6  # a fitting library entry's score before its fit bonus (corpus rows: up to 1 before theirs)
_FOREIGN_PENALTY = 0.15  # per specific word the name brings from its own project (at most two count)
_VALUE_PENALTY = 0.3  # a value the validator would flag in this slot (Q1, Q4)
_COUNT_FLAWS = {"no_unit", "magnitude_without_unit"}
_NOTATION_FIXES = {"fraction_as_percent", "percent_assumed", "percent_sign_moved"}  # "1" → "100%", "≥95" → "≥95%"
_KEEP_RATIO = 0.75  # beyond its minimum a slot takes candidates scoring ≥ this share of its best
_SIMILAR_MONEY = (0.8, 1.25)  # counts carry over between projects whose money differs less than this
_USUAL_SATISFACTION = (85.0, 95.0)
_SATISFACTION_DEFAULT = "≥90%"
_MAX_NAME = 30
# Rules that judge a row on its own (Q1, qualitative output values, is a ranking penalty instead).
_ROW_RULES = ("N1", "Q2", "Q3", "Q4", "S1", "T1", "D1")
# Project types whose word in a row's name ties the row to that activity ("服务", "运行" are too common to).
_ACTIVITY_TYPES = ("购置", "培训", "会议", "补助", "宣传", "建设")  # N1: longer names read as sentences

BASIS_HISTORY = "历史标准"
BASIS_PLAN = "计划标准"
BASIS_OTHER = "其他标准"


@dataclass(frozen=True)
class Slot:
    level1: str
    level2s: tuple[str, ...]
    low: int
    high: int


def plan_slots(request: DraftRequest, practised: tuple[str, ...] = ()) -> list[Slot]:
    """The 二级 a table for this task must (or, by its sector's practice or its text, should) cover,
    with their sizes; `practised` are the 效益 二级 the task's sector carries in the corpus."""
    text = task_text(request)
    slots = [Slot(levels.OUTPUT, (levels.QUANTITY,), 2, 4), Slot(levels.OUTPUT, (levels.QUALITY,), 1, 3),
             Slot(levels.OUTPUT, (levels.TIMELINESS,), 1, 2), Slot(levels.OUTPUT, (levels.UNIT_COST,), 1, 1),
             Slot(levels.BENEFIT, (levels.SOCIAL,), 1, 2)]
    if levels.SUSTAINABLE in practised:
        slots.append(Slot(levels.BENEFIT, (levels.SUSTAINABLE,), 1, 1))
    if levels.ECONOMIC in practised or _ECONOMIC_WORDS.search(text):
        slots.append(Slot(levels.BENEFIT, (levels.ECONOMIC,), 1, 1))
    if levels.ECOLOGICAL in practised or _ECOLOGICAL_WORDS.search(text):
        slots.append(Slot(levels.BENEFIT, (levels.ECOLOGICAL,), 1, 1))
    slots.append(Slot(levels.SATISFACTION, (levels.SERVICE_SATISFACTION,), 1, 2))
    return slots


def _level2(candidate: Candidate) -> str | None:
    ind = candidate.indicator
    if ind.level1 == levels.COST and ind.level2 in (levels.ECONOMIC_COST, None):
        return levels.UNIT_COST  # the 2021 layout's 经济成本 fills the same slot as 产出/成本
    return ind.level2


def _usable(candidate: Candidate) -> bool:
    ind = candidate.indicator
    return (ind.value.kind not in ("empty", "unparsed") and compact(ind.value.raw) != "不适用"
            and 0 < len(compact(ind.name)) <= _MAX_NAME)


def fit(name: str, task_words: frozenset[str]) -> tuple[int, int]:
    """(content words of `name` found in the task, content words of `name` the task lacks)."""
    words = content_words(name)
    shared = {w for w in words if any(w in t or t in w for t in task_words)}
    return len(shared), len(words - shared)


def close_examples(retrieval: Retrieval, task_words: frozenset[str]) -> set[str]:
    """Keys of the examples whose title or content shares a content word with the task.

    Dense and BM25 scores always rank *something* first, even for a task the corpus knows
    nothing about (道路养护 against health forms); shared content words are the absolute
    test of closeness."""
    close = set()
    for example in retrieval.projects:
        if fit(f"{example.title}\n{example.content}", task_words)[0]:
            close.add(example.key)
    return close


def _eligible(c: Candidate, task_words: frozenset[str], close: set[str], kind: str | None) -> bool:
    """A row fits when it comes from a close example, or its name shares a word with the task or names
    nothing specific, and it does not name another kind of activity (补助资金发放准确率 for a road)."""
    if c.project in close:
        return True
    activity = text_type(c.indicator.name)
    if activity in _ACTIVITY_TYPES and activity != kind:
        return False
    shared, foreign = fit(c.indicator.name, task_words)
    return shared > 0 or foreign == 0


def _rank(candidates: list[Candidate], task_words: frozenset[str], slot: Slot) -> list[tuple[float, Candidate]]:
    if not candidates:
        return []
    top = max(c.score for c in candidates) or 1.0
    ranked = []
    for c in candidates:
        value = c.indicator.value
        shared, foreign = fit(c.indicator.name, task_words)
        score = c.score / top + _FIT_BONUS * min(shared, 2) - _FOREIGN_PENALTY * min(foreign, 2)
        if slot.level1 == levels.OUTPUT and value.kind != "quantitative":
            score -= _VALUE_PENALTY  # Q1: 数量/质量/时效 should be quantified
        if levels.QUANTITY in slot.level2s and (value.is_percent or set(value.flags) & _COUNT_FLAWS):
            score -= _VALUE_PENALTY  # Q4: a count wants a count unit; a rate belongs to 质量
        ranked.append((score, c))
    return sorted(ranked, key=lambda sc: (-sc[0], sc[1].indicator.id))


def _is_count(value: Value) -> bool:
    return value.kind == "quantitative" and bool(value.base_unit) and (
        value.base_unit in COUNT_UNITS or (value.base_unit or "").endswith(tuple(COUNT_UNITS)))


def _source(c: Candidate) -> DraftSource:
    ind = c.indicator
    return DraftSource(why="retrieved", id=ind.id, form=c.form, project=c.project_title, name=ind.name,
                       value=ind.value.raw, note=f"相似项目“{c.project_title}”的{ind.level2 or '同类'}指标")


def adapt(candidate: Candidate, request: DraftRequest) -> DraftRow:
    """The candidate as a row of the new table, its value adapted to the new task where needed."""
    ind = candidate.indicator
    value = ind.value
    row = DraftRow(level1=ind.level1 or levels.parent_of(ind.level2 or "") or "", level2=ind.level2 or "",
                   name=ind.name, value=value.raw.strip(), basis=BASIS_HISTORY, sources=[_source(candidate)])
    if set(value.flags) & _NOTATION_FIXES:
        row.value = value.canonical
        row.sources.append(DraftSource(why="adapted", value=row.value,
                                       note=f"按规范写法把“{value.raw}”写成“{row.value}”"))
        value = parse_value(row.value, name=row.name)
    rolled = roll_years(row.value, request.year)
    if rolled != row.value:
        row.sources.append(DraftSource(why="adapted", value=rolled,
                                       note=f"年份按本项目年度{request.year}年改写（原值“{row.value}”）"))
        row.value = rolled
        value = parse_value(row.value, name=row.name)
    if is_satisfaction_name(ind.name) or row.level2 == levels.SERVICE_SATISFACTION:
        low, high = _USUAL_SATISFACTION
        usual = (value.is_percent and value.comparator == "≥" and value.number is not None
                 and low <= value.number <= high)
        if not usual:
            row.value = _SATISFACTION_DEFAULT
            row.sources.append(DraftSource(why="adapted", value=row.value,
                                           note=f"满意度取常用值{_SATISFACTION_DEFAULT}（原值“{value.raw}”）"))
        return row
    if row.level2 == levels.QUANTITY and _is_count(value):
        money = candidate.project_money
        if money is None:
            why = "来源是整体支出表的一个分组，规模与本项目不可比"
        elif request.budget is None:
            why = f"来源项目金额{number_text(money)}万元，本项目未填金额"
        elif not money or not _SIMILAR_MONEY[0] <= request.budget / money <= _SIMILAR_MONEY[1]:
            why = f"来源项目金额{number_text(money)}万元，本项目{number_text(request.budget)}万元"
        else:
            return row
        row.needs_review = True
        row.note = f"数量照抄自“{candidate.project_title}”，{why}，请按本项目实际核定"
    return row


def _cost_row(budget: float, candidates: list[Candidate], task_words: frozenset[str]) -> DraftRow:
    """The total cost follows the new money (RULES.md K1: a total cost is not above the project's money)."""
    value = f"≤{number_text(budget)}万元"
    totals = [c for c in candidates if c.indicator.value.money_wan() is not None
              and re.search(r"总成本|总投入|总额|总预算|项目成本|投入", c.indicator.name)
              and not re.search(r"人均|户均|单位|单价|每|标准|均次|平均", c.indicator.name)
              and fit(c.indicator.name, task_words)[1] == 0]  # 病原微生物检测费用投入 is not this task's total
    note = f"总成本按本项目金额{number_text(budget)}万元填写"
    if totals:
        c = totals[0]
        return DraftRow(level1=levels.OUTPUT, level2=levels.UNIT_COST, name=c.indicator.name, value=value,
                        basis=BASIS_PLAN, sources=[_source(c), DraftSource(why="adapted", value=value, note=note)])
    return DraftRow(level1=levels.OUTPUT, level2=levels.UNIT_COST, name="项目总成本", value=value, basis=BASIS_PLAN,
                    sources=[DraftSource(why="rule", value=value,
                                         note=note + "（RULES.md K1：总成本不超过项目资金）")])


def _library_row(entry: LibraryEntry, request: DraftRequest) -> DraftRow | None:
    value = fill_value(entry, request.budget)
    if value is None:
        return None
    row = DraftRow(level1=entry.level1, level2=entry.level2, name=entry.name, value=value, basis=BASIS_OTHER,
                   sources=[DraftSource(why="library", name=entry.name, value=entry.value,
                                        note=f"{entry.kind}类常用指标；依据：{entry.source}")])
    if entry.review:
        row.needs_review = True
        row.note = "数值是常用指标库的占位值，请按本项目实际填写"
    return row


_VAGUE_UNITS = ("个", "次", "项", "件", "批", "期", "场", "份")  # a row counting in these may count anything


def _counts(row: DraftRow, quantity: Quantity) -> bool:
    """The row counts what the quantity counts: the same unit and, for a unit as vague as 个, a shared word."""
    if is_placeholder(row) or any(s.why == "rule" and "任务内容" in s.note for s in row.sources):
        return False
    if parse_value(row.value, row.name).unit != quantity.unit:
        return False
    words = content_words(f"{quantity.phrase}{quantity.thing}")
    return quantity.unit not in _VAGUE_UNITS or fit(row.name, words)[0] > 0


def apply_quantities(rows: list[DraftRow], quantities: list[Quantity], high: int) -> list[DraftRow]:
    """The 数量 rows with the task's own quantities as values: a row counting in the same unit takes
    the quantity; a quantity no row counts becomes its own row, first. At most `high` rows."""
    rows = list(rows)
    new: list[DraftRow] = []
    for quantity in quantities:
        note = f"按任务内容“{quantity.text}”填写"
        same_unit = next((r for r in rows if _counts(r, quantity)), None)
        if same_unit is not None:
            same_unit.value = quantity.value()
            same_unit.needs_review, same_unit.note = False, ""
            same_unit.sources.append(DraftSource(why="adapted", value=same_unit.value, note=note))
            continue
        new.append(DraftRow(level1=levels.OUTPUT, level2=levels.QUANTITY, name=quantity.name(), value=quantity.value(),
                            basis=BASIS_PLAN, sources=[DraftSource(why="rule", value=quantity.value(), note=note)]))
    new = [r for r in new if not flagged(r) and not _duplicate(r, rows)]
    merged = new + [r for r in rows if not is_placeholder(r)] if new else rows
    return merged[:max(high, len(new))]


def flagged(row: DraftRow) -> bool:
    """The validator's row rules find fault with this row alone (a sentence for a name, a count in
    元, a rate in 个月, a bare number for a deadline): a reviewer would send it back, so it is passed over."""
    project = Project(name=row.name, groups=[IndicatorGroup(indicators=[row.to_indicator(1)])])
    return any(f.severity != "info" for f in check_project(project, rules=_ROW_RULES))


def _duplicate(row: DraftRow, rows: list[DraftRow]) -> bool:
    return any(compact(r.name) == compact(row.name) or (r.level2 == row.level2 and same_indicator(r.name, row.name))
               for r in rows)


@dataclass
class Pool:
    """What slot filling draws on for one task: its words, type, library entries and fitting candidates."""

    request: DraftRequest
    task_words: frozenset[str]
    kind: str | None
    library: list[LibraryEntry]
    candidates: list[Candidate]
    gate: Gate


def task_gate(request: DraftRequest, index: Retriever) -> Gate:
    """The relevance gate of this task over the index's corpus (`sector_gate`)."""
    return Gate.for_task(request, sector_words(index.sector_rows()))


def candidate_pool(request: DraftRequest, retrieval: Retrieval, gate: Gate) -> Pool:
    """The rows and library entries a task may draw on: usable, fitting, and through the gate."""
    task_words = content_words(task_text(request))
    kind = project_type(request)
    close = close_examples(retrieval, task_words)
    usable = [c for c in retrieval.rows
              if _usable(c) and gate.admits(c.indicator.name) and _eligible(c, task_words, close, kind)]
    library = [e for e in library_entries(kind) if gate.admits(e.name)]
    return Pool(request, task_words, kind, library, usable, gate)


def fill_slot(slot: Slot, pool: Pool, existing: list[DraftRow]) -> tuple[list[DraftRow], bool]:
    """Rows for one slot, none a near-duplicate of `existing`; True when the library had to help."""
    request = pool.request
    in_slot = [c for c in pool.candidates if _level2(c) in slot.level2s]
    if slot.level2s == (levels.UNIT_COST,) and request.budget:
        return [_cost_row(request.budget, in_slot, pool.task_words)], False
    if slot.level2s == (levels.UNIT_COST,):
        # Without the money a count-based cost of another project means nothing: only a unit cost
        # (元/人) of a close row is worth showing; else the slot is left to fill.
        in_slot = [c for c in in_slot if fit(c.indicator.name, pool.task_words)[0]]
    options: list[tuple[float, Callable[[], DraftRow | None], bool]] = [
        (score, partial(adapt, candidate, request), False) for score, candidate in _rank(in_slot, pool.task_words, slot)]
    # An entry of the task's own type that names what the task does competes with the corpus rows
    # (购置设备数量 for an equipment task whose corpus neighbours count people).
    for entry in pool.library:
        shared = fit(entry.name, pool.task_words)[0] if entry.level2 in slot.level2s else 0
        if shared and entry.kind != GENERAL:
            options.append((_LIBRARY_BASE + _FIT_BONUS * min(shared, 2), partial(_library_row, entry, request), True))
    options.sort(key=lambda option: -option[0])
    taken: list[DraftRow] = []
    helped = False
    best = options[0][0] if options else 0.0
    for score, make, from_library in options:
        if len(taken) >= slot.high or (len(taken) >= slot.low and score < _KEEP_RATIO * best):
            break
        row = make()
        if row is not None and not _duplicate(row, existing + taken) and not flagged(row):
            taken.append(row)
            helped |= from_library
    for entry in pool.library:
        if len(taken) >= slot.low:
            break
        if entry.level2 not in slot.level2s:
            continue
        row = _library_row(entry, request)
        if row is not None and not _duplicate(row, existing + taken):
            taken.append(row)
            helped = True
    if len(taken) < slot.low:
        taken.append(placeholder_row(slot.level1, slot.level2s[0]))
    return taken, helped


def assemble(request: DraftRequest, retrieval: Retrieval, gate: Gate,
             practised: tuple[str, ...] = ()) -> tuple[list[DraftRow], list[str]]:
    """The drafted rows (pure: no index, no disk) and notes for the user."""
    pool = candidate_pool(request, retrieval, gate)
    rows: list[DraftRow] = []
    from_library: list[str] = []
    quantities = quantities_in(request.content)
    for slot in plan_slots(request, practised):
        taken, helped = fill_slot(slot, pool, rows)
        if slot.level2s == (levels.QUANTITY,) and quantities:
            taken = apply_quantities(taken, quantities, slot.high)
        rows += taken
        if helped:
            from_library.append("、".join(slot.level2s))
    notes = []
    if pool.kind:
        notes.append(f"按项目类型“{pool.kind}”选用内置常用指标")
    if from_library:
        notes.append("语料中没有足够相近的指标，以下二级用了内置常用指标库：" + "；".join(from_library))
    gaps = [r.level2 for r in rows if is_placeholder(r)]
    if gaps:
        notes.append("语料和常用指标库中没有适合本项目的" + "、".join(gaps) + "，已留出“待补充”行，请按实际填写")
    review = sum(r.needs_review and not is_placeholder(r) for r in rows)
    if review:
        notes.append(f"有{review}条指标的数值需要按本项目实际核定（已标出）")
    return rows, notes


def draft_offline(request: DraftRequest, index: Retriever, *, exclude_forms: Iterable[str] = (),
                  exclude_projects: Iterable[str] = ()) -> Draft:
    """A complete first draft of the task's indicator table from similar past rows (see the module doc)."""
    started = time.perf_counter()
    gate = task_gate(request, index)
    retrieval = retrieve(request, index, exclude_forms=exclude_forms, exclude_projects=exclude_projects,
                         prefer_group=gate.group)
    timing = {"retrieve": time.perf_counter() - started}
    mark = time.perf_counter()
    practised = benefit_practice(index.sector_rows()).level2s(gate.group)
    rows, notes = assemble(request, retrieval, gate, practised)
    timing["generate"] = time.perf_counter() - mark
    draft = Draft(request=request, rows=rows, engine="offline", notes=notes)
    mark = time.perf_counter()
    draft.findings = check_project(draft.to_project())
    timing["check"] = time.perf_counter() - mark
    timing["total"] = time.perf_counter() - started
    draft.timing = timing
    return draft
