"""Text-to-plan by the LLM (prompts/plan.md): the model fills the same typed plan the rules fill,
by function calling, from the question and the catalog's entity names; code executes it.

The model names entities as the catalog writes them; `plan_by_model` maps the names to ids and
reports every name the catalog does not hold, together with `plan.check_plan`'s findings, so the
caller can reject the plan and keep the rules'. The model never states an answer here: no number
it could write reaches the user except through the executor.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from assistant.ask.catalog import Catalog
from assistant.ask.plan import CompareBy, Condition, MoneyField, Op, Over, Plan, check_plan
from assistant.corpus import levels
from assistant.errors import LLMError
from assistant.llm.prompts import messages
from assistant.llm.seam import ChatModel

MAX_INDICATORS = 150
"""Indicator names shown to the model: those of the forms the rules linked, at most this many."""

PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "op": {"type": "string", "enum": list(get_args(Op))},
        "over": {"type": "string", "enum": list(get_args(Over))},
        "years": {"type": "array", "items": {"type": "integer"}},
        "units": {"type": "array", "items": {"type": "string"}, "description": "单位名称，取自“单位”清单"},
        "items": {"type": "array", "items": {"type": "string"}, "description": "项目/任务名称，取自“项目”清单"},
        "exclude_items": {"type": "array", "items": {"type": "string"}},
        "indicators": {"type": "array", "items": {"type": "string"}, "description": "指标名称，取自“指标”清单"},
        "level": {"type": "string", "enum": list(dict.fromkeys(levels.LEVEL1_NAMES + levels.LEVEL2_NAMES))},
        "condition": {"type": "object", "properties": {
            "comparator": {"type": "string", "enum": ["<", "≤", ">", "≥", "="]},
            "number": {"type": "number"}, "unit": {"type": "string"}}, "required": ["comparator", "number"]},
        "measure": {"type": "array", "items": {"type": "string"}, "description": "计量单位，如“平方米”“亩”“人”"},
        "money": {"type": "string", "enum": list(get_args(MoneyField))},
        "highest": {"type": "boolean"},
        "compare_by": {"type": "string", "enum": list(get_args(CompareBy))},
    },
    "required": ["op", "over"],
}


def catalog_text(catalog: Catalog, rules_plan: Plan) -> tuple[str, str, str]:
    """The units, the items and the indicator names the model may name (those of the forms the
    rules linked when they linked some)."""
    forms = [f for f in catalog.forms if not rules_plan.forms or f.id in rules_plan.forms]
    units = "\n".join(sorted({f"{f.unit}（{f.year}年）" for f in catalog.forms if f.unit}))
    items = "\n".join(dict.fromkeys(i.name for i in catalog.items if i.form in {f.id for f in forms}))
    names = list(dict.fromkeys(r["name"] for r in catalog.records if r["form"] in {f.id for f in forms}))
    return units, items, "\n".join(names[:MAX_INDICATORS])


def plan_by_model(model: ChatModel, question: str, catalog: Catalog, rules_plan: Plan) -> tuple[Plan, list[str]]:
    """The model's plan and what it names that the catalog does not hold (empty: it may run).
    LLMError when the model gives no usable plan."""
    units, items, indicators = catalog_text(catalog, rules_plan)
    completion = model.complete(messages("plan", question=question, units=units, items=items, indicators=indicators),
                                purpose="ask_plan", json_schema_name="plan", schema=PLAN_SCHEMA)
    try:
        reply = completion.parsed if isinstance(completion.parsed, dict) else json.loads(completion.text)
    except json.JSONDecodeError:
        reply = None
    if not isinstance(reply, dict):
        raise LLMError("bad_reply", "大模型没有给出可用的查询计划", detail=completion.text[:200])
    return to_plan(reply, catalog)


def to_plan(reply: dict[str, Any], catalog: Catalog) -> tuple[Plan, list[str]]:
    """A plan from the model's names: units and items become ids; unknown names are reported."""
    problems: list[str] = []
    forms: list[str] = []
    for unit in _strings(reply.get("units")):
        ids = sorted(catalog.aliases.get(unit, set()))
        if not ids:
            problems.append(f"单位“{unit}”不在语料库中")
        forms += ids
    in_scope = [i for i in catalog.items if not forms or i.form in forms]

    def item_ids(names: list[str]) -> list[str]:
        ids = []
        for name in names:
            found = [i.id for i in in_scope if i.name == name]
            if not found:
                problems.append(f"项目“{name}”不在语料库中")
            ids += found
        return ids

    level = reply.get("level")
    level1 = level if level in levels.LEVEL1_NAMES and level not in levels.LEVEL2_NAMES else None
    level2 = level if level in levels.LEVEL2_NAMES else None
    try:
        condition = Condition(text=f"{reply['condition'].get('comparator')}{reply['condition'].get('number')}",
                              **reply["condition"]) if isinstance(reply.get("condition"), dict) else None
        plan = Plan(op=reply.get("op"), over=reply.get("over"), years=reply.get("years") or [], forms=sorted(set(forms)),
                    items=item_ids(_strings(reply.get("items"))),
                    exclude_items=item_ids(_strings(reply.get("exclude_items"))),
                    indicators=_strings(reply.get("indicators")), level1=level1, level2=level2, condition=condition,
                    measure=_strings(reply.get("measure")), money=reply.get("money"), highest=reply.get("highest", True), compare_by=reply.get("compare_by"))
    except (ValueError, TypeError) as exc:
        raise LLMError("bad_reply", "大模型给出的查询计划格式不对", detail=str(exc)[:200]) from None
    return plan, problems + check_plan(plan, catalog)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []
