"""The flat indicator table (csv or a sheet of xlsx) ↔ Form.

Header: 项目名称,主要内容,预算金额（万元）,一级指标,二级指标,三级指标,指标值, with optional
年度, 单位名称, 指标值设定依据, 分组, the rest of the form's header (主管部门, 实施单位, 项目属性,
实施期, 财政拨款（万元）, 其他资金（万元）, 年度绩效目标), and the split-value columns
计算符号 / 目标值 / 度量单位 that 一体化 systems use. Project columns are filled on a project's first row; blank
below means "same as above", and so do blank 一级 / 二级 cells (merged cells pasted out).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from assistant.corpus import levels
from assistant.corpus.classify import settle_levels
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Money, Project, SourceRef
from assistant.corpus.values import parse_split, parse_value
from assistant.errors import InputError

COLUMNS = ["项目名称", "主要内容", "预算金额（万元）", "一级指标", "二级指标", "三级指标", "指标值",
           "指标值设定依据", "分组", "年度", "单位名称", "主管部门", "实施单位", "项目属性", "实施期",
           "财政拨款（万元）", "其他资金（万元）", "年度绩效目标"]
# Header columns read into the project as text, and those read as amounts in 万元.
_PROJECT_TEXT = {"主管部门": "supervisor", "实施单位": "implementer", "项目属性": "attribute", "实施期": "period",
                 "年度绩效目标": "annual_goal"}
_PROJECT_MONEY = {"财政拨款（万元）": "fiscal", "其他资金（万元）": "other"}
REQUIRED = ("项目名称", "一级指标", "二级指标", "三级指标")
_ALIASES = {
    "三级指标名称": "三级指标", "指标名称": "三级指标", "绩效指标": "三级指标",
    "预算金额(万元)": "预算金额（万元）", "预算金额": "预算金额（万元）", "资金总额（万元）": "预算金额（万元）",
    "资金总额(万元)": "预算金额（万元）", "年度金额（万元）": "预算金额（万元）", "年度金额(万元)": "预算金额（万元）",
    "预算金额（元）": "预算金额（元）", "预算金额(元)": "预算金额（元）",
    "指标值设定依据及数据来源": "指标值设定依据", "绩效标准": "指标值设定依据", "设定依据": "指标值设定依据",
    "年度指标值": "指标值", "目标值（指标值）": "指标值", "部门名称": "单位名称", "预算单位": "单位名称",
    "指标分组": "分组", "计量单位": "度量单位", "单位": "度量单位", "符号": "计算符号",
    "项目实施内容": "主要内容", "年度目标": "主要内容",
    "财政拨款": "财政拨款（万元）", "财政拨款(万元)": "财政拨款（万元）", "其他资金": "其他资金（万元）",
    "其他资金(万元)": "其他资金（万元）", "项目实施期": "实施期", "主管部门名称": "主管部门",
}


def _canon_header(cell: str) -> str:
    key = re.sub(r"\s+", "", str(cell or "")).replace("★", "")
    return _ALIASES.get(key, key)


def find_header(rows: list[list[str]], limit: int = 10) -> int | None:
    """Index of the header row among the first rows (titles may sit above it)."""
    for i, row in enumerate(rows[:limit]):
        names = {_canon_header(c) for c in row}
        if "三级指标" in names and ("一级指标" in names or "项目名称" in names):
            return i
    return None


def form_from_rows(rows: list[list[Any]], *, form_id: str, source_file: str, sheet: str | None = None,
                   first_line: int = 1) -> Form:
    """Build a Form from table rows (header included). `first_line` numbers rows[0] for messages."""
    rows = [["" if c is None else str(c).strip() for c in row] for row in rows]
    header_at = find_header(rows)
    if header_at is None:
        raise InputError("找不到表头（需要“项目名称”“一级指标”“二级指标”“三级指标”“指标值”等列）",
                         file=source_file, line=first_line,
                         hint="请使用模板表头：" + ",".join(COLUMNS[:7]))
    header = [_canon_header(c) for c in rows[header_at]]
    col = {name: i for i, name in reversed(list(enumerate(header))) if name}
    missing = [name for name in REQUIRED if name not in col]
    if "指标值" not in col and "目标值" not in col:
        missing.append("指标值")
    if missing:
        raise InputError(f"缺少必需的列：{'、'.join(missing)}", file=source_file, line=first_line + header_at,
                         hint="请使用模板表头：" + ",".join(COLUMNS[:7]))
    money_in_yuan = "预算金额（元）" in col and "预算金额（万元）" not in col
    money_col = col.get("预算金额（万元）", col.get("预算金额（元）"))

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    form = Form(id=form_id, kind="project", source_file=source_file)
    project: Project | None = None
    level1_above = level2_above = ""
    for offset, row in enumerate(rows[header_at + 1:], start=header_at + 1):
        line = first_line + offset
        if not any(row):
            continue
        name_cell = cell(row, "项目名称")
        if name_cell and (project is None or name_cell != project.name):
            project = Project(name=name_cell, source=SourceRef(file=source_file, line=line, sheet=sheet))
            project.groups.append(IndicatorGroup(kind="project", title=name_cell))
            form.projects.append(project)
            level1_above = level2_above = ""
        if project is None:
            raise InputError("第一行指标没有填写项目名称", file=source_file, line=line, field="项目名称",
                             hint="请在每个项目的第一行填写项目名称")
        if cell(row, "主要内容") and not project.content:
            project.content = cell(row, "主要内容")
        if money_col is not None and money_col < len(row) and row[money_col] and project.money.total is None:
            read = _money(row[money_col], money_in_yuan, source_file, line)
            project.money.total, project.money.unit_raw = read.total, read.unit_raw
        for column, attr in _PROJECT_TEXT.items():
            if cell(row, column) and not getattr(project, attr):
                setattr(project, attr, cell(row, column))
        for column, attr in _PROJECT_MONEY.items():
            if cell(row, column) and getattr(project.money, attr) is None:
                amount = _money(cell(row, column), False, source_file, line, field=column).total
                setattr(project.money, attr, amount)
        if project.supervisor and form.supervisor is None:
            form.supervisor = project.supervisor
        if cell(row, "年度") and form.year is None:
            form.year = _year(cell(row, "年度"), source_file, line)
        if cell(row, "单位名称") and form.unit is None:
            form.unit = cell(row, "单位名称")
        group_title = cell(row, "分组")
        if group_title and project.groups[-1].title != group_title:
            if project.groups[-1].indicators:
                project.groups.append(IndicatorGroup(kind="function", title=group_title))
            else:
                project.groups[-1].title, project.groups[-1].kind = group_title, "function"

        name = cell(row, "三级指标")
        if not name:
            if any(cell(row, c) for c in ("一级指标", "二级指标", "指标值")):
                raise InputError("这一行没有填写三级指标名称", file=source_file, line=line, field="三级指标",
                                 hint="请填写指标名称，或删除这一行")
            continue
        l1_text = cell(row, "一级指标") or level1_above
        l2_text = cell(row, "二级指标") or (level2_above if not cell(row, "一级指标") else "")
        level1_above, level2_above = l1_text, l2_text
        if "指标值" in col and cell(row, "指标值"):
            value = parse_value(cell(row, "指标值"), name=name)
        elif "目标值" in col:
            value = parse_split(cell(row, "计算符号"), cell(row, "目标值"), cell(row, "度量单位"), name=name)
        else:
            value = parse_value("", name=name)
        pair = levels.split_pair(l1_text) if l1_text and not l2_text else None
        level1 = pair[0] if pair else levels.normalize_level1(l1_text)
        level2 = pair[1] if pair else levels.normalize_level2(l2_text)
        if levels.clean_label(l1_text) in ("成本指标", "成本") and level2 and levels.parent_of(level2) == levels.COST:
            level1 = levels.COST
        indicator = Indicator(
            level1=level1, level2=level2, level1_raw=l1_text, level2_raw=l2_text, name=name, name_raw=name,
            value=value, basis=cell(row, "指标值设定依据") or None,
            source=SourceRef(file=source_file, line=line, sheet=sheet),
        )
        if l1_text and level1 is None and not pair:
            indicator.level1 = None  # unknown 一级 stays unknown: the validator reports it (H1)
        else:
            settle_levels(indicator, explicit_l2=bool(level2) or bool(l2_text), explicit_l1=level1)
        project.groups[-1].indicators.append(indicator)
    if not form.projects:
        raise InputError("表中没有指标行", file=source_file, hint="请在表头下填写指标")
    return form.assign_ids()


def _money(text: str, in_yuan: bool, source_file: str, line: int, field: str = "预算金额（万元）") -> Money:
    cleaned = re.sub(r"[\s,，]", "", text).removesuffix("万元").removesuffix("元")
    try:
        amount = float(cleaned)
    except ValueError:
        raise InputError(f"{field.split('（')[0]}“{text}”不是数字", file=source_file, line=line, field=field,
                         hint="请填写数字，如 280.00") from None
    if not math.isfinite(amount) or amount < 0:
        raise InputError(f"预算金额“{text}”不是有效的金额", file=source_file, line=line, field="预算金额（万元）",
                         hint="请填写不小于 0 的数字，如 280.00") from None
    if in_yuan:
        return Money(total=round(amount / 10000, 6), fiscal=None, unit_raw="元")
    return Money(total=amount)


def _year(text: str, source_file: str, line: int) -> int:
    m = re.search(r"(19|20)\d{2}", text)
    if not m:
        raise InputError(f"年度“{text}”不是年份", file=source_file, line=line, field="年度", hint="请填写如 2024")
    return int(m.group(0))


def rows_from_form(form: Form) -> list[list[Any]]:
    """The flat table for any Form, header first; project columns only on a project's first row.
    Amounts and the year are numbers (a spreadsheet sums them), "" where unknown."""
    out: list[list[Any]] = [list(COLUMNS)]
    for project in form.projects:
        first = True
        for group, ind in ordered_indicators(project):
            money = project.money
            group_title = group.title if group.kind in ("function", "goal") else ""
            header: list[Any] = [
                project.supervisor or form.supervisor or "", project.implementer or "", project.attribute or "",
                project.period or "", _amount(money.fiscal), _amount(money.other),
                project.annual_goal if project.annual_goal != project.content else ""]
            out.append([
                project.name if first else "", project.content if first else "",
                _amount(money.total) if first else "",
                ind.level1 or ind.level1_raw, ind.level2 or ind.level2_raw, ind.name, ind.value.raw,
                ind.basis or "", group_title, (form.year or "") if first else "",
                (form.unit or "") if first else "", *(header if first else [""] * len(header)),
            ])
            first = False
    return out


def ordered_indicators(project: Project) -> list[tuple[IndicatorGroup, Indicator]]:
    """A project's rows as a form lays them out: within each group, by 一级 then 二级 in the
    hierarchy's order (rows added later join their level's block), the order within a level kept.
    Levels the hierarchy does not know keep their place after the known ones."""
    order1 = {name: k for k, name in enumerate(levels.HIERARCHY)}
    order2 = {l2: k for children in levels.HIERARCHY.values() for k, l2 in enumerate(children)}
    out: list[tuple[IndicatorGroup, Indicator]] = []
    for group in project.groups:
        keys = [(ind.level1 or ind.level1_raw, ind.level2 or ind.level2_raw) for ind in group.indicators]
        first_seen: dict[tuple[str, str], int] = {}
        for k, pair in enumerate(keys):
            first_seen.setdefault(pair, k)
        order = sorted(range(len(keys)), key=lambda k: (order1.get(keys[k][0], len(order1)),  # noqa: B023
                                                        order2.get(keys[k][1], len(order2)),
                                                        first_seen[keys[k]], k))  # noqa: B023
        out += [(group, group.indicators[k]) for k in order]
    return out


def _amount(value: float | None) -> float | int | str:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 6)


# OWASP's rule for CSV injection: a cell a spreadsheet would run as a formula starts with = + - @ or
# a tab / carriage return; a leading ' makes it text. Plain signed numbers (-5, +3.5%) stay as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[-+]\d+(\.\d+)?%?$")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _SIGNED_NUMBER.match(text):
        return "'" + text
    return text


def rows_to_csv(rows: Sequence[Sequence[object]]) -> str:
    """The one way this tool writes csv: every cell guarded against formula injection."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[csv_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def too_many_rows(source_file: str, max_rows: int, sheet: str | None = None) -> InputError:
    """The refusal of a table longer than the cap: reading it on would take minutes and gigabytes."""
    where = f"工作表“{sheet}”" if sheet else "表格"
    return InputError(f"{where}超过 {max_rows} 行（读取上限 {max_rows} 行），已停止读取", file=source_file,
                      hint=f"请把表拆成每份不超过 {max_rows} 行的几个文件，或调大设置 JXMB_TABLE_MAX_ROWS")


def read_csv_rows(text: str, *, max_rows: int | None = None, source_file: str = "") -> list[list[str]]:
    """The csv's rows; past `max_rows` rows reading stops with `too_many_rows`."""
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    for row in csv.reader(io.StringIO(text), dialect):
        if max_rows is not None and len(rows) >= max_rows:
            raise too_many_rows(source_file, max_rows)
        rows.append([_unguard(cell) for cell in row])
    return rows


def form_from_csv(text: str, *, form_id: str, source_file: str, max_rows: int | None = None) -> Form:
    rows = read_csv_rows(text, max_rows=max_rows, source_file=source_file)
    return form_from_rows(rows, form_id=form_id, source_file=source_file)


def form_to_csv(form: Form) -> str:
    return rows_to_csv(rows_from_form(form))
