"""xlsx adapter (openpyxl; .xls through xlrd): read the flat indicator table from a workbook, or a
workbook in the standard layout as finance systems export it, and write a
workbook laid out like a standard 项目支出绩效目标表 (one sheet a project: header block,
then the indicator table with merged 一级 / 二级 cells), plus a flat 指标清单 sheet that
this tool reads back."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import InvalidFileException

from assistant.corpus.document import Line, read_lines, refuse_unreadable_package, row_line
from assistant.corpus.schema import FORM_KIND_TEXT, Form, FormKind, Project
from assistant.corpus.tables import (
    find_header,
    form_from_rows,
    ordered_indicators,
    rows_from_form,
    too_many_rows,
)
from assistant.errors import InputError

FLAT_SHEET = "指标清单"


def read_form(path: Path, form_id: str, *, max_rows: int | None = None) -> Form:
    """Our interchange table (a header row with 项目名称 … 三级指标) where a sheet has one; otherwise
    the standard layout as finance systems export it, read like a published page. A sheet longer
    than `max_rows` stops the reading with a message naming it."""
    path = Path(path)
    if path.suffix.lower() == ".xls" and _is_html(path):
        from assistant.corpus import html_reader

        return html_reader.read_form(path, form_id=form_id)
    if path.suffix.lower() == ".xls":
        sheets = _xls_sheets(path, max_rows)
    else:
        sheets = _xlsx_sheets(path, max_rows)
    interchange_error: InputError | None = None
    for title, rows in sheets:
        if find_header([["" if c is None else str(c) for c in r] for r in rows]) is None:
            continue
        try:
            return form_from_rows(rows, form_id=form_id, source_file=path.name, sheet=title)
        except InputError as exc:  # the table header of a standard layout, without the 项目名称 column
            interchange_error = interchange_error or exc
    own = [(title, *read) for title, rows in sheets if (read := _own_layout_rows(rows)) is not None]
    if own:  # this tool's export without its 指标清单 sheet: its project sheets hold the same table
        return _form_from_own_sheets(own, form_id=form_id, source_file=path.name)
    parts = [_sheet_lines(title, rows) for title, rows in sheets]
    try:
        return read_lines([], form_id=form_id, source_file=path.name, parts=parts)
    except InputError:
        if interchange_error is not None:
            raise interchange_error from None
        raise InputError("工作簿里没有找到指标表（既没有“项目名称”“一级指标”“二级指标”“三级指标”“指标值”表头的清单，"
                         "也没有“一级指标 / 二级指标 / 三级指标 / 指标值”的绩效目标表）",
                         file=path.name, hint="请确认工作簿里有绩效指标表，或使用本工具导出的“指标清单”工作表") from None


_OWN_TABLE_HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "分组")
_KIND_OF_TITLE: dict[str, FormKind] = {text: kind for kind, text in FORM_KIND_TEXT.items()}  # type: ignore[misc]


def _own_layout_rows(rows: list[list[object]]) -> tuple[list[list[object]], FormKind] | None:
    """A project sheet as `_project_sheet` writes it, turned into the flat table row for row (the
    flat header on the sheet's table header row, blank rows above it), so sources keep the sheet's
    row numbers, with the form kind its title names; None for any other sheet."""
    text = [["" if c is None else str(c).strip() for c in row] + [""] * 6 for row in rows]
    # The 分组 column is written only when the form has named groups: match on the five before it.
    header_at = next((k for k, row in enumerate(text[:12]) if tuple(row[:5]) == _OWN_TABLE_HEADER[:5]), None)
    if header_at is None:
        return None
    block = {row[0]: k for k, row in enumerate(text[:header_at]) if row[0]}
    if "项目名称" not in block:
        return None

    def cell(label: str, column: int, below: int = 0) -> str:
        """The header block's cell `column` on the row labelled `label` (or `below` rows under it)."""
        return text[block[label] + below][column] if label in block else ""

    other = cell("资金投入（万元）", 2, below=1) if cell("资金投入（万元）", 1, below=1) == "其他资金" else ""
    year = next((text[k][0] for k in range(min(2, header_at)) if re.fullmatch(r"（\d{4}年度）", text[k][0])), "")
    goal = cell("年度绩效目标", 1)
    project = {"项目名称": cell("项目名称", 1), "主要内容": goal, "预算金额（万元）": cell("资金投入（万元）", 2),
               "年度": year.strip("（）年度"), "主管部门": cell("主管部门", 1), "实施单位": cell("主管部门", 4),
               "项目属性": cell("项目属性", 1), "实施期": cell("项目名称", 4),
               "财政拨款（万元）": cell("资金投入（万元）", 4), "其他资金（万元）": other, "年度绩效目标": goal}
    flat: list[list[object]] = [[] for _ in range(header_at)]
    flat.append([*project, *_OWN_TABLE_HEADER])
    for k, row in enumerate(text[header_at + 1:]):
        flat.append([*(project.values() if k == 0 else [""] * len(project)), *row[:6]])
    return flat, _KIND_OF_TITLE.get(text[0][0], "project")


def _form_from_own_sheets(sheets: list[tuple[str, list[list[object]], FormKind]], *, form_id: str,
                          source_file: str) -> Form:
    """One form of the project sheets (in the workbook's order), each read by the flat table reader.
    A project sheet without rows is left out, as the 指标清单 leaves it out."""
    def has_rows(rows: list[list[object]]) -> bool:
        header_at = next(k for k, row in enumerate(rows) if row)
        return any(any(row[-len(_OWN_TABLE_HEADER):]) for row in rows[header_at + 1:])

    filled = [sheet for sheet in sheets if has_rows(sheet[1])]
    forms = [form_from_rows(rows, form_id=form_id, source_file=source_file, sheet=title)
             for title, rows, _ in filled or sheets[:1]]
    form = forms[0]
    for other in forms[1:]:
        form.projects += other.projects
        form.year = form.year or other.year
    form.kind = sheets[0][2]
    for project in form.projects:
        project.id = ""
        for indicator in project.indicators:
            indicator.id = ""
    return form.assign_ids()


def _xlsx_sheets(path: Path, max_rows: int | None = None) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's rows, the flat 指标清单 first. Merged cells read as the value in the first cell
    and blanks elsewhere, as the standard layout's merged 一级 / 二级 cells should."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path)) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        refuse_unreadable_package(path, "xlsx", "另存为 .xlsx")
        raise InputError("不是有效的 xlsx 文件（可能已损坏，或是 .xls 旧格式）", file=path.name,
                         hint="请用 Excel/WPS 另存为 .xlsx 后再导入") from None
    try:
        ordered = [workbook[FLAT_SHEET]] if FLAT_SHEET in workbook.sheetnames else []
        ordered += [ws for ws in workbook.worksheets if ws.title != FLAT_SHEET]
        return [(ws.title, _capped_rows(ws, path.name, max_rows)) for ws in ordered]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError("xlsx 文件已损坏，读到一半无法继续", file=path.name,
                         hint="请用 Excel/WPS 打开并另存为 .xlsx 后再导入") from None
    finally:
        workbook.close()


def _capped_rows(ws, source_file: str, max_rows: int | None) -> list[list[object]]:
    """A sheet's rows as shown, read one by one (read-only mode streams them) up to the cap."""
    rows: list[list[object]] = []
    for row in ws.iter_rows():
        if max_rows is not None and len(rows) >= max_rows:
            raise too_many_rows(source_file, max_rows, sheet=ws.title)
        rows.append([_shown(c) for c in row])
    return rows


def _shown(cell) -> object:
    """A cell as the sheet shows it: a number formatted as a percentage reads "95%", not 0.95."""
    value = cell.value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{_number(value * 100)}%"
    return value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{round(value, 6):g}"


def _is_html(path: Path) -> bool:
    """Many finance systems' "导出 Excel" writes an HTML table named .xls (Excel opens it)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return False
    return head.startswith(b"<") and (b"<html" in head or b"<table" in head)


def _xls_sheets(path: Path, max_rows: int | None = None) -> list[tuple[str, list[list[object]]]]:
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        raise InputError("无法读取 .xls 旧格式", file=path.name, hint="请用 Excel/WPS 另存为 .xlsx 后再导入") from None
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path)) from None
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, OSError, ValueError, AssertionError, IndexError) as exc:
        encrypted = "encrypt" in str(exc).lower()
        raise InputError("xls 文件设置了打开密码" if encrypted else "不是有效的 xls 文件（可能已损坏）",
                         file=path.name, hint=("请去掉打开密码后" if encrypted else "请用 Excel/WPS 打开后")
                         + "另存为 .xlsx，再导入") from None
    try:
        sheets = []
        for sheet in book.sheets():
            if max_rows is not None and sheet.nrows > max_rows:
                raise too_many_rows(path.name, max_rows, sheet=sheet.name)
            rows = []
            for r in range(sheet.nrows):
                row: list[object] = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_NUMBER:
                        row.append(_number(cell.value))
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode).date().isoformat())
                    else:
                        row.append(cell.value)
                rows.append(row)
            sheets.append((sheet.name, rows))
        return sheets
    finally:
        book.release_resources()


def _sheet_lines(title: str, rows: list[list[object]]) -> list[Line]:
    lines = []
    for number, row in enumerate(rows, start=1):
        line = row_line([_number(c) if isinstance(c, float) else c for c in row], sheet=title, row=number)
        if line is not None:
            lines.append(line)
    return lines


def _append(ws, row: Sequence[object]) -> None:
    """Append a row; text that starts with = + - @ stays text (never a formula)."""
    ws.append(row)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"


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
    goal = project.annual_goal or project.content
    block: list[list[object]] = [
        ["项目名称", project.name, "", "项目实施期", project.period or "", ""],
        ["主管部门", project.supervisor or form.supervisor or "", "", "实施单位",
         project.implementer or form.unit or "", ""],
        ["项目属性", project.attribute or "", "", "", "", ""],
        ["资金投入（万元）", "年度金额", _amount(money.total), "其中：财政拨款", _amount(money.fiscal), ""],
        ["", "其他资金", _amount(money.other), "", "", ""],
        ["年度绩效目标", goal, "", "", "", ""],
    ]
    start = ws.max_row + 1
    for row in block:
        _append(ws, row)
    for offset in (0, 1):
        ws.merge_cells(start_row=start + offset, start_column=2, end_row=start + offset, end_column=3)
    ws.merge_cells(start_row=start + 2, start_column=2, end_row=start + 2, end_column=6)
    goal_row = start + len(block) - 1
    ws.merge_cells(start_row=goal_row, start_column=2, end_row=goal_row, end_column=6)
    ws.row_dimensions[goal_row].height = max(60, 16 * (goal.count("\n") + 1))
    indicators = ordered_indicators(project)
    # 分组 only means something on a whole-unit form's functions or goals; a project's one group
    # would leave the column empty on every row.
    grouped = any(group.kind in ("function", "goal") for group, _ in indicators)
    ws.append(list(_OWN_TABLE_HEADER if grouped else _OWN_TABLE_HEADER[:5]))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    first_data = header_row + 1
    for group, ind in indicators:
        cells: list[object] = [ind.level1 or ind.level1_raw, ind.level2 or ind.level2_raw, ind.name, ind.value.raw,
                               ind.basis or ""]
        _append(ws, cells + ([group.title if group.kind in ("function", "goal") else ""] if grouped else []))
    level1s: list[tuple[str, ...]] = [(i.level1 or i.level1_raw,) for _, i in indicators]
    _merge_runs(ws, first_data, level1s, column=1)
    _merge_runs(ws, first_data, [(i.level1 or i.level1_raw, i.level2 or i.level2_raw) for _, i in indicators],
                column=2)
    for row in ws.iter_rows(min_row=start, max_row=ws.max_row, max_col=6):
        for cell in row:
            if cell.row >= header_row and cell.column == 6 and not grouped:
                continue
            cell.border = _BORDER
            if cell.alignment != _CENTER:
                cell.alignment = _WRAP


def _amount(value: float | None) -> float | str:
    """An amount as a number cell (a spreadsheet sums it), blank when unknown."""
    return "" if value is None else value


def _merge_runs(ws, first: int, keys: Sequence[tuple[str, ...]], column: int) -> None:
    """Merge vertical runs of equal keys, as forms merge 一级 / 二级 cells.

    Runs come from the data: once a range is merged, openpyxl reads its lower cells as empty.
    """
    start = 0
    for k in range(1, len(keys) + 1):
        if k == len(keys) or keys[k] != keys[start]:
            if k - 1 > start:
                ws.merge_cells(start_row=first + start, start_column=column, end_row=first + k - 1,
                               end_column=column)
            ws.cell(first + start, column).alignment = _CENTER
            start = k


def form_to_xlsx(form: Form) -> bytes:
    return forms_to_xlsx([form])


INDEX_SHEET = "目录"


def forms_to_xlsx(forms: Sequence[Form], index: Sequence[Sequence[object]] | None = None) -> bytes:
    """One workbook: a sheet per project in the standard layout (every project of every form), the
    flat 指标清单 of them all (what this tool reads back), and, when `index` rows are given (header
    first), an index sheet in front that names each project's sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = {INDEX_SHEET, FLAT_SHEET}
    sheets: list[str] = []
    for form in forms:
        for project in form.projects:
            _project_sheet(wb, form, project, taken)
            sheets.append(wb.worksheets[-1].title)
    if index is not None:
        ws = wb.create_sheet(INDEX_SHEET, 0)
        for k, row in enumerate(index):
            sheet = "工作表" if k == 0 else (sheets[k - 1] if k - 1 < len(sheets) else "")
            _append(ws, [*row, sheet])
            if k and sheet:
                ws.cell(ws.max_row, len(row) + 1).hyperlink = f"#'{sheet}'!A1"
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.column_dimensions["B"].width = 36
    flat = wb.create_sheet(FLAT_SHEET)
    for k, form in enumerate(forms):
        for row in rows_from_form(form)[0 if k == 0 else 1:]:
            _append(flat, row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rows_to_xlsx(rows: list[list[object]], sheet: str = FLAT_SHEET) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        _append(ws, row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
