"""Q1–Q4, S1, T1, D1, B1: the 指标值 of each row, read through the value grammar (values.py).

Sources: local 绩效目标 rules ("尽量进行定量表述。不能以量化形式表述的，可以采用定性的分级分档
形式表述"); the 填报说明 (目标值 "可量化的用数值描述"; 时效指标 "及时程度和效率情况"; the four
绩效标准); RULES.md (rates within 0–100%, 满意度 ≥80%, reverse indicators, count units).

The parser's flags are the evidence: a rate written as 0.6 or 95 (fraction_as_percent,
percent_assumed), a bare number (no_unit), 万 without a unit, text around a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.corpus import levels
from assistant.corpus.values import COUNT_UNITS, MONEY_UNITS, TIME_UNITS, Value
from assistant.validate.rules.kinds import (
    compact,
    is_change_rate,
    is_cost_row,
    is_forward,
    is_not_applicable,
    is_rate,
    is_reverse,
    is_satisfaction_name,
)
from assistant.validate.rules.registry import Issue, Row, Scope, rule

_QUANTIFIED = (levels.QUANTITY, levels.QUALITY, levels.TIMELINESS)
_GRADES = ("优秀", "良好", "优良", "合格", "达标", "较好", "好")  # 分级分档: allowed where no number is honest
_TIME_PHRASES = ("全年", "按期完工", "按期完成", "按时完成")  # a period or the plan's own deadline
_UP_WORDS = re.compile(r"提高|提升|增加|上升|增长|改善")
_DOWN_WORDS = re.compile(r"降低|减少|下降|减轻")
_BASES = ("计划标准", "行业标准", "历史标准", "其他标准")
_SATISFACTION_FLOOR = 80.0
_UNIT_BY_NAME = [("人次", "人次"), ("人数", "人"), ("户数", "户"), ("场次", "场次"), ("批次", "批次"),
                 ("次数", "次"), ("家数", "家"), ("台数", "台"), ("件数", "件"), ("个数", "个"), ("床位数", "张"),
                 ("签约数", "人"), ("天", "天")]


def _percent_note(value: Value) -> str | None:
    """The message part for a percentage written without %, or None."""
    if "fraction_as_percent" in value.flags:
        return f"写成了小数“{value.raw.strip()}”，按{value.canonical}理解，应写明百分号"
    if "percent_assumed" in value.flags:
        return f"“{value.raw.strip()}”没有写%，按{value.canonical}理解"
    return None


def _is_per_population(value: Value) -> bool:
    return value.unit in ("‰",) or (value.unit or "").startswith("/")


def _money_unit(value: Value) -> bool:
    return (value.base_unit or "") in MONEY_UNITS


@rule("Q1", severity="warn", aspect="可行性", title="数量、质量、时效、成本指标应定量表述",
      source="地方绩效目标管理办法：尽量进行定量表述，不能量化的可用分级分档的定性表述")
def quantified(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        value = row.indicator.value
        if value.kind != "qualitative" or is_not_applicable(row):
            continue
        if row.level2 in _QUANTIFIED:
            kind = row.level2
        elif is_cost_row(row):
            kind = "成本指标"
        else:
            continue
        phrase = compact(value.phrase or value.raw)
        if kind == levels.TIMELINESS and phrase in _TIME_PHRASES:
            continue
        if kind == levels.QUALITY and phrase in _GRADES:
            yield Issue(f"{row.label}：质量指标用了分级表述“{value.raw.strip()}”；能量化的应写成数值", row,
                        severity="info", suggestion="如可量化，写作合格率、达标率等百分数，如“≥95%”",
                        text=value.raw)
            continue
        yield Issue(f"{row.label}：{kind}的指标值“{value.raw.strip()}”是定性表述，无法考核", row,
                    suggestion=_QUANTIFY_HINT[kind](row, scope), text=value.raw)


def _count_unit_hint(row: Row) -> str:
    for ending, unit in _UNIT_BY_NAME:
        if row.name.endswith(ending):
            return unit
    return "个"


_QUANTIFY_HINT = {
    levels.QUANTITY: lambda row, scope: f"写出计划完成的数量和单位，如“≥10{_count_unit_hint(row)}”",
    levels.QUALITY: lambda row, scope: "写作达到的比率，如“≥95%”",
    levels.TIMELINESS: lambda row, scope: f"写出期限或及时率，如“{scope.deadline_example()}”或“及时率 ≥95%”",
    "成本指标": lambda row, scope: "写出金额，如“≤100万元”或“≤500元/人”",
}


@rule("Q2", severity="error", aspect="可行性", title="指标值能被读懂：比较符号、数值、单位，或常用定性表述；不可为空",
      source="绩效目标申报表填报说明（目标值：可量化的用数值描述，不可量化的用行业术语定性描述）")
def value_readable(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        value = row.indicator.value
        raw = value.raw.strip()
        if is_not_applicable(row):
            continue  # C3's
        if value.kind == "empty":
            yield Issue(f"{row.label}：指标值为空", row, suggestion=_fill_hint(row, scope), text=raw)
        elif value.kind == "unparsed":
            yield Issue(f"{row.label}：指标值“{raw}”无法识别（比较符号后没有数值）", row,
                        suggestion="写成“比较符号 + 数值 + 单位”，如“≥95%”“≤100万元”", text=raw)
        elif compact(raw) and compact(raw) == compact(row.name):
            yield Issue(f"{row.label}：指标值照抄了指标名称", row, severity="warn", text=raw,
                        suggestion="写出要达到的值，如“≥90%”，或分级表述“良好”")
        elif value.kind == "qualitative" and "unknown_phrase" in value.flags:
            yield Issue(f"{row.label}：指标值“{raw}”既不是数值，也不是常用的定性表述", row, severity="warn",
                        text=raw, suggestion="写成数值（如“≥95%”），或用“逐步提高”“良好”等常用表述")
        elif value.kind == "qualitative" and "qualitative_with_text" in value.flags:
            yield Issue(f"{row.label}：指标值“{raw}”是一句话，不是可考核的目标值", row, severity="warn", text=raw,
                        suggestion="只写目标值（数值或“逐步提高”等表述），说明文字放进名称或备注")
        elif _glued_value(value):
            head = value.canonical.removesuffix(value.suffix or "")
            yield Issue(f"{row.label}：指标值“{raw}”在“{head}”后紧接着数字“{value.suffix}”，像是两个值连在了一起", row,
                        text=raw, suggestion=f"只保留一个目标值，如“{head}”")
        elif value.suffix and len(compact(value.suffix)) > 4:
            yield Issue(f"{row.label}：指标值在“{value.canonical.removesuffix(value.suffix)}”后还有一段文字"
                        f"“{value.suffix}”", row, severity="warn", text=raw,
                        suggestion="指标值只写比较符号、数值和单位，其余内容写进指标名称")


def _glued_value(value: Value) -> bool:
    """A number right after a complete value (“100%0万元”): two values run together. Dates and
    periods go on with numbers (“2020年1月–11月”), so a time unit is not a complete value here."""
    suffix = compact(value.suffix or "")
    return (value.kind == "quantitative" and bool(suffix) and suffix[0].isdigit()
            and (value.base_unit or "") not in TIME_UNITS)


def _fill_hint(row: Row, scope: Scope) -> str:
    if is_satisfaction_name(row.name):
        return "填写目标值，满意度通常写作“≥90%”"
    if is_rate(row):
        return "填写目标值，比率写作百分数，如“≥95%”"
    return f"填写目标值，如“≥10个”“≥95%”“{scope.deadline_example()}”"


@rule("Q3", severity="warn", aspect="适当性", title="比率的值是0–100%的百分数（增长率、下降率除外）：超过100%是错误，≥100%可疑",
      source="RULES.md；绩效目标申报表填报说明（质量指标：达到的标准、水平）")
def rate_in_range(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        value = row.indicator.value
        if (is_satisfaction_name(row.name) or row.level1 == levels.SATISFACTION or is_not_applicable(row)
                or not is_rate(row)):
            continue  # satisfaction rows are S1's
        if value.kind == "qualitative":
            yield Issue(f"{row.label}：比率指标的值“{value.raw.strip()}”不是百分数", row, severity="info",
                        suggestion="写作百分数，如“≥95%”或“≤5%”", text=value.raw)
            continue
        if value.kind != "quantitative" or value.number is None:
            continue
        notes = []
        impossible = False  # a share above the whole: no reading makes it a target
        note = _percent_note(value)
        if note:
            notes.append(note)
        if value.is_percent:
            top = max(value.number, value.upper or 0)
            if top > 100 and not is_change_rate(row):
                notes.append(f"{value.canonical}超过了100%，比率不可能达到")
                impossible = True
            elif top >= 100 and value.comparator in ("≥", ">") and not is_change_rate(row):
                notes.append(f"“{value.canonical}”：比率不会超过100%，写“{value.comparator}”没有意义")
            if value.comparator == "≈":
                notes.append(f"“{value.raw.strip()}”用“约”表示比率目标，考核时无法判断是否达到")
        elif value.unit and not _is_per_population(value):
            notes.append(f"比率指标的值“{value.raw.strip()}”的单位是“{value.unit}”，不是百分数")
        if notes:
            yield Issue(f"{row.label}：{'；'.join(notes)}", row, suggestion=_rate_suggestion(row, value),
                        text=value.raw, severity="error" if impossible else None)


def _rate_suggestion(row: Row, value: Value) -> str:
    if not value.is_percent:
        return "比率写作百分数（如“≥95%”）；若要写期限或数量，请改指标名称"
    number = min(value.number or 0, 100)
    if number >= 100:
        return "写作“100%”或“=100%”"
    if number == 0:
        return "写作“0%”或“=0”"
    return f"写作“{'≤' if is_reverse(row.name) else '≥'}{number:g}%”"


@rule("Q4", severity="warn", aspect="可行性", title="数量指标的值带计量单位（人、个、台、次、户、亩、公里…）",
      source="绩效目标申报表填报说明（数量指标：计划完成的产品或服务数量）")
def quantity_has_unit(scope: Scope) -> Iterator[Issue]:
    for row, value in _quantitative(scope, levels.QUANTITY):
        base = value.base_unit
        count = f"{value.canonical}{_count_unit_hint(row)}"
        if base is None:
            yield Issue(f"{row.label}：数量指标“{value.raw.strip()}”只有数字，没有计量单位", row, text=value.raw,
                        suggestion=f"写明单位，如“{count}”")
        elif "magnitude_without_unit" in value.flags:
            yield Issue(f"{row.label}：数量指标“{value.raw.strip()}”只写了“万”，没有写计量单位", row,
                        text=value.raw, suggestion=f"写作“{value.canonical}{_count_unit_hint(row)}”")
        elif _is_compound_count(base) and value.number is not None and value.number < 1:
            plain = f"{value.comparator or ''}{value.number * 1e4:g}{base[1:]}"
            yield Issue(f"{row.label}：“{value.raw.strip()}”即{value.number * 1e4:g}{base[1:]}，用“万”表示不足一万的数不易看懂",
                        row, text=value.raw, suggestion=f"写作“{plain}”")
        elif base in ("%", "‰") or base.startswith("/"):
            yield Issue(f"{row.label}：数量指标的值“{value.raw.strip()}”是比率；比率属于质量指标", row,
                        text=value.raw, suggestion="把这一行移到质量指标，或改写为数量（如“≥100人”）")
        elif base in MONEY_UNITS:
            yield Issue(f"{row.label}：数量指标的值“{value.raw.strip()}”是金额；金额属于成本指标", row,
                        text=value.raw, suggestion="把这一行移到成本指标，或改写为数量（如“≥100人”）")
        elif base not in COUNT_UNITS and base not in TIME_UNITS and not _is_compound_count(base):
            yield Issue(f"{row.label}：数量指标的单位“{base}”不是常见的计量单位", row, severity="info",
                        text=value.raw, suggestion="使用人、个、台、次、户等计量单位")


def _quantitative(scope: Scope, level2: str) -> Iterator[tuple[Row, Value]]:
    """The rows of one 二级 whose value is a number, with that value."""
    for row in scope.rows:
        if row.level2 == level2 and row.indicator.value.kind == "quantitative":
            yield row, row.indicator.value


def _is_compound_count(unit: str) -> bool:
    # 万人 / 万人次 / 万户 and the like are counts in ten thousands.
    return unit.startswith("万") and unit[1:] in COUNT_UNITS


@rule("S1", severity="warn", aspect="适当性", title="满意度写作带“≥”的百分数，不低于80%",
      source="RULES.md（实际表中多为≥90%或≥95%，85%–100%）；财预〔2020〕10号（满意度为一级指标）")
def satisfaction_value(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        if is_not_applicable(row):
            continue
        named = is_satisfaction_name(row.name)
        if row.level1 == levels.SATISFACTION and not named:
            target = levels.guess_level2(row.name, row.indicator.value.raw)
            where = f"“{target.level1}/{target.level2}”" if target and target.level1 != levels.SATISFACTION \
                else "合适的产出或效益指标"
            yield Issue(f"{row.label}：放在满意度指标下，但名称不是满意度", row,
                        suggestion=f"移到{where}下；满意度指标写“××对××的满意度 ≥90%”")
            continue
        if not named:
            continue
        notes = []
        if row.level1 not in (levels.SATISFACTION, None):
            notes.append(f"满意度指标放在了“{row.level1}”下")
        notes += _satisfaction_value_notes(row.indicator.value)
        if notes:
            yield Issue(f"{row.label}：{'；'.join(notes)}", row, suggestion=_satisfaction_suggestion(row),
                        text=row.indicator.value.raw)


def _satisfaction_value_notes(value: Value) -> list[str]:
    raw = value.raw.strip()
    if value.kind != "quantitative" or value.number is None:
        return [f"满意度的值“{raw}”不是百分数"] if value.kind != "empty" else []
    if not value.is_percent:
        return [f"满意度的值“{raw}”不是百分数"]
    notes = []
    note = _percent_note(value)
    if note:
        notes.append(note)
    if value.number < _SATISFACTION_FLOOR:
        notes.append(f"目标{value.canonical}偏低（低于{_SATISFACTION_FLOOR:g}%）")
    elif value.number >= 100:
        notes.append(f"“{value.canonical}”要求人人满意，难以实现也难以考核")
    elif value.comparator not in ("≥", ">"):
        notes.append(f"“{raw}”没有写“≥”")
    return notes


def _satisfaction_suggestion(row: Row) -> str:
    value = row.indicator.value
    if value.is_percent and value.number is not None and _SATISFACTION_FLOOR <= value.number < 100:
        target = f"≥{value.number:g}%"
    else:
        target = "≥90%"
    prefix = "移到“满意度指标/服务对象满意度指标”下，" if row.level1 not in (levels.SATISFACTION, None) else ""
    return f"{prefix}满意度指标值通常写作 {target}"


@rule("T1", severity="warn", aspect="可行性", title="时效指标的值是日期或期限、时段、时长、频次或及时率（%）",
      source="绩效目标申报表填报说明（时效指标：及时程度和效率情况）")
def timeliness_shape(scope: Scope) -> Iterator[Issue]:
    for row, value in _quantitative(scope, levels.TIMELINESS):  # qualitative values are Q1's, empty ones Q2's
        base = value.base_unit
        per = value.per
        if value.is_percent or base in TIME_UNITS or any(p in TIME_UNITS for p in per):
            continue
        what = f"“{value.raw.strip()}”" + ("只有数字" if base is None else f"的单位是“{base}”")
        yield Issue(f"{row.label}：时效指标{what}，不是期限、时长、频次或及时率", row, text=value.raw,
                    suggestion=f"写作期限（“{scope.deadline_example()}”）、时长（“≤30个工作日”）、频次（“1次/月”）或及时率（“≥95%”）")


@rule("D1", severity="warn", aspect="适当性", title="反向指标（越低越好）用≤、<或=0，正向指标用≥或=",
      source="RULES.md（误差率、投诉率、故障率、事故数、发生率、死亡率等为反向指标）")
def direction(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        value = row.indicator.value
        if is_not_applicable(row) or value.kind not in ("quantitative", "qualitative"):
            continue
        if value.kind == "quantitative" and is_rate(row) and value.unit and not (
                value.is_percent or _is_per_population(value)):
            continue  # a rate with months or items is Q3's problem; its direction means nothing
        if is_reverse(row.name):
            issue = _direction_issue(row, value, _REVERSE_SENSE)
        elif is_forward(row.name) and not is_satisfaction_name(row.name):
            issue = _direction_issue(row, value, _FORWARD_SENSE)
        else:
            issue = None
        if issue:
            yield issue


@dataclass(frozen=True)
class _Sense:
    """Which way an indicator should go: a reverse one (越低越好) or a forward one (越高越好)."""

    text: str
    wrong_words: re.Pattern[str]
    wrong_comparators: tuple[str, ...]
    wrong_direction: str
    comparator: str
    qualitative_hint: str


_REVERSE_SENSE = _Sense("反向指标（越低越好）", _UP_WORDS, ("≥", ">"), "up", "≤", "写作“降低”或给出上限，如“≤5%”")
_FORWARD_SENSE = _Sense("正向指标（越高越好）", _DOWN_WORDS, ("≤", "<"), "down", "≥", "写作“提高”或给出下限，如“≥95%”")


def _direction_issue(row: Row, value: Value, sense: _Sense) -> Issue | None:
    raw = value.raw.strip()
    if value.kind == "qualitative":
        if sense.wrong_words.search(value.phrase or raw):
            return Issue(f"{row.label}是{sense.text}，指标值却是“{raw}”", row, text=raw, suggestion=sense.qualitative_hint)
        return None
    target = f"写作“{sense.comparator}{value.canonical.lstrip('≥≤><=约≈')}”"
    if value.comparator in sense.wrong_comparators or value.direction == sense.wrong_direction:
        return Issue(f"{row.label}是{sense.text}，却写成“{raw}”", row, text=raw, suggestion=target)
    if sense is _REVERSE_SENSE and value.comparator in (None, "=", "≈") and value.number:
        return Issue(f"{row.label}是反向指标，“{raw}”没有说明是上限", row, severity="info", text=raw, suggestion=target)
    return None


@rule("B1", severity="error", aspect="可行性", title="指标值设定依据为计划标准、行业标准、历史标准或其他标准",
      source="绩效目标申报表填报说明（绩效标准：计划标准、行业标准、历史标准、其他标准）")
def basis_known(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        basis = compact(row.indicator.basis)
        if not basis or basis.startswith(_BASES):
            continue
        yield Issue(f"{row.label}：指标值设定依据“{row.indicator.basis}”不是计划标准、行业标准、历史标准或其他标准",
                    row, suggestion=f"改为“{_guess_basis(basis)}”，具体出处可写在其后", text=row.indicator.basis)


def _guess_basis(text: str) -> str:
    if re.search(r"计划|预算|方案|任务|定额", text):
        return "计划标准"
    if re.search(r"上年|往年|历史|以前|去年", text):
        return "历史标准"
    if re.search(r"国家|省|市|行业|规范|标准|规定", text):
        return "行业标准"
    return "其他标准"
