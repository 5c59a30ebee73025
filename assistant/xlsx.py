"""xlsx adapter (openpyxl): read the flat indicator table from a workbook, and write a
workbook laid out like a standard 项目支出绩效目标表 (one sheet a project: header block,
then the indicator table with merged 一级 / 二级 cells), plus a flat 指标清单 sheet that
this tool reads back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import InvalidFileException

from .errors import InputError
from .schema import FORM_KIND_TEXT, Form, Project
from .tables import find_header, form_from_rows, rows_from_form

FLAT_SHEET = "指标清单"


def read_form(path: Path, form_id: str) -> Form:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path)) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise InputError("不是有效的 xlsx 文件（可能已损坏，或是 .xls 旧格式）", file=path.name,
                         hint="请用 Excel/WPS 另存为 .xlsx 后再导入") from None
    try:
        sheets = [workbook[FLAT_SHEET]] if FLAT_SHEET in workbook.sheetnames else []
        sheets += [ws for ws in workbook.worksheets if ws.title != FLAT_SHEET]
        for sheet in sheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            if find_header([["" if c is None else str(c) for c in r] for r in rows]) is not None:
                return form_from_rows(rows, form_id=form_id, source_file=path.name, sheet=sheet.title)
    finally:
        workbook.close()
    raise InputError("工作簿里没有找到指标表（需要“项目名称”“一级指标”“二级指标”“三级指标”“指标值”表头）",
                     file=path.name, hint="请使用模板表头，或导出的“指标清单”工作表")


_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet_title(name: str, taken: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in '[]:*?/\\')[:28] or "项目"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:26]}{n}", n + 1
    taken.add(title)
    return title


def _project_sheet(wb: Workbook, form: Form, project: Project, taken: set[str]) -> None:
    ws = wb.create_sheet(_sheet_title(project.name, taken))
    widths = {"A": 14, "B": 16, "C": 34, "D": 16, "E": 14, "F": 14}
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    title = FORM_KIND_TEXT["project"] if form.kind == "project" else FORM_KIND_TEXT[form.kind]
    ws.append([title])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = _CENTER
    ws.append([f"（{form.year}年度）" if form.year else ""])
    ws.merge_cells("A2:F2")
    ws["A2"].alignment = _CENTER
    money = project.money
    block = [
        ["项目名称", project.name, "", "项目实施期", project.period or "", ""],
        ["主管部门", project.supervisor or form.supervisor or "", "", "实施单位",
         project.implementer or form.unit or "", ""],
        ["资金投入（万元）", "年度金额", money.total if money.total is not None else "", "其中：财政拨款",
         money.fiscal if money.fiscal is not None else "", ""],
        ["", "其他资金", money.other if money.other is not None else "", "", "", ""],
        ["绩效目标", project.annual_goal or project.content, "", "", "", ""],
    ]
    start = ws.max_row + 1
    for row in block:
        ws.append(row)
    ws.merge_cells(start_row=start, start_column=2, end_row=start, end_column=3)
    ws.merge_cells(start_row=start + 1, start_column=2, end_row=start + 1, end_column=3)
    ws.merge_cells(start_row=start + 4, start_column=2, end_row=start + 4, end_column=6)
    ws.row_dimensions[start + 4].height = 60
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "分组"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    first_data = header_row + 1
    indicators = [(g, i) for g in project.groups for i in g.indicators]
    for group, ind in indicators:
        ws.append([ind.level1 or ind.level1_raw, ind.level2 or ind.level2_raw, ind.name, ind.value.raw,
                   ind.basis or "", group.title if group.kind in ("function", "goal") else ""])
    _merge_runs(ws, first_data, len(indicators), column=1)
    _merge_runs(ws, first_data, len(indicators), column=2, within=1)
    for row in ws.iter_rows(min_row=start, max_row=ws.max_row, max_col=6):
        for cell in row:
            cell.border = _BORDER
            if cell.alignment != _CENTER:
                cell.alignment = _WRAP


def _merge_runs(ws, first: int, count: int, column: int, within: int | None = None) -> None:
    """Merge vertical runs of equal cells, as forms merge 一级 / 二级 cells."""
    run_start = first
    for row in range(first + 1, first + count + 1):
        same = row < first + count and ws.cell(row, column).value == ws.cell(run_start, column).value
        if within is not None and row < first + count:
            same = same and ws.cell(row, within).value == ws.cell(run_start, within).value
        if not same:
            if row - 1 > run_start:
                ws.merge_cells(start_row=run_start, start_column=column, end_row=row - 1, end_column=column)
            ws.cell(run_start, column).alignment = _CENTER
            run_start = row


def form_to_xlsx(form: Form) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for project in form.projects:
        _project_sheet(wb, form, project, taken)
    flat = wb.create_sheet(FLAT_SHEET)
    for row in rows_from_form(form):
        flat.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rows_to_xlsx(rows: list[list[object]], sheet: str = FLAT_SHEET) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
