"""K1–K2: cost indicators against the money (all amounts compared in 万元; values in 元
are converted by the value grammar).

Sources: the 填报说明 (成本指标 "所需成本，分单位成本和总成本等"); RULES.md (total cost
usually equals the project's money; unit-cost forms multiply out within a few percent).

Which money: a project's own total; on a whole-unit form a cost row that names one
budget task (seed 002: 全民健康体检投入 ≤100万元 ↔ task 全民体检 100.00) is compared
with that task's money, any other row with the unit's total. K2 needs the money of the
activity a unit cost belongs to, which a whole-unit form states only per task.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.corpus import levels
from assistant.corpus.schema import BudgetTask
from assistant.corpus.values import MONEY_UNITS, TIME_UNITS, number_text
from assistant.validate.rules.kinds import compact, is_cost_row, is_unit_cost
from assistant.validate.rules.registry import Issue, Row, Scope, rule

TOLERANCE = 0.10  # K2: ±10%
_ROUNDING = 0.005  # 万元: forms print two decimals
_GENERIC = re.compile(r"总成本|经费投入|资金投入|投入|经费|资金|费用|成本|支出|项目|专项|工作|发放|开展|数$")
_MATCH_FLOOR = 0.5
_MATCH_MARGIN = 0.1


@dataclass(frozen=True)
class Budget:
    amount: float | None
    label: str  # how a message names it: 项目预算 / 任务“全民体检”的预算


def grams(text: str, n: int) -> set[str]:
    """The character n-grams of a text (a shorter text is its own gram)."""
    return {text[i:i + n] for i in range(max(len(text) - n + 1, 0))} or ({text} if text else set())


def dice(a: set[str], b: set[str]) -> float:
    """Dice's coefficient of two sets: 2·|A∩B| / (|A|+|B|)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def similarity(a: str, b: str) -> float:
    """How closely two names agree, on characters and character pairs (0–1), generic words left out."""
    a, b = _GENERIC.sub("", compact(a)), _GENERIC.sub("", compact(b))
    return (dice(grams(a, 1), grams(b, 1)) + dice(grams(a, 2), grams(b, 2))) / 2


def matching_task(name: str, tasks: list[BudgetTask]) -> BudgetTask | None:
    """The budget task a cost row names, when one task clearly fits better than the rest."""
    scored = sorted(((similarity(name, task.name), i) for i, task in enumerate(tasks)), reverse=True)
    if not scored or scored[0][0] < _MATCH_FLOOR:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MATCH_MARGIN:
        return None
    return tasks[scored[0][1]]


def budget_for(row: Row, scope: Scope) -> Budget:
    task = matching_task(row.name, scope.project.tasks) if scope.project.tasks else None
    if task and task.money.total is not None:
        return Budget(task.money.total, f"任务“{task.name}”的预算")
    return Budget(scope.project.money.total, "整体支出总额" if scope.project.tasks else "项目预算")


def _wan(amount: float) -> str:
    return number_text(amount) + "万元"


def _in_yuan_note(row: Row, amount: float) -> str:
    unit = row.indicator.value.unit
    return f"（即{_wan(amount)}）" if unit and unit != "万元" else ""


@rule("K1", severity="error", aspect="适当性", title="总成本不超过项目（或对应任务）的预算金额",
      source="绩效目标申报表填报说明（成本指标分单位成本和总成本）；RULES.md（总成本通常等于项目资金）")
def total_cost_within_money(scope: Scope) -> Iterator[Issue]:
    unknown: list[Row] = []
    for row in scope.rows:
        value = row.indicator.value
        if not is_cost_row(row) or value.kind != "quantitative" or is_unit_cost(row):
            continue
        amount = value.money_wan()
        if amount is None:
            if (value.base_unit or "") not in MONEY_UNITS:
                yield Issue(f"{row.label}：成本指标“{value.raw.strip()}”没有写金额，无法与预算核对", row, severity="warn",
                            text=value.raw, suggestion=f"写出成本金额，如“项目总成本 ≤{_budget_text(budget_for(row, scope))}”")
            continue
        budget = budget_for(row, scope)
        if budget.amount is None:
            unknown.append(row)
            continue
        if amount > budget.amount + _ROUNDING:
            yield Issue(f"{row.label}：成本“{value.raw.strip()}”{_in_yuan_note(row, amount)}超过了{budget.label}"
                        f"{_wan(budget.amount)}", row, text=value.raw,
                        suggestion=f"成本不应超过预算，写作“≤{_wan(budget.amount)}”，或核对预算金额")
    if unknown:
        names = "、".join(f"第{r.position}行" for r in unknown)
        yield Issue(f"没有填写项目金额，无法核对{names}的成本是否超过预算", unknown[0], severity="info",
                    suggestion="填写项目的预算金额（万元）", text=unknown[0].indicator.value.raw)


def _budget_text(budget: Budget) -> str:
    return _wan(budget.amount) if budget.amount is not None else "预算金额"


def _counted_unit(row: Row) -> str | None:
    """元/人/年 → 人: the thing a unit cost is per."""
    return next((part for part in row.indicator.value.per if part not in TIME_UNITS), None)


def _unit_costs(scope: Scope) -> list[Row]:
    return [row for row in scope.rows if row.indicator.value.kind == "quantitative"
            and (row.indicator.value.base_unit or "") in MONEY_UNITS and _counted_unit(row)
            and (is_cost_row(row) or row.level1 == levels.OUTPUT)]


def _count(row: Row, unit: str) -> float | None:
    value = row.indicator.value
    if row.level2 != levels.QUANTITY or value.kind != "quantitative" or value.number is None:
        return None
    if value.base_unit == unit:
        return value.number
    if value.base_unit == f"万{unit}":
        return value.number * 1e4
    return None


def _quantity_for(cost: Row, scope: Scope) -> tuple[Row, float] | None:
    unit = _counted_unit(cost) or ""
    candidates = [(row, n) for row in scope.rows if (n := _count(row, unit)) is not None]
    if len(candidates) > 1:
        best = max(candidates, key=lambda c: similarity(cost.name, c[0].name))
        return best if similarity(cost.name, best[0].name) >= _MATCH_FLOOR / 2 else None
    return candidates[0] if candidates else None


@rule("K2", severity="warn", aspect="适当性", title="单位成本×计划数量与预算金额相差不超过10%",
      source="绩效目标申报表填报说明（单位成本）；RULES.md（单位成本相乘约等于项目资金）")
def unit_cost_times_quantity(scope: Scope) -> Iterator[Issue]:
    costs = _unit_costs(scope)
    if not costs:
        return
    pairs = [(cost, _quantity_for(cost, scope)) for cost in costs]
    if not scope.is_project_form:
        pairs = [(c, q) for c, q in pairs if q and matching_task(c.name, scope.project.tasks)]
        if not pairs:
            return  # the unit's total covers far more than these unit costs
    unpaired = [cost for cost, quantity in pairs if quantity is None]
    if unpaired:
        first = unpaired[0]
        yield Issue(f"{first.label}是单位成本（{first.indicator.value.raw.strip()}），但没有找到以“{_counted_unit(first)}”"
                    f"计的数量指标，无法核对单位成本×数量与预算", first, severity="info",
                    suggestion=f"增加对应的数量指标，如“受益{_counted_unit(first)}数 ≥100{_counted_unit(first)}”")
        return
    by_budget: dict[str, tuple[Budget, list[tuple[Row, tuple[Row, float]]]]] = {}
    for cost, quantity in pairs:
        budget = budget_for(cost, scope)
        by_budget.setdefault(budget.label, (budget, []))[1].append((cost, quantity))  # type: ignore[arg-type]
    for budget, group in by_budget.values():
        yield from _compare(budget, group)


def _compare(budget: Budget, pairs: list[tuple[Row, tuple[Row, float]]]) -> Iterator[Issue]:
    first = pairs[0][0]
    if budget.amount is None:
        yield Issue("没有填写项目金额，无法核对单位成本×数量", first, severity="info",
                    suggestion="填写项目的预算金额（万元）")
        return
    low = high = 0.0
    parts = []
    for cost, (quantity, count) in pairs:
        value = cost.indicator.value
        factor = MONEY_UNITS[value.base_unit or "万元"]
        low += (value.number or 0) * factor * count
        high += (value.upper if value.upper is not None else value.number or 0) * factor * count
        parts.append(f"第{cost.position}行{value.canonical}×第{quantity.position}行{count:g}{_counted_unit(cost)}")
    if high < budget.amount * (1 - TOLERANCE) or low > budget.amount * (1 + TOLERANCE):
        product = _wan(low) if abs(high - low) < _ROUNDING else f"{_wan(low)}–{_wan(high)}"
        yield Issue(f"单位成本×数量（{'；'.join(parts)}）约为{product}，与{budget.label}{_wan(budget.amount)}"
                    f"相差超过{TOLERANCE:.0%}", first, text=first.indicator.value.raw,
                    suggestion="核对单位成本、计划数量和预算金额，使三者一致")
