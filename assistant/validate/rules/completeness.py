"""C1–C3: completeness of the indicator table.

Sources: 中发〔2018〕34号 (targets include 产出、成本 and 效益、满意度); the provincial
template's marks (数量 and 成本 "必填硬性指标"; 质量, 时效, 社会效益, 可持续影响, 服务对象
满意度 "必填"; 经济效益, 生态效益 "选填"); RULES.md's sizes (7–16 rows, median 9).

A row valued 不适用 fills no slot: it does not count as the indicator being present.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.corpus import levels
from assistant.validate.rules.kinds import OUTPUT_PARTS, is_cost_row, is_not_applicable
from assistant.validate.rules.registry import Issue, Row, Scope, Table, rule

_EXAMPLES = {
    levels.OUTPUT: "增加产出指标：数量（如“服务人数 ≥1000人”）、质量（如“验收合格率 ≥95%”）和时效（如“按计划完成率 100%”）",
    levels.BENEFIT: "增加效益指标，至少一条社会效益或可持续影响指标（如“受益群众知晓率 ≥80%”）",
    levels.SATISFACTION: "增加服务对象满意度指标，如“服务对象满意度 ≥90%”",
}
_OPTIONAL = (levels.ECONOMIC, levels.ECOLOGICAL, levels.OTHER_SATISFACTION, levels.SOCIAL_COST,
             levels.ECOLOGICAL_COST)
_HARD = (levels.QUANTITY, levels.UNIT_COST, levels.ECONOMIC_COST)
_SIZE = (7, 16)


def _filled(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not is_not_applicable(row)]


def _has_level1(rows: list[Row], level1: str) -> bool:
    return any(row.level1 == level1 for row in _filled(rows))


@rule("C1", severity="error", aspect="完整性", title="每个项目至少有一条产出、效益和满意度指标",
      source="中发〔2018〕34号《关于全面实施预算绩效管理的意见》")
def output_benefit_satisfaction(scope: Scope) -> Iterator[Issue]:
    if not scope.rows:
        yield Issue("这个项目没有任何绩效指标", suggestion="至少填写产出、效益、满意度指标各一条")
        return
    grouped = [t for t in scope.tables if t.is_group]
    for level1 in (levels.OUTPUT, levels.BENEFIT, levels.SATISFACTION):
        if not _has_level1(scope.rows, level1):
            yield Issue(f"没有{level1}（不计写“不适用”的行）", suggestion=_EXAMPLES[level1], text=level1)
            continue
        for table in grouped:
            if not _has_level1(table.rows, level1):
                yield _group_gap(table, level1)


def _group_gap(table: Table, level1: str) -> Issue:
    # The unit has the level elsewhere, so a function's or goal's own table lacking it is a gap, not a hole.
    first = table.rows[0] if table.rows else None
    return Issue(f"{table.label}没有{level1}，而每个分组的指标表都应有产出、效益和满意度指标", first,
                 severity="warn", suggestion=_EXAMPLES[level1], text=table.title)


@rule("C2", severity="warn", aspect="完整性",
      title="产出覆盖数量、质量、时效；效益有社会效益或可持续影响；有资金就有成本指标",
      source="地方绩效目标管理办法（从数量、质量、成本和时效等方面细化）；申报表模板的必填标记")
def dimensions_covered(scope: Scope) -> Iterator[Issue]:
    rows = _filled(scope.rows)
    if not rows:
        return
    level2s = {row.level2 for row in rows}
    if any(row.level1 == levels.OUTPUT for row in rows):
        missing = [part for part in OUTPUT_PARTS if part not in level2s]
        if missing:
            yield Issue(f"产出指标缺少{'、'.join(missing)}", text="、".join(missing),
                        suggestion="、".join(_PART_EXAMPLES[m].format(deadline=scope.deadline_example()) for m in missing))
    benefits = [row for row in rows if row.level1 == levels.BENEFIT]
    if benefits and not level2s & {levels.SOCIAL, levels.SUSTAINABLE}:
        yield Issue("效益指标中没有社会效益指标或可持续影响指标", text=levels.BENEFIT,
                    suggestion="增加社会效益指标（如“受益群众知晓率 ≥80%”）或可持续影响指标（如“设备使用年限 ≥5年”）")
    if benefits and all(row.indicator.value.kind == "qualitative" for row in benefits):
        example = benefits[0].indicator.value.raw.strip()
        which = "唯一的效益指标" if len(benefits) == 1 else f"效益指标{len(benefits)}条都"
        yield Issue(f"{which}是定性表述（如“{example}”），没有可以量化考核的效益指标", benefits[0], severity="info",
                    text=benefits[0].name,
                    suggestion="能量化的效益写成数值，如“受益群众知晓率 ≥80%”“设施使用率 ≥90%”")
    spent = scope.project.money.total
    if spent != 0 and not any(is_cost_row(row) for row in rows):
        amount = f"{spent:g}万元" if spent else "项目金额"
        yield Issue("没有成本指标，而项目花钱就应说明成本", text=levels.UNIT_COST,
                    suggestion=f"增加成本指标，如“项目总成本 ≤{amount}”或单位成本（元/人、元/台）")
    if scope.is_project_form and len(scope.tables) == 1 and not _SIZE[0] <= len(rows) <= _SIZE[1]:
        yield Issue(f"指标共{len(rows)}条；完整的项目指标表通常有{_SIZE[0]}–{_SIZE[1]}条（中位数约9条）",
                    severity="info", text=str(len(rows)),
                    suggestion="补充缺少的方面" if len(rows) < _SIZE[0] else "合并重复或次要的指标")


_PART_EXAMPLES = {
    levels.QUANTITY: "数量指标如“服务人数 ≥1000人”",
    levels.QUALITY: "质量指标如“验收合格率 ≥95%”",
    levels.TIMELINESS: "时效指标如“按计划完成率 100%”或“{deadline}完成”",
}


@rule("C3", severity="warn", aspect="完整性", title="经济、生态效益可不填或写不适用；数量、成本等必填指标不可写不适用",
      source="申报表模板：数量、成本为必填硬性指标，经济效益、生态效益为选填")
def not_applicable_rows(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        if not is_not_applicable(row):
            continue
        level2 = row.level2 or row.indicator.level2_raw or "该类"
        if row.level2 in _OPTIONAL:
            yield Issue(f"{row.label}：{level2}是选填的，写“不适用”的行可以不列", row, severity="info",
                        suggestion="删去这一行", text=row.indicator.value.raw or row.name)
        else:
            kind = "必填硬性指标" if row.level2 in _HARD else "必填指标"
            yield Issue(f"{row.label}：{level2}是{kind}，不能填“不适用”", row,
                        suggestion=f"按项目实际填写{level2}和具体指标值", text=row.indicator.value.raw or row.name)
