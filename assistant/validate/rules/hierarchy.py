"""H1–H3: the indicator hierarchy (一级 / 二级 names and where each 二级 belongs).

Source: the hierarchy table of DOMAIN.md; 财预〔2021〕101号 for 成本指标 as a 一级 of its
own; RULES.md's list of variants, which are normalised (levels.py), never rejected.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.corpus import levels
from assistant.validate.rules.registry import Issue, Row, Scope, rule

_ALL_LEVEL1 = "、".join(levels.LEVEL1_NAMES)


@rule("H1", severity="error", aspect="完整性", title="一级指标须为产出、效益、满意度或成本指标",
      source="DOMAIN.md 指标层级表；财预〔2021〕101号（成本指标可为一级）")
def level1_known(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        if row.level1:
            continue
        raw = row.indicator.level1_raw.strip() or (row.indicator.level1 or "").strip()
        guess = levels.parent_of(row.level2 or "")
        suggestion = f"改为“{guess}”" if guess else f"一级指标只能是{_ALL_LEVEL1}之一"
        if raw:
            message = f"{row.label}：一级指标“{raw}”不是规定的一级指标名称"
        else:
            message = f"{row.label}：没有一级指标，无法判断它属于产出、效益还是满意度"
        yield Issue(message, row, suggestion=suggestion, text=raw or row.name)


@rule("H2", severity="error", aspect="完整性", title="二级指标须放在它所属的一级指标下",
      source="DOMAIN.md 指标层级表；绩效目标申报表填报说明")
def level2_under_own_level1(scope: Scope) -> Iterator[Issue]:
    for row in scope.rows:
        ind = row.indicator
        level1, level2 = row.level1, row.level2
        if level2 is None:
            raw = ind.level2_raw.strip() or (ind.level2 or "").strip()
            children = "、".join(levels.HIERARCHY.get(level1 or "", ())) or "数量、质量、时效等二级指标"
            what = f"二级指标“{raw}”无法识别" if raw else "没有二级指标"
            yield Issue(f"{row.label}：{what}", row, suggestion=f"从{children}中选择", text=raw or ind.name)
            continue
        if level1 is None:
            continue  # H1 reports it
        if not levels.allowed(level1, level2):
            parent = levels.parent_of(level2)
            yield Issue(f"{row.label}：二级指标“{level2}”不属于一级指标“{level1}”", row,
                        suggestion=f"放到“{parent}”下，或改用“{level1}”下的二级指标："
                                   f"{'、'.join(levels.HIERARCHY[level1])}", text=f"{level1}/{level2}")
            continue
        stated = levels.normalize_level1(ind.level1_raw) if ind.level1_raw else None
        if stated and stated != level1 and not levels.allowed(stated, level2):
            # The importer moved the row to the 一级 its 二级 belongs to; the form itself was wrong.
            yield Issue(f"{row.label}：原表把二级指标“{level2}”写在一级“{ind.level1_raw}”下，"
                        f"已按二级归入“{level1}”", row, severity="warn",
                        suggestion=f"在原表中把这一行移到“{level1}”下", text=ind.level1_raw)


@rule("H3", severity="warn", aspect="完整性", title="一张表只用一种成本指标布局",
      source="财预〔2021〕101号（2021年起成本指标为一级）；此前多数表把成本指标放在产出指标下", scope="form")
def one_cost_layout(scopes: list[Scope]) -> Iterator[Issue]:
    old: list[tuple[Scope, Row]] = []
    new: list[tuple[Scope, Row]] = []
    for scope in scopes:
        for row in scope.rows:
            if row.level1 == levels.COST:
                new.append((scope, row))
            elif row.level1 == levels.OUTPUT and row.level2 == levels.UNIT_COST:
                old.append((scope, row))
    if not old or not new:
        return
    # Point at the layout used less: that is the one to change.
    minority, majority = (old, "成本指标作为一级（2021年起的布局）") if len(old) <= len(new) else \
        (new, "成本指标放在产出指标下（此前的布局）")
    scope, row = minority[0]
    yield Issue(f"本表同时用了两种成本指标布局：{len(old)}行把成本指标放在产出指标下，{len(new)}行把成本指标作为一级；"
                f"{row.label}是其中之一", row, scope=scope,
                suggestion=f"统一为一种布局，例如全部改为{majority}", text=f"{row.indicator.level1}/{row.indicator.level2}")
