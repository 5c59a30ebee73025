"""Parse OCR'd form text (tab-separated cells, one table row a line) into a `Form`.

The seeds show what this must survive: merged cells that leave level cells empty (the
row inherits the level above), level labels that float away from their rows or shift
by a column, garbled labels, numbers with spaces, page-footer noise, task tables
flattened into paragraphs (seed 000), history columns (seed 001) and indicator tables
grouped by 核心职能 (seed 004). Pure: text in, Form out.

What the parser cannot settle, a person settles in a review file (see review.py); the
parser records every level it filled in itself as an `Inference`, never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus import levels
from assistant.corpus.classify import settle_levels
from assistant.corpus.schema import (
    BudgetTask,
    Form,
    FormBudget,
    FormKind,
    Indicator,
    IndicatorGroup,
    Inference,
    Money,
    Project,
    SourceRef,
)
from assistant.corpus.values import parse_value
from assistant.errors import InputError

NOISE = re.compile(r"^(扫描全能王\s*创建|填报单位\s*[(（]盖章[)）]|单位[:：]\s*万元|备注[:：].*|\s*\d+\s*\.\s*“.*)$")
_CJK = "\u4e00-\u9fff"
_SQUEEZE = re.compile(rf"(?<=[{_CJK}，、。“”（）()：:；;,])\s+(?=[{_CJK}，、。“”（）()：:；;,])")
_MARKER = re.compile(r"^指标\s*\d+\s*[:：]?\s*")
_FUNCTION = re.compile(r"^职能\s*\d+\s*[:：]")
_BASIS = re.compile(r"^(计划标准|行业标准|历史标准|其他标准)$")
_AMOUNT = re.compile(r"^-?\d[\d,\s]*(\.\s*\d+)?$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_HEADER_WORDS = ("一级指标", "二级指标")


def squeeze(text: str) -> str:
    """Drop the spaces OCR puts inside Chinese text where a cell wrapped onto two lines."""
    text = re.sub(r"</?p>", " ", text or "")
    return _SQUEEZE.sub("", text).strip()


def amount(text: str | None) -> float | None:
    """'2, 306. 00' → 2306.0; None when the cell holds no number."""
    if text is None:
        return None
    cleaned = re.sub(r"\s+", "", text)
    if not cleaned or not _AMOUNT.match(cleaned.replace(" ", "")):
        return None
    return float(cleaned.replace(",", ""))


@dataclass
class Line:
    no: int
    raw: str
    cells: list[str]

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c]

    @property
    def text(self) -> str:
        return " ".join(self.filled)


def read_lines(text: str) -> list[Line]:
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip().lstrip("#").strip()
        if not stripped or NOISE.match(stripped) or set(stripped) <= set("_-|—"):
            continue
        cells = [squeeze(c.strip().lstrip("#").strip()) for c in raw.split("\t")]
        lines.append(Line(no, raw, cells))
    return lines


def detect_kind(text: str) -> FormKind:
    head = re.sub(r"\s+", "", text[:3000])
    if "自评" in head:
        return "self_evaluation"
    if "整体支出" in head or "部门(单位)" in head or "单位整体" in head:
        return "whole_unit"
    if "项目支出" in head or "项目绩效目标表" in head or "项目名称" in head:
        return "project"
    raise InputError("看不出这是哪一类绩效目标表（没有“项目支出”“整体支出”或“自评”字样）",
                     hint="请确认文件是绩效目标表的识别文本，或改用 csv/xlsx 指标表导入")


# ---------------------------------------------------------------- indicator rows


def _label(cell: str) -> tuple[str | None, str | None]:
    """(level1, level2) a cell names, if it is a level label."""
    pair = levels.split_pair(cell)
    if pair:
        return pair
    if levels.clean_label(cell) in ("成本指标", "成本"):
        # Read as the 二级 under 产出 (most forms); a 2021-layout row names its cost 二级 too.
        return None, levels.UNIT_COST
    l1 = levels.normalize_level1(cell)
    if l1:
        return l1, None
    return None, levels.normalize_level2(cell)


def _value_like(cell: str) -> bool:
    value = parse_value(cell)
    if value.kind in ("quantitative", "date", "empty"):
        return True
    return value.kind == "qualitative" and "unknown_phrase" not in value.flags


def _clean_name(cell: str) -> tuple[str, str | None]:
    """Strip 指标N: markers and ★ marks; cut a formula glued to the name (产后访视率=辖区内…)."""
    name = _MARKER.sub("", cell).replace("★", "").strip()
    name = re.sub(r"[(（]\s*[≥≤><=]?\s*\*+\s*[\u4e00-\u9fff%]*\s*[)）]$", "", name).strip()
    note = None
    if "=" in name:
        head = name.split("=", 1)[0]
        if 2 <= len(head) <= 20 and head.endswith(("率", "比例", "占比")):
            note = "名称后带有计算公式，已截取“=”前的指标名"
            name = head
    return name, note


@dataclass
class TableState:
    """What a table has established so far: its columns and the levels in force."""

    level1: str | None = None
    level2: str | None = None
    l1_raw: str = ""
    l2_raw: str = ""
    history_labels: list[str] = field(default_factory=list)
    basis_column: bool = False
    group_title: str | None = None


def parse_indicator_row(line: Line, state: TableState, source_file: str) -> Indicator | None:
    """Read one table row; update `state` with any level labels it carries.

    Returns None for rows that only carry labels (merged cells OCR'd on a line of their own).
    """
    cells = list(line.cells)
    while cells and not cells[-1]:
        cells.pop()
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled:
        return None

    found_l1: str | None = None
    found_l2: str | None = None
    raw_l1 = raw_l2 = ""
    rest: list[str] = []
    basis = None
    for _, cell in filled:
        if _FUNCTION.match(cell):
            state.group_title = cell
            continue
        if _BASIS.match(cell):
            basis = cell
            continue
        if _MARKER.fullmatch(cell.strip()):
            continue
        if rest:  # once the name has started, later cells are values
            rest.append(cell)
            continue
        l1, l2 = _label(cell)
        if l1 or l2:
            if l1:
                found_l1, raw_l1 = l1, cell
            if l2:
                if found_l2 == levels.UNIT_COST and levels.parent_of(l2) == levels.COST:
                    found_l1, raw_l1 = levels.COST, raw_l2
                found_l2, raw_l2 = l2, cell
            continue
        if cell in ("绩效指标", "年度绩效指标", "长期绩效指标", "长期绩效目标", "年度总体目标"):
            continue
        rest.append(cell)

    if found_l2:
        state.level2, state.l2_raw = found_l2, raw_l2
        parent = levels.parent_of(found_l2)
        if found_l1 and levels.allowed(found_l1, found_l2):
            state.level1, state.l1_raw = found_l1, raw_l1
        else:
            state.level1, state.l1_raw = parent, raw_l1
    elif found_l1:
        state.level1, state.l1_raw = found_l1, raw_l1
        if state.level2 and not levels.allowed(found_l1, state.level2):
            state.level2, state.l2_raw = None, ""

    if not rest:
        return None

    if len(rest) == 1:
        name_cell, value_cells = rest[0], [""]
    else:
        name_cell, value_cells = rest[0], rest[1:]
        # A name wrapped across two cells: join text cells that are not values.
        while len(value_cells) > 1 and not _value_like(value_cells[0]):
            name_cell += value_cells.pop(0)

    value_raw = value_cells[-1]
    history_cells = value_cells[:-1]
    name, name_note = _clean_name(name_cell)
    if not name:
        return None
    indicator = Indicator(
        level1=state.level1, level2=state.level2, level1_raw=raw_l1 or "", level2_raw=raw_l2 or "",
        name=name, name_raw=name_cell, value=parse_value(value_raw, name=name), basis=basis,
        source=SourceRef(file=source_file, line=line.no),
    )
    if history_cells:
        labels = state.history_labels[-len(history_cells):] if state.history_labels else []
        labels = ["指标值"] * (len(history_cells) - len(labels)) + labels
        indicator.history = dict(zip(_unique(labels), history_cells, strict=True))
    if name_note:
        indicator.inferred.append(Inference(field="name", value=name, confidence=0.9, reason=name_note))
    settle_levels(indicator, explicit_l2=bool(found_l2), explicit_l1=found_l1)
    return indicator


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}{seen[label]}")
    return out


# ---------------------------------------------------------------- header blocks


def _after(cells: list[str], key: str) -> str | None:
    """The first filled cell after the cell that contains `key`."""
    for i, cell in enumerate(cells):
        if key in cell.replace(" ", ""):
            for later in cells[i + 1:]:
                if later:
                    return later
    return None


def _year(text: str) -> int | None:
    m = _YEAR.search(re.sub(r"\s+", "", text))
    if m:
        return int(m.group(1))
    m = re.search(r"[(（]\s*(20\d{2})\s*年?度?\s*[)）]", text)
    return int(m.group(1)) if m else None


def _region(unit: str | None) -> str | None:
    if not unit:
        return None
    m = re.match(r"^(.*?(?:省|自治区))?(.*?(?:市|州|盟))?(.*?(?:区|县|旗))?", unit)
    if not m:
        return None
    region = "".join(g for g in m.groups() if g)
    region = re.sub(r"(卫生健康局|卫生健康委员会|卫健委)$", "", region)
    return region or None


def _is_header(line: Line) -> bool:
    joined = "".join(line.filled).replace(" ", "")
    return all(w in joined for w in _HEADER_WORDS)


_OCR_COLUMNS = re.compile(r"^((年度|全年|本年)?(绩效)?(指标值|目标值)|绩效标准|(20\d{2}年度?)(指标值)?)$")
_NAME_COLUMN = re.compile(r"^(三级指标|指标名称|二级指标)$")
_GRID_COLUMN = re.compile(r"^(年初预算数?|全年预算数?|调整后预算数?|全年执行数?|执行数|执行率)")


def reads_layout(text: str) -> bool:
    """Whether this reader knows the tables of a tab-separated text: after the name only the value,
    history years and 绩效标准 (the seeds' columns). A self-evaluation's 实际完成值 / 分值 / 得分 / 偏差原因,
    a value split over 计算符号 / 度量单位, a money grid (年初预算数 / 全年预算数 …) or a project's
    self-evaluation (read here as a unit's form) are the published-page reader's."""
    head = re.sub(r"\s+", "", text[:3000])
    if "自评" in head and "项目名称" in head:
        return False
    for line in read_lines(text):
        cells = [c.replace(" ", "") for c in line.filled]
        if sum(bool(_GRID_COLUMN.match(c)) for c in cells) >= 2:
            return False
        if not _is_header(line):
            continue
        names = [k for k, c in enumerate(cells) if _NAME_COLUMN.match(c)]
        if names and not all(_OCR_COLUMNS.match(c) for c in cells[max(names) + 1:]):
            return False
    return True


def _html_items(text: str) -> list[str]:
    items = [squeeze(x) for x in re.split(r"</?p>", text) if squeeze(x)]
    return items


# ---------------------------------------------------------------- whole-unit task tables


_TASK_TRIPLE = re.compile(
    r"(?P<name>[\u4e00-\u9fff（）()“”]{2,30})\s+(?P<a>\d[\d,]*\.\s?\d{2})\s+(?P<b>\d[\d,]*\.\s?\d{2})\s+"
    r"(?P<c>\d[\d,]*\.\s?\d{2})")


def _money_from(total: float | None, fiscal: float | None, other: float | None) -> tuple[Money, str | None]:
    """Build Money; when the three amounts do not add up, try the order that does and say so."""
    if total is not None and fiscal is not None and other is not None and abs(fiscal + other - total) > 0.011:
        values = [total, fiscal, other]
        for t, f, o in ((0, 1, 2), (1, 2, 0), (2, 1, 0), (1, 0, 2), (2, 0, 1), (0, 2, 1)):
            vt, vf, vo = values[t], values[f], values[o]
            if abs(vf + vo - vt) <= 0.011 and vo == 0:
                return Money(total=vt, fiscal=vf, other=vo), (
                    f"金额列次序错乱（{total}、{fiscal}、{other}），按总额=财政拨款+其他资金改为 {vt}、{vf}、{vo}")
        return Money(total=total, fiscal=fiscal, other=other), "总额不等于财政拨款与其他资金之和"
    return Money(total=total, fiscal=fiscal, other=other), None


def _task_from_cells(line: Line, source_file: str) -> tuple[BudgetTask, str | None] | None:
    filled = line.filled
    numbers: list[float] = []
    for cell in reversed(filled):
        value = amount(cell)
        if value is None:
            break
        numbers.insert(0, value)
    if len(numbers) < 3:
        return None
    texts = filled[: len(filled) - len(numbers)]
    if not texts:
        return None
    name = texts[0]
    if re.match(r"^(合计|金额合计|总计)", name.replace(" ", "")) or "合计" in name:
        return None
    money, note = _money_from(*numbers[-3:])
    task = BudgetTask(name=name, content=" ".join(texts[1:]), money=money,
                      source=SourceRef(file=source_file, line=line.no))
    return task, note


def _tasks_from_paragraph(line: Line, source_file: str) -> list[tuple[BudgetTask, str | None]]:
    """Seed 000's middle section: task rows flattened into running text.

    A task shows up as "<name> <total> <fiscal> <other>" somewhere inside the paragraph
    of its content; the text around it is its content (the OCR interleaves it, so the
    content is approximate and says so).
    """
    text = " ".join(c.strip() for c in line.raw.split("\t") if c.strip())
    out = []
    last_end = 0
    matches = list(_TASK_TRIPLE.finditer(text))
    for k, m in enumerate(matches):
        # The name is the last space-separated phrase before the numbers (the raw spacing
        # survives where the cells were flattened).
        name = m.group("name")
        numbers = [amount(m.group(g)) for g in ("a", "b", "c")]
        money, note = _money_from(*numbers)
        next_start = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        before = text[last_end:m.start() + len(m.group("name")) - len(name)]
        after = text[m.end():next_start]
        content = squeeze((before + after).replace("|", ""))
        last_end = m.end()
        task = BudgetTask(name=name, content=content, money=money, source=SourceRef(file=source_file, line=line.no))
        out.append((task, note))
    return out


# ---------------------------------------------------------------- the form


def parse_ocr_text(text: str, *, form_id: str, source_file: str) -> Form:
    """Parse one OCR'd form. Raises InputError when the text is not a form at all."""
    if not text.strip():
        raise InputError("文件是空的", file=source_file, hint="请选择有内容的绩效目标表")
    try:
        kind = detect_kind(text)
    except InputError as exc:
        exc.file = source_file
        raise
    lines = read_lines(text)
    if not any(_is_header(line) for line in lines):
        raise InputError("没有找到指标表（缺少“一级指标”“二级指标”表头）", file=source_file,
                         hint="请确认识别文本包含绩效指标表")
    form = Form(id=form_id, kind=kind, source_file=source_file)
    form.title = next((squeeze(ln.text) for ln in lines if re.search(r"绩效目标|自评表", ln.text)), "")
    form.year = next((y for ln in lines[:12] if (y := _year(ln.text))), None)
    if kind == "project":
        _parse_project_form(form, lines)
    else:
        _parse_unit_form(form, lines)
    form.region = _region(form.unit)
    return form.assign_ids()


def _parse_project_form(form: Form, lines: list[Line]) -> None:
    project: Project | None = None
    state = TableState()
    in_table = False
    pending_goal = False
    for line in lines:
        cells = line.cells
        joined = "".join(line.filled).replace(" ", "")
        if joined.startswith("预算部门"):
            form.unit = squeeze(re.sub(r"^预算部门[:：]?", "", line.text.replace(" ", "")))
            continue
        if joined.startswith("项目名称"):
            name = _after(cells, "项目名称") or ""
            project = Project(name=squeeze(name), period=re.sub(r"\s+", "", _after(cells, "项目实施期") or "") or None,
                              source=SourceRef(file=form.source_file, line=line.no))
            project.groups.append(IndicatorGroup(kind="project", title=project.name))
            form.projects.append(project)
            state, in_table, pending_goal = TableState(), False, False
            continue
        if project is None:
            continue
        if joined.startswith("主管部门"):
            project.supervisor = _after(cells, "主管部门")
            project.implementer = _after(cells, "实施单位")
            form.supervisor = form.supervisor or project.supervisor
            form.unit = form.unit or project.implementer
            continue
        if "实施期金额" in joined:
            project.money.period_total = amount(_after(cells, "实施期金额"))
            project.money.total = amount(_after(cells, "年度金额")) or project.money.period_total
            continue
        if "财政拨款" in joined and not in_table:
            fiscal = [amount(c) for c in line.filled if amount(c) is not None]
            project.money.fiscal = fiscal[-1] if fiscal else None
            continue
        if joined.startswith("其他资金") and not in_table:
            others = [amount(c) for c in line.filled if amount(c) is not None]
            project.money.other = others[-1] if others else 0.0
            continue
        if joined.startswith("绩效目标") and "实施期目标" in joined:
            pending_goal = True
            continue
        if pending_goal and not _is_header(line):
            texts = line.filled
            project.content = texts[0] if texts else ""
            project.annual_goal = texts[1] if len(texts) > 1 else project.content
            pending_goal = False
            continue
        if _is_header(line):
            in_table = True
            continue
        if re.sub(r"\s", "", line.text) in ("本级预算项目绩效目标表",) or _year(line.text) and "年度" in line.text \
                and len(line.filled) == 1:
            in_table = False
            continue
        if in_table:
            indicator = parse_indicator_row(line, state, form.source_file)
            if indicator:
                project.groups[-1].indicators.append(indicator)
    for project in form.projects:
        if project.money.other is None and project.money.total is not None and project.money.fiscal is not None:
            project.money.other = round(project.money.total - project.money.fiscal, 2)


def _parse_unit_form(form: Form, lines: list[Line]) -> None:
    unit_project = Project(name="")
    form.projects.append(unit_project)
    state = TableState()
    in_table = False
    in_tasks = False
    header_seen_at = -1
    for idx, line in enumerate(lines):
        cells = line.cells
        joined = "".join(line.filled).replace(" ", "")
        head = joined[:12]
        if not in_table:
            if re.match(r"^(单位名称|部门名称|部门\(单位\)名称|部门（单位）名称)", head):
                form.unit = squeeze(_after(cells, "名称") or "")
                sup = _after(cells, "主管部门")
                if sup:
                    rest = cells[cells.index(sup) + 1:] if sup in cells else []
                    form.supervisor = squeeze(sup + "".join(c for c in rest if c))
                elif "主管部门" in joined and idx + 1 < len(lines) and len(lines[idx + 1].filled) == 1:
                    form.supervisor = lines[idx + 1].filled[0]
                continue
            if joined.startswith("部门职能概述") or "部门职能概述" in joined[:10]:
                body = line.raw.split("部门职能概述", 1)[1]
                form.functions = _html_items(body)
                continue
            goal = re.match(r"^(年度主要任务|年度总体目标|年度整体绩效目标|年度工作任务)", joined)
            if goal and not _is_header(line):
                heading = goal.group(1)
                body = " ".join(line.filled[1:]) if len(line.filled) > 1 else ""
                if not body and idx + 1 < len(lines):
                    body = lines[idx + 1].text
                body = squeeze(re.sub(r"</?p>", " ", body))
                if re.search(r"[\u4e00-\u9fff]", body):
                    form.goals[heading] = body
                continue
            if joined.startswith("任务名称"):
                in_tasks = True
                continue
            if in_tasks:
                task_note = _task_from_cells(line, form.source_file)
                if task_note:
                    task, note = task_note
                    if note:
                        form.notes.append(f"第{line.no}行 {task.name}：{note}")
                    unit_project.tasks.append(task)
                    continue
                if re.search(r"(金额)?合计", joined):
                    nums = [amount(c) for c in line.filled if amount(c) is not None]
                    if len(nums) >= 3:
                        unit_project.money, _ = _money_from(*nums[-3:])
                    continue
                flat = _tasks_from_paragraph(line, form.source_file)
                if flat:
                    for task, note in flat:
                        form.notes.append(f"第{line.no}行 {task.name}：任务表被识别成段落，名称和金额从段落中取出，"
                                          "主要内容为近似文字" + (f"；{note}" if note else ""))
                        unit_project.tasks.append(task)
                    continue
        if _is_header(line):
            in_table, in_tasks = True, False
            header_seen_at = idx
            state.history_labels = []
            state.basis_column = any("标准" in c or "依据" in c for c in line.filled)
            continue
        if in_table and idx <= header_seen_at + 3 and _history_header(line, state):
            continue
        group_title = _group_title(line)
        if group_title:
            state.group_title = group_title
            in_table = False
            continue
        if in_table:
            before = state.group_title
            indicator = parse_indicator_row(line, state, form.source_file)
            if state.group_title != before or not unit_project.groups:
                _open_group(unit_project, form, state.group_title)
            if indicator:
                if unit_project.groups[-1].title != (state.group_title or unit_project.groups[-1].title):
                    _open_group(unit_project, form, state.group_title)
                unit_project.groups[-1].indicators.append(indicator)
    unit_project.name = f"{form.unit or ''}部门整体支出".strip()
    unit_project.content = "\n".join(form.goals.values())
    unit_project.source = SourceRef(file=form.source_file, line=lines[0].no if lines else None)
    if unit_project.money.total is None:
        _unit_money_from_summary(form, lines, unit_project)
    if unit_project.money.total is None and unit_project.tasks:
        total = round(sum(t.money.total or 0 for t in unit_project.tasks), 2)
        unit_project.money = Money(total=total)


def _open_group(project: Project, form: Form, title: str | None) -> None:
    kind = "function" if title and _FUNCTION.match(title) else ("goal" if title else "unit")
    project.groups.append(IndicatorGroup(kind=kind, title=title or f"{form.unit or ''}整体绩效指标"))


def _group_title(line: Line) -> str | None:
    """Seed 001's goal sections: 长期目标1： / 年度指标2: <title>."""
    first = line.filled[0].replace(" ", "") if line.filled else ""
    m = re.match(r"^(长期目标|年度指标|年度目标)(\d+)[:：]?$", first)
    if m:
        rest = [c for c in line.filled[1:] if c]
        title = rest[-1] if rest else ""
        title = re.sub(r"^目标\d+[:：]", "", title)
        return f"{m.group(1)}{m.group(2)}：{title}".rstrip("：")
    return None


def _history_header(line: Line, state: TableState) -> bool:
    years = [c for c in line.filled if re.fullmatch(r"(19|20)\d{2}年", c.replace(" ", ""))]
    if years and len(years) == len(line.filled):
        state.history_labels = years
        return True
    if all(c in ("近两年指标值", "预期2021年实现值") or re.search(r"近.年|预期", c) for c in line.filled):
        return True
    return False


def _unit_money_from_summary(form: Form, lines: list[Line], project: Project) -> None:
    """Seed 001: 部门总体资金情况 with 收入构成 rows per year; take the form year's column."""
    for line in lines:
        joined = "".join(line.filled)
        if "财政拨款" in joined and "收入构成" in joined or joined.startswith("财政拨款"):
            nums = [amount(c) for c in line.filled if amount(c) is not None]
            if nums:
                project.money.fiscal = nums[-1]
        elif joined.startswith("其他资金") and project.money.other is None:
            nums = [amount(c) for c in line.filled if amount(c) is not None]
            if nums:
                project.money.other = nums[-1]
        elif "支出构成" in joined or joined.startswith(("基本支出", "项目支出")):
            nums = [amount(c) for c in line.filled if amount(c) is not None]
            name = next((c for c in line.filled if c in ("基本支出", "项目支出")), None)
            if name and nums:
                project.tasks.append(BudgetTask(name=name, money=Money(total=nums[-1], fiscal=nums[-1], other=0.0),
                                                source=SourceRef(file=form.source_file, line=line.no)))
    if project.money.fiscal is not None:
        project.money.total = round(project.money.fiscal + (project.money.other or 0), 2)
    form.budget = _budget_by_year(form, lines)


_BUDGET_FIELDS = {"财政拨款": "fiscal", "其他资金": "other", "基本支出": "basic", "项目支出": "project", "合计": "total"}


def _budget_by_year(form: Form, lines: list[Line]) -> list[FormBudget]:
    """Seed 001's 近两年年初预算收支情况: a header of years, then one column per year. The 支出
    合计 comes after the 收入 one and wins (the 收入 合计 of 2020 reads 0.00 in the seed)."""
    years: list[int] = []
    by_year: dict[int, dict[str, float]] = {}
    source = None
    for line in lines:
        cells = [c.replace(" ", "") for c in line.filled]
        if not years:
            if cells and all(re.fullmatch(r"(19|20)\d{2}年", c) for c in cells):
                years = [int(c[:4]) for c in cells]
                by_year = {y: {} for y in years}
                source = SourceRef(file=form.source_file, line=line.no)
            continue
        label = next((_BUDGET_FIELDS[c] for c in cells if c in _BUDGET_FIELDS), None)
        nums = [n for c in line.filled if (n := amount(c)) is not None]
        if label is None or len(nums) < len(years):
            if by_year and any(by_year.values()) and label is None:
                break
            continue
        for year, number in zip(years, nums[-len(years):], strict=True):
            by_year[year][label] = number
    return [FormBudget(year=year, source=source, **fields) for year, fields in by_year.items() if fields]
