"""Last year's form as the base: most forms are last year's form of the same project, brought forward.

    base = find_previous(request, forms)            # the same unit's project from an earlier year, or None
    draft = draft_from_previous(request, base)      # its rows, brought forward to this year and money

A project matches when its form is an earlier year's (a project or self-evaluation form, never a
whole-unit form, whose "project" is the unit itself), its unit is the request's (names compared
without codes, brackets and notes such as "[066]" or "(本级)") and its name is the request's once
the years are taken out (character-bigram similarity ≥ `SAME_PROJECT`). The closest name wins, then
the latest year.

Bringing a row forward:
- years roll by the difference between the two years (2024年12月底前 → 2025年12月底前), in the
  name, the value and the basis;
- where the money changed by more than `_SAME_MONEY`, counts (数量指标 with a count unit) and
  amounts (成本 rows in 元/万元) scale with it and are marked for review; a total cost equal to last
  year's money becomes "≤ this year's money";
- a row the validator flags is repaired where the fix is mechanical (the value's canonical
  notation, a usual satisfaction level, a rate above 100%), and otherwise kept and marked for review
  with the finding;
- every row cites last year's row (`why="previous"`: the 来源 column says 上年同项目).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.corpus import levels
from assistant.corpus.schema import Form, Indicator, Project
from assistant.corpus.units import unit_key
from assistant.corpus.values import COUNT_UNITS, MONEY_UNITS, Value, number_text, parse_value
from assistant.draft.models import Draft, DraftRequest, DraftRow, DraftSource
from assistant.draft.similarity import name_similarity
from assistant.draft.years import shift_years
from assistant.validate.findings import Finding
from assistant.validate.rules import check_project
from assistant.validate.rules.kinds import compact, is_satisfaction_name

SAME_PROJECT = 0.7  # names (years taken out) at least this alike are the same project
_SAME_UNIT = 0.8
_SAME_MONEY = 0.05  # money changed by less than 5%: quantities stay as they were
_USUAL_SATISFACTION = "≥90%"
_NOT_APPLICABLE = "不适用"  # "本项目不适用此指标": a placeholder row, not a target to carry on
_BASE_KINDS = ("project", "self_evaluation")

_YEAR_WORD = re.compile(r"(?<!\d)20\d{2}(年度?|至20\d{2}年?)?")
_NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")


@dataclass(frozen=True)
class PreviousProject:
    """An earlier year's project of the same unit, and how close its name is to the request's."""

    form: Form
    project: Project
    similarity: float

    @property
    def label(self) -> str:
        return f"{self.form.year or ''}年“{self.project.name}”".lstrip("年")


def same_unit(a: str | None, b: str | None) -> bool:
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return False
    if ka == kb or (min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka)):
        return True
    return name_similarity(ka, kb) >= _SAME_UNIT


def project_key(name: str) -> str:
    """A project's name without its years: "2025金安国际网球公开赛" → "金安国际网球公开赛"."""
    return _YEAR_WORD.sub("", name)


def _units(form: Form, project: Project) -> list[str | None]:
    return [form.unit, project.implementer, project.supervisor, form.supervisor]


def find_previous(request: DraftRequest, forms: Iterable[Form]) -> PreviousProject | None:
    """The same unit's project from an earlier year (see the module doc), or None."""
    units = [u for u in (request.unit, request.implementer) if u]
    if not units:
        return None
    best: PreviousProject | None = None
    for form in forms:
        if form.kind not in _BASE_KINDS or form.year is None:
            continue
        if request.year is not None and form.year >= request.year:
            continue
        for project in form.projects:
            if not project.indicators or not any(same_unit(u, v) for u in units for v in _units(form, project)):
                continue
            similarity = name_similarity(project_key(request.name), project_key(project.name))
            if similarity < SAME_PROJECT:
                continue
            if best is None or (similarity, form.year) > (best.similarity, best.form.year or 0):
                best = PreviousProject(form, project, similarity)
    return best


def _scaled_text(value: Value, ratio: float) -> str | None:
    """The value's text with its number scaled (counts stay whole), or None when it has no number to scale."""
    if value.number is None or value.kind != "quantitative" or value.upper is not None:
        return None
    scaled = value.number * ratio
    whole = float(value.number).is_integer() and value.unit not in MONEY_UNITS
    new = number_text(round(scaled) if whole else round(scaled, 2))
    for m in _NUMBER.finditer(value.raw):
        if float(re.sub(r"[,，]", "", m.group(0))) == value.number:
            return value.raw[:m.start()] + new + value.raw[m.end():]
    return None


def _is_count(value: Value) -> bool:
    unit = value.base_unit or ""
    return value.kind == "quantitative" and bool(unit) and (unit in COUNT_UNITS or unit.endswith(tuple(COUNT_UNITS)))


def _is_cost(row: DraftRow) -> bool:
    return row.level1 == levels.COST or row.level2 in (levels.UNIT_COST, levels.ECONOMIC_COST)


@dataclass
class _Counts:
    scaled: int = 0
    rolled: int = 0
    repaired: int = 0
    flagged: int = 0


def _bring_forward(ind: Indicator, base: PreviousProject, request: DraftRequest, counts: _Counts) -> DraftRow:
    form, project = base.form, base.project
    shift = (request.year - form.year) if request.year and form.year else 0
    since = form.year or 0
    name, value, basis = (shift_years(t, shift, since) for t in (ind.name, ind.value.raw, ind.basis or ""))
    row = DraftRow(level1=ind.level1 or levels.parent_of(ind.level2 or "") or ind.level1_raw,
                   level2=ind.level2 or ind.level2_raw, name=name, value=value.strip(), basis=basis or None,
                   sources=[DraftSource(why="previous", id=ind.id, form=form.id,
                                        project=f"{form.year}年 {project.name}", name=ind.name, value=ind.value.raw)])
    if (name, value) != (ind.name, ind.value.raw):
        counts.rolled += 1
        row.sources.append(DraftSource(why="adapted", value=row.value, note=f"年份顺延 {shift} 年"))
    old, new = project.money.total, request.budget
    if not (old and new is not None) or abs(new / old - 1) <= _SAME_MONEY:
        return row
    parsed = parse_value(row.value, name=row.name)
    money = parsed.money_wan()
    if _is_cost(row) and money is not None and abs(money - old) < 0.005 * old:
        row.value = f"≤{number_text(new)}万元"
        row.sources.append(DraftSource(why="adapted", value=row.value,
                                       note=f"总成本按本年资金{number_text(new)}万元填写（上年{number_text(old)}万元）"))
        return row
    if not ((row.level2 == levels.QUANTITY and _is_count(parsed)) or (_is_cost(row) and money is not None)):
        return row
    scaled = _scaled_text(parsed, new / old)
    if scaled is None or scaled == row.value:  # 1种 stays 1种
        return row
    row.value = scaled
    row.needs_review = True
    row.note = (f"上年“{ind.value.raw}”，资金由{number_text(old)}万元变为{number_text(new)}万元，"
                f"已按比例调整，请按本年实际核定")
    row.sources.append(DraftSource(why="adapted", value=row.value, note="按资金变化比例调整"))
    counts.scaled += 1
    return row


def _project(request: DraftRequest, rows: list[DraftRow]) -> Project:
    return Draft(request=request, rows=rows, engine="offline").to_project()


def _row_findings(findings: list[Finding], position: int) -> list[Finding]:
    return [f for f in findings if f.position == position and f.severity != "info"]


def _repairs(row: DraftRow) -> list[tuple[str, str]]:
    """(value, why) fixes to try, mechanical ones only."""
    value = parse_value(row.value, name=row.name)
    fixes = []
    if value.canonical and value.canonical != row.value:
        fixes.append((value.canonical, f"按规范写法把“{row.value}”写成“{value.canonical}”"))
    if is_satisfaction_name(row.name) or row.level2 == levels.SERVICE_SATISFACTION:
        fixes.append((_USUAL_SATISFACTION, f"满意度取常用值{_USUAL_SATISFACTION}（上年“{row.value}”）"))
    if value.is_percent and value.number is not None and value.number > 100:
        fixes.append(("100%", f"比率不超过100%（上年“{row.value}”）"))
    return fixes


def repair(request: DraftRequest, rows: list[DraftRow], counts: _Counts) -> list[DraftRow]:
    """Rows the validator flags, fixed where a mechanical fix clears the finding, else marked for review."""
    rows = list(rows)
    findings = check_project(_project(request, rows))
    for k, row in enumerate(rows):
        flagged = _row_findings(findings, k + 1)
        if not flagged:
            continue
        for value, why in _repairs(row):
            trial = rows[:k] + [row.model_copy(update={"value": value})] + rows[k + 1:]
            trial_findings = check_project(_project(request, trial))
            if len(_row_findings(trial_findings, k + 1)) < len(flagged):
                fixed = trial[k]
                fixed.sources = [*row.sources, DraftSource(why="adapted", value=value, note=why)]
                rows, findings, flagged = trial, trial_findings, _row_findings(trial_findings, k + 1)
                counts.repaired += 1
                if not flagged:
                    break
        if flagged:
            rows[k] = rows[k].model_copy(update={
                "needs_review": True,
                "note": "；".join(p for p in (rows[k].note, f"上年此行审核有问题：{flagged[0].message}") if p)})
            counts.flagged += 1
    return rows


def fill_header(request: DraftRequest, base: PreviousProject) -> DraftRequest:
    """The request with the header fields it leaves empty taken from last year's form (实施期 rolled on)."""
    project, form = base.project, base.form
    shift = (request.year - form.year) if request.year and form.year else 0
    update = {
        "supervisor": request.supervisor or project.supervisor or form.supervisor,
        "implementer": request.implementer or project.implementer,
        "attribute": request.attribute or project.attribute or "延续项目",
        "period": request.period or (shift_years(project.period, shift, form.year or 0) if project.period else None),
        "content": request.content or project.content,
    }
    return request.model_copy(update=update)


def draft_from_previous(request: DraftRequest, base: PreviousProject) -> Draft:
    """A draft that starts from last year's rows, brought forward (see the module doc)."""
    counts = _Counts()
    rows = [_bring_forward(ind, base, request, counts) for ind in base.project.indicators
            if ind.value.kind != "empty" and compact(ind.name) and _NOT_APPLICABLE not in ind.name]
    rows = repair(request, rows, counts)
    notes = [f"以上年同项目 {base.label}（{base.form.id}）为底稿：沿用 {len(rows)} 行"
             + (f"，年份顺延 {counts.rolled} 行" if counts.rolled else "")
             + (f"，按资金变化调整 {counts.scaled} 行" if counts.scaled else "")
             + (f"，修正 {counts.repaired} 处" if counts.repaired else "")]
    review = sum(r.needs_review for r in rows)
    if review:
        notes.append(f"有{review}条指标需要按本年实际核定（已标出）")
    draft = Draft(request=fill_header(request, base), rows=rows, engine="offline", notes=notes,
                  base=f"{base.form.id}/{base.project.name}")
    draft.findings = check_project(draft.to_project())
    return draft


__all__ = ["PreviousProject", "find_previous", "draft_from_previous", "same_unit",
           "project_key", "fill_header", "repair"]
