"""Extractive answers (pure): citations from rows and items, and the one-line summaries the
templates write when no LLM does. Also the number check for LLM-written answers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.ask.catalog import ITEM_KIND_TEXT, Catalog, Item
from assistant.ask.models import Citation
from assistant.ask.query import Record, Result, group_by, total_money
from assistant.ask.question import Question
from assistant.corpus.values import number_text

MAX_NAMED = 8
"""How many projects or rows a one-line summary names before it says “等”."""
GROUP_CHARS = 16
"""How much of a long 职能 title a summary shows."""


def fmt_number(number: float) -> str:
    return number_text(round(number, 2))


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


def citations(result: Result) -> list[Citation]:
    return [cite_item(i) for i in result.items] + [cite_row(r) for r in result.rows]


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


def what_text(q: Question) -> str:
    """The rows asked about: 时效指标, “设备故障率”, 满意度指标中低于90%的."""
    what = q.level2 or q.level1 or ""
    if q.phrase:
        what = f"“{q.phrase.replace(' ', '')}”" + (f"（{what}）" if what else "")
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


def row_text(r: Record, *, with_project: bool = True, unit_named: bool = False) -> str:
    where = row_where(r, unit_named=unit_named) if with_project else ""
    return f"{where + '的' if where else ''}{r['name']}：{r['value_raw'] or '（未填）'}"


def summarize(q: Question, result: Result, catalog: Catalog) -> str:
    """The one-line answer the template writes from the query's rows or items."""
    scope = scope_text(q, catalog) or "语料库中"
    if result.items:
        return _items_summary(q, result.items, scope)
    rows = result.rows
    what = what_text(q)
    if "max" in q.ops or "min" in q.ops:
        word = "最高" if "max" in q.ops else "最低"
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
    if "count" in q.ops:
        return f"{scope}的{what}共 {len(rows)} 条"
    named, unit_named = bool(q.items), bool(q.forms)
    if q.is_lookup and len(rows) <= 3:
        return f"{scope}：" + "；".join(row_text(r, with_project=not named, unit_named=unit_named) for r in rows)
    return f"{scope}的{what}共 {len(rows)} 条：" + "；".join(
        row_text(r, with_project=not named, unit_named=unit_named) for r in rows[:MAX_NAMED]) + (
        "等" if len(rows) > MAX_NAMED else "")


def _items_summary(q: Question, items: list[Item], scope: str) -> str:
    kinds = "、".join(dict.fromkeys(ITEM_KIND_TEXT[i.kind] for i in items))
    if "max" in q.ops or "min" in q.ops:
        word = "最高" if "max" in q.ops else "最低"
        return f"{scope}金额{word}的{kinds}是：" + "；".join(f"{i.name}（{money_text(i.money)}）" for i in items)
    if "sum" in q.ops and "count" not in q.ops and len(items) == 1:
        return f"{scope}的金额为 {money_text(items[0].money) or '（表中未列）'}"
    parts = []
    if "count" in q.ops or "sum" in q.ops:
        parts.append(f"{scope}共有 {len(items)} 个{kinds}")
    if "sum" in q.ops:
        with_money = [i for i in items if i.money is not None]
        if with_money:
            parts.append(f"金额合计 {fmt_number(total_money(with_money))} 万元")
        else:
            parts.append("表中没有列出金额")
    if "count" in q.ops or "sum" in q.ops:
        return "，".join(parts)
    listed = "；".join(f"{i.name}（{money_text(i.money)}）" if i.money is not None else i.name for i in items)
    return f"{scope}的{kinds}：{listed}" if len(items) > 1 or "list" in q.ops else f"{listed}"


def closest_text(result: Result) -> str:
    """The closest rows named with their year, unit and place, so none reads as the answer."""
    named = [f"{r['year']}年{r['unit']}的" + row_text(r, unit_named=True) for r in result.rows]
    named += [f"{i.year}年{i.unit}的{ITEM_KIND_TEXT[i.kind]}“{i.name}”" + (f"：{money_text(i.money)}" if i.money
                                                                        is not None else "") for i in result.items]
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

