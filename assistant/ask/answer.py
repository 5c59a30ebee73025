"""Extractive answers (pure): citations from rows and items, and the one-line summaries the
templates write when no LLM does. Also the number check for LLM-written answers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from assistant.ask.catalog import ITEM_KIND_TEXT, Catalog, Item, listed_units
from assistant.ask.match import subsequence_length
from assistant.ask.models import Citation
from assistant.ask.plan import Plan
from assistant.ask.query import Fact, Record, Result, group_by, money_of, total_money, value_in
from assistant.ask.question import Question
from assistant.corpus.values import number_text

MAX_NAMED = 8
"""How many projects or rows a one-line summary names before it says “等”."""
GROUP_CHARS = 16
"""How much of a long 职能 title a summary shows."""


def fmt_number(number: float) -> str:
    """A figure as the form gives it (24.998万元 stays 24.998), without float noise."""
    return number_text(number)


def money_text(money: float | None) -> str:
    return "" if money is None else f"{fmt_number(money)}万元"


def cite_row(r: Record) -> Citation:
    return Citation(id=r["id"], kind="indicator", form=r["form"], year=r["year"], unit=r["unit"],
                    project=r["project"], group=r["group"] or None, level1=r["level1"], level2=r["level2"],
                    name=r["name"], value=r["value_raw"] or "", source=r["source"])


def cite_item(item: Item) -> Citation:
    return Citation(id=item.id, kind=item.kind, form=item.form, year=item.year, unit=item.unit,
                    project=item.project, group=item.group, name=item.name, value=money_text(item.money),
                    source=item.source)


def cite_fact(fact: Fact, catalog: Catalog) -> Citation:
    """A money-block figure (one form, one year) as a cited row."""
    form = catalog.form(fact.form)
    unit_project = form.projects[0].name if form and form.projects else ""
    return Citation(id=f"{fact.form}/budget/{fact.year}", kind="budget", form=fact.form, year=fact.year,
                    unit=form.unit if form else None, project=unit_project, name=fact.field or "",
                    value=money_text(fact.number), source=fact.source)


def citations(result: Result, catalog: Catalog) -> list[Citation]:
    cited = [cite_item(i) for i in result.items] + [cite_row(r) for r in result.rows]
    for fact in result.facts:
        if fact.row is not None:
            cited.append(cite_row(fact.row))
        elif fact.item is None:
            cited.append(cite_fact(fact, catalog))
    return list({c.id: c for c in cited}.values())


def scope_text(q: Question, catalog: Catalog, *, with_years: bool = True) -> str:
    """Where the question looks, as a person would say it: 2023年大连高新技术产业园区卫生健康局."""
    parts = []
    if with_years and q.years:
        parts.append("、".join(f"{y}年" for y in q.years))
    units = sorted({f.unit or f.id for f in catalog.forms if f.id in q.forms})
    if units:
        parts.append("、".join(units))
    names = [i.name for i in (catalog.item(x) for x in q.items) if i]
    if names:
        parts.append("“" + "、".join(names) + "”")
    return "".join(parts)


def what_text(q: Question, *, named: bool = True) -> str:
    """The rows asked about: 时效指标, “设备故障率”, 满意度指标中低于90%的. The asked words are
    shown only when they named the rows (`named`), never as a fragment of the question."""
    what = q.level2 or q.level1 or ""
    if q.measure_word:  # 按平方米计的指标 / 面积指标: the unit says what is asked, not the leftover words
        return f"{q.measure_word}{'的' if q.measure_word.endswith(('计', '算')) else ''}{what or '指标'}"
    if q.phrase and named:
        what = f"“{q.phrase.replace(' ', '')}”" + (f"（{what}）" if what else "")
    if q.contains:
        what = f"名称带“{'”或“'.join(q.contains)}”的{what or '指标'}"
    if q.condition:
        what = f"{what or '指标'}中{q.condition.text}的"
    return what or "指标"


def _names(names: Iterable[str]) -> str:
    names = list(dict.fromkeys(names))
    shown = "、".join(names[:MAX_NAMED])
    return shown + ("等" if len(names) > MAX_NAMED else "")


def row_where(r: Record, *, unit_named: bool = False) -> str:
    """Where a row lives, in the fewest words: its project (project form), its 职能 / 目标
    (grouped whole-unit form), or its unit (a unit-wide table, unless the question named it)."""
    if r["form_kind"] == "project":
        return r["project"]
    if r["group_kind"] in ("function", "goal"):
        title = r["group"] or ""
        return title if len(title) <= GROUP_CHARS else title[:GROUP_CHARS] + "…"
    return "" if unit_named else (r["unit"] or "")


def row_text(r: Record, *, with_project: bool = True, unit_named: bool = False, year: int | None = None) -> str:
    where = row_where(r, unit_named=unit_named) if with_project else ""
    value = value_in(r, year) or "（未填）"
    when = f"（{year}年）" if year is not None and year != r["year"] and value != r["value_raw"] else ""
    return f"{where + '的' if where else ''}{r['name']}{when}：{value}"


def summarize(q: Question, plan: Plan, result: Result, catalog: Catalog) -> str:
    """The answer the template writes from what the plan's execution returned, answer first."""
    scope = scope_text(q, catalog) or "语料库中"
    if plan.op == "compare":
        return _compare_summary(q, plan, result, catalog)
    if result.facts:
        return _facts_summary(plan, result.facts)
    if result.items:
        return _items_summary(q, plan, result.items, scope, catalog)
    rows = result.rows
    what = what_text(q, named=not result.phrase_ignored and bool(rows) and plan.op != "lookup")
    history_year = next((y for y in q.years if y not in {r["year"] for r in rows}), None)
    if plan.op == "extreme":
        word = "最高" if plan.highest else "最低"
        return f"{scope}{what}{word}的是：" + "；".join(row_text(r, unit_named=bool(q.forms))
                                                      for r in rows[:MAX_NAMED])
    if q.by == "project":
        groups = group_by(rows, "project")  # a whole-unit form's table counts as one project
        return f"{scope}有 {len(groups)} 个项目设了{what}：{_names(groups)}（共 {len(rows)} 条指标）"
    if q.by == "unit":
        groups = group_by(rows, "unit")
        return f"{len(groups)} 个单位设了{what}：" + "；".join(
            f"{unit}（{_names(row_text(r, with_project=False) for r in unit_rows)}）"
            for unit, unit_rows in groups.items())
    if plan.op == "count":
        return f"{scope}的{what}共 {len(rows)} 条：" + _names(r["name"] for r in rows)
    named, unit_named = bool(q.items), bool(q.forms)
    if plan.op == "lookup" and len(rows) <= 3:
        return f"{scope}：" + "；".join(row_text(r, with_project=not named, unit_named=unit_named, year=history_year)
                                       for r in rows)
    return f"{scope}的{what}共 {len(rows)} 条：" + "；".join(
        row_text(r, with_project=not named, unit_named=unit_named) for r in rows[:MAX_NAMED]) + (
        "等" if len(rows) > MAX_NAMED else "")


def _facts_summary(plan: Plan, facts: list[Fact]) -> str:
    field = facts[0].field or "金额"
    text = "；".join(f"{f.label}{field}为 {money_text(f.number)}" for f in facts)
    numbers = [f.number for f in facts if f.number is not None]
    if plan.op == "sum" and len(plan.years) > 1 and len(numbers) > 1:  # 2020年和2022年加起来: the years added
        what = "" if field == "合计" else field
        return f"{len(numbers)} 个年度{what}合计 {fmt_number(round(sum(numbers), 6))} 万元：{text}"
    return text


def item_label(item: Item, q: Question, catalog: Catalog, cross_forms: bool) -> str:
    """An item's name; when the compared items come from several units, the unit as the question
    called it goes first (大连高新区基本公共卫生专项经费), and the unit's own name follows in brackets
    when the question called it otherwise (东莞市交通局镇际联网路…（东莞市交通运输局）), so a reader finds
    the form."""
    if not cross_forms:
        return item.name
    alias = _alias_of(item, q, catalog)
    own = own_unit(item, q, catalog)
    unit = alias or own
    said_otherwise = f"（{own}）" if own and unit != own else ""
    if any(item.name.startswith(place) for place in (unit, *item.places) if place):
        return item.name + said_otherwise  # 黄山市雪亮工程…: the name says its place already
    return f"{unit}{item.name}{said_otherwise}"


def corpus_label(item: Item, q: Question, catalog: Catalog, cross_forms: bool) -> str:
    """An item as the corpus names it, its unit's own name first when the compared items come from
    several units (东莞市交通运输局镇际联网路升级改造工程一期, 永德县明朗中学义务教育营养改善计划专项资金):
    what a reader searches the forms for."""
    own = own_unit(item, q, catalog) if cross_forms else ""
    if not own or any(item.name.startswith(place) for place in (own, *item.places) if place):
        return item.name
    return f"{own}{item.name}"


def _alias_of(item: Item, q: Question, catalog: Catalog) -> str | None:
    return next((w for w in q.unit_words if item.form in catalog.aliases.get(w, set())), None)


def own_unit(item: Item, q: Question, catalog: Catalog) -> str:
    """The item's unit by its own name: of the units its form's unit field lists (主管部门 永德县教育体育局,
    实施单位 永德县明朗中学), the one the question named (永德明朗中学), else the form's unit."""
    form = catalog.form(item.form)
    listed = listed_units(form.unit if form else None)
    alias = _alias_of(item, q, catalog)
    if not alias or len(listed) < 2:
        return catalog.units.get(item.form, "")
    return max(listed, key=lambda unit: subsequence_length(alias, unit))


def _compare_summary(q: Question, plan: Plan, result: Result, catalog: Catalog) -> str:
    more = {True: "更多" if plan.asks_money else "更高", False: "更少" if plan.asks_money else "更低"}[plan.highest]
    if result.items:
        items = result.items
        cross = len({i.form for i in items}) > 1
        labelled = [(item_label(i, q, catalog, cross), money_of(i, plan)) for i in items]
        # the winner by its corpus names first, so a reader finds it; the question's words follow
        winner = corpus_label(items[0], q, catalog, cross)
        head = "两者金额相同" if len(labelled) > 1 and labelled[0][1] == labelled[1][1] else f"{winner}{more}"
        return head + "：" + "，".join(f"{label} {money_text(m)}" for label, m in labelled)
    facts = result.facts
    if not facts:
        return "没有可比较的数"
    tie = len(facts) > 1 and facts[0].number == facts[1].number
    if facts[0].row is None:  # money blocks, by year or by unit
        field = facts[0].field or "金额"
        label = (lambda f: f"{f.year}年") if plan.compare_by == "years" else (lambda f: f.label)
        head = f"两者{field}相同" if tie else f"{label(facts[0])}{field}{more}"
        return head + "：" + "，".join(f"{label(f)} {money_text(f.number)}" for f in facts)
    if plan.compare_by == "years":  # a year as the question wrote it (2020年度)
        facts = [replace(f, label=f"{f.year}年度") if f"{f.year}年度" in q.text else f for f in facts]
    # the winner with its value, so the answer's first words can be checked against the form
    head = "两者相同" if tie else f"{facts[0].label}（{facts[0].text}）{more}"
    if plan.compare_by == "rows":  # the label is the row's name
        return head + "：" + "，".join(f"{f.label} {f.text}" for f in facts)
    return head + "：" + "，".join(f"{f.label}{'的' + f.row['name'] if f.row else ''} {f.text}" for f in facts)


def _items_summary(q: Question, plan: Plan, items: list[Item], scope: str, catalog: Catalog) -> str:
    kinds = "、".join(dict.fromkeys(ITEM_KIND_TEXT[i.kind] for i in items))
    field = {"fiscal": "财政拨款", "other": "其他资金"}.get(plan.money or "", "金额")
    if plan.ordinal is not None and len(items) == 1:
        item = items[0]
        amount = f"，{field} {money_text(money_of(item, plan))}" if plan.asks_money else (
            f"（{money_text(item.money)}）" if item.money is not None else "")
        return f"第{plan.ordinal}个{ITEM_KIND_TEXT[item.kind]}是“{item.name}”{amount}"
    if plan.op == "extreme":
        word = "最高" if plan.highest else "最低"
        return f"{scope}{field}{word}的{kinds}是：" + "；".join(f"{i.name}（{money_text(money_of(i, plan))}）"
                                                           for i in items)
    if plan.asks_money and plan.op in ("lookup", "sum") and len(items) == 1:
        return f"{items[0].name}的{field}为 {money_text(money_of(items[0], plan)) or '（表中未列）'}"
    parts = []
    if plan.op == "count" or (plan.op == "sum" and not q.items):
        parts.append(f"{scope}共有 {len(items)} 个{kinds}")
    if plan.asks_money and plan.op in ("sum", "count"):
        with_money = [i for i in items if money_of(i, plan) is not None]
        if with_money:
            total = f"{field}合计 {fmt_number(total_money(with_money, plan))} 万元"
            if q.items or plan.exclude_items:
                excluded = f"（不含{'、'.join(x.name for x in (catalog.item(i) for i in plan.exclude_items) if x)}）" if (
                    plan.exclude_items) else ""
                # the same project in two years (2023年…、2024年…) is told apart by its year
                dated = len({i.year for i in with_money}) > 1
                names = (f"{i.year}年{i.name}" if dated and i.year else i.name for i in with_money[:MAX_NAMED])
                total = f"{'、'.join(names)}{excluded}{total}：" + " + ".join(
                    money_text(money_of(i, plan)) for i in with_money[:MAX_NAMED])
            parts.append(total)
        else:
            parts.append("表中没有列出金额")
    if parts:
        return "，".join(parts) + ("：" + _names(i.name for i in items) if plan.op == "count" else "")
    listed = "；".join(f"{i.name}（{money_text(i.money)}）" if i.money is not None else i.name for i in items)
    return f"{scope}的{kinds}：{listed}" if len(items) > 1 or plan.op in ("list", "filter") else f"{listed}"


def closest_text(result: Result) -> str:
    """The closest rows named with their year, unit and place, so none reads as the answer."""
    def when(year: int | None) -> str:
        return f"{year}年" if year else ""

    named = [f"{when(r['year'])}{r['unit']}的" + row_text(r, unit_named=True) for r in result.rows]
    named += [f"{when(i.year)}{i.unit}的{ITEM_KIND_TEXT[i.kind]}“{i.name}”" + (f"：{money_text(i.money)}" if i.money
                                                                             is not None else "") for i in result.items]
    named += [f"{f.label}的{f.field or '金额'}：{money_text(f.number)}" for f in result.facts if f.row is None]
    return "最接近的：" + "；".join(named[:MAX_NAMED]) + ("等" if len(named) > MAX_NAMED else "")


def miss_text(reasons: list[str], closest: bool) -> str:
    tail = "以下是语料库中最接近的行，仅供参考，并非所问内容。" if closest else "语料库中也没有相近的行。"
    return "；".join(reasons) + "。" + tail


# -- the number check for LLM-written answers ------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")


def allowed_numbers(question: str, cited: Iterable[Citation], extra: Iterable[str] = ()) -> set[str]:
    """Every number written in the question, the cited rows (name, value, project, year) and the
    template's own summary: the only numbers an answer may state."""
    texts = [question, *extra]
    for c in cited:
        texts += [c.name, c.value, c.project, c.group or "", str(c.year or ""), c.unit or ""]
    return {_plain(n) for text in texts for n in _NUMBER.findall(text)}


def _plain(number: str) -> str:
    number = number.replace(",", "")
    return fmt_number(float(number)) if re.fullmatch(r"\d+(\.\d+)?", number) else number


def check_numbers(text: str, allowed: set[str]) -> tuple[str, list[str]]:
    """Drop each sentence of `text` that states a number not in `allowed`; return the kept text
    and the numbers that caused drops."""
    kept, dropped = [], []
    for sentence in _SENTENCE.findall(text):
        unknown = [n for n in _NUMBER.findall(sentence) if _plain(n) not in allowed]
        if unknown:
            dropped.extend(unknown)
        else:
            kept.append(sentence)
    return "".join(kept).strip(), dropped

