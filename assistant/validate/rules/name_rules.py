"""N1–N2: indicator names (三级指标).

Source: the 填报说明 of 绩效目标申报表 (a 三级指标 names what is counted or rated, a short
noun phrase); RULES.md (no sentences, roughly ≤30 characters, no duplicates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.validate.rules.kinds import compact, is_not_applicable
from assistant.validate.rules.registry import Issue, Row, Scope, rule

MAX_NAME = 30
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE = re.compile(r"[，,]")
_VALUE_IN_NAME = re.compile(r"大于等于|小于等于|大于或等于|小于或等于|不低于|不少于|不超过|不高于|不小于|[≥≤≧≦＞＜><]")
_FORMULA = re.compile(r"^[=＝]|[=＝×÷]|/[^/]*数|×100%")
_GOAL_VERB = re.compile(r"^(确保|保障|推动|促进|切实|进一步|加强|落实|推进|做好|全面|积极|力争|努力|提高|提升|维护|解决|"
                       r"完善|建立|健全|实现|满足)+")
_MEASURE_END = re.compile(r"(率|数|数量|度|人次|面积|年限|时间|时长|期|金额|标准|成本|费用|覆盖面|比例|占比)$")


def _sentence_reasons(name: str) -> list[str]:
    reasons = []
    if _SENTENCE_END.search(name):
        reasons.append("含句号或分号，是一句话")
    clauses = [c for c in _CLAUSE.split(name) if len(compact(c)) >= 2]
    if len(clauses) >= 2:
        reasons.append(f"由{len(clauses)}个分句组成")
    if _VALUE_IN_NAME.search(name):
        reasons.append("把指标值（比较关系）写进了名称")
    elif _FORMULA.search(name):
        reasons.append("含计算公式")
    length = len(compact(name))
    if length > MAX_NAME:
        reasons.append(f"长达{length}字（宜在{MAX_NAME}字以内）")
    return reasons


def _suggestion(name: str) -> str:
    """Keep one thing to measure: the first clause, without goal verbs, value words or formulas."""
    first = _CLAUSE.split(_SENTENCE_END.split(name)[0])[0]
    first = re.split(r"大于等于|不低于|不少于|[≥≤><=＝×]", first)[0]
    first = _GOAL_VERB.sub("", first).strip()
    if 4 <= len(compact(first)) <= MAX_NAME and compact(first) != compact(name):
        return f"只保留一个衡量对象，如“{first}”，写成可计量的名词短语（…人数、…率），要求写进指标值"
    return f"精简为{MAX_NAME}字以内、可计量的名词短语（…人数、…率），范围和口径等说明写进备注"


@rule("N1", severity="warn", aspect="可行性", title="三级指标名称是名词短语，不是句子，不为空，约30字以内",
      source="绩效目标申报表填报说明（三级指标反映计划完成的产品或服务数量、质量等）")
def name_is_noun_phrase(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        name = (row.name or "").strip()
        if not compact(name):
            yield Issue(f"第{row.position}行：没有三级指标名称", row,
                        suggestion="写出要衡量的对象，如“培训人数”“设备验收合格率”", text="")
            continue
        if is_not_applicable(row):
            continue
        reasons = _sentence_reasons(name)
        if reasons:
            yield Issue(f"{row.label}：名称{'；'.join(reasons)}，不像一个可衡量的指标名称", row,
                        suggestion=_suggestion(name))
        elif _GOAL_VERB.match(compact(name)) and len(compact(name)) >= 6 and not _MEASURE_END.search(name):
            yield Issue(f"{row.label}：名称是一项工作目标，不是可衡量的指标", row, severity="info",
                        suggestion="改为衡量结果的名词短语，如“…知晓率”“…达标率”“…人数”")


def _key(row: Row) -> tuple[str | None, str]:
    return row.level2 or row.indicator.level2_raw, compact(row.name)


@rule("N2", severity="warn", aspect="完整性", title="同一项目中没有二级、三级指标都相同的两行",
      source="RULES.md（重复指标）")
def no_duplicates(scope: Scope) -> Iterator[Issue]:
    for table in scope.tables:
        first: dict[tuple[str | None, str], Row] = {}
        for row in table.rows:
            if is_not_applicable(row) or not compact(row.name):
                continue
            key = _key(row)
            if key in first:
                earlier = first[key]
                same_value = compact(earlier.indicator.value.raw) == compact(row.indicator.value.raw)
                yield Issue(f"{row.label}与第{earlier.position}行重复（二级、三级指标{'和指标值' if same_value else ''}相同）",
                            row, suggestion="删去重复的一行，或改名区分两项不同的内容")
            else:
                first[key] = row
