"""A year's batch: a unit's project list in, every project drafted, one workbook out.

    requests = read_project_list(Path("2025年项目清单.xlsx"), year=2025)
    drafts = draft_batch(requests, lambda r: draft_form(r, index, settings, forms=forms), progress=print)
    summary = summary_rows(drafts)                        # header first: rows, findings, needs-review per project
    data = batch_workbook(drafts)                          # an index sheet, a sheet per project, the flat 指标清单

The list is a csv or xlsx table whose header has 项目名称, 主要内容 and 金额 (aliases such as
预算金额（万元） are read), optionally 主管部门, 实施单位 (or 单位名称) and 年度, in any order; titles
may sit above the header. A row that cannot be used stops the whole list with a Chinese message
naming the file, the row and the column: a batch is drafted from a list that is right, or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from assistant.draft.models import Draft, DraftRequest
from assistant.errors import InputError
from assistant.validate.findings import Finding

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
"""progress(done, total, project name): called before each project is drafted and once at the end."""

LIST_COLUMNS = ("项目名称", "主要内容", "金额（万元）", "主管部门", "实施单位", "年度")
_REQUIRED = ("项目名称", "主要内容", "金额（万元）")
_ALIASES = {
    "金额": "金额（万元）", "金额(万元)": "金额（万元）", "预算金额": "金额（万元）", "预算金额（万元）": "金额（万元）",
    "预算金额(万元)": "金额（万元）", "资金总额（万元）": "金额（万元）", "资金总额(万元)": "金额（万元）",
    "年度金额（万元）": "金额（万元）", "年度金额(万元)": "金额（万元）", "资金总额": "金额（万元）",
    "项目内容": "主要内容", "项目实施内容": "主要内容", "年度目标": "主要内容", "单位名称": "实施单位",
    "预算单位": "实施单位", "项目实施单位": "实施单位", "主管单位": "主管部门", "年份": "年度",
}
_FIELDS = {"项目名称": "name", "主要内容": "content", "金额（万元）": "budget", "主管部门": "supervisor",
           "实施单位": "unit", "年度": "year"}
SUMMARY_COLUMNS = ("序号", "项目名称", "金额（万元）", "指标行数", "错误", "警告", "需核实", "底稿")
_MAX_HEADER_ROW = 10
_MAX_PROJECTS = 200


def _canon(cell: Any) -> str:
    key = re.sub(r"\s+", "", "" if cell is None else str(cell)).replace("★", "").replace("*", "")
    return _ALIASES.get(key, key)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def requests_from_rows(rows: Sequence[Sequence[Any]], *, source: str, year: int | None = None,
                       first_line: int = 1) -> list[DraftRequest]:
    """The project list's rows (a header among the first rows) as requests; `year` for rows without one."""
    header_at = next((i for i, row in enumerate(rows[:_MAX_HEADER_ROW])
                      if "项目名称" in {_canon(c) for c in row}), None)
    if header_at is None:
        raise InputError("找不到表头（需要“项目名称”“主要内容”“金额（万元）”三列）", file=source,
                         hint="第一行写表头：" + "、".join(LIST_COLUMNS) + "（后三列可不填）")
    header = [_canon(c) for c in rows[header_at]]
    col = {name: k for k, name in reversed(list(enumerate(header))) if name in _FIELDS}
    missing = [name for name in _REQUIRED if name not in col]
    if missing:
        raise InputError(f"缺少必需的列：{'、'.join(missing)}", file=source, line=first_line + header_at,
                         hint="表头需要：" + "、".join(_REQUIRED) + "；可选：主管部门、实施单位、年度")
    requests: list[DraftRequest] = []
    for offset, row in enumerate(rows[header_at + 1:], start=header_at + 1):
        line = first_line + offset
        cells = {name: _text(row[k]) if k < len(row) else "" for name, k in col.items()}
        if not any(cells.values()):
            continue
        requests.append(_request(cells, source, line, year))
    if not requests:
        raise InputError("表中没有项目", file=source, hint="请在表头下每行填写一个项目")
    if len(requests) > _MAX_PROJECTS:
        raise InputError(f"一次最多起草 {_MAX_PROJECTS} 个项目（表中有 {len(requests)} 个）", file=source,
                         hint="请把清单分成几份")
    return requests


def _request(cells: dict[str, str], source: str, line: int, default_year: int | None) -> DraftRequest:
    if not cells["项目名称"]:
        raise InputError("没有填写项目名称", file=source, line=line, field="项目名称",
                         hint="请补上项目名称，或删除这一行")
    if not cells["主要内容"]:
        raise InputError(f"项目“{cells['项目名称']}”没有填写主要内容", file=source, line=line, field="主要内容",
                         hint="请用一两句话写明项目做什么，起草和年度绩效目标都依据它")
    money_text = re.sub(r"[\s,，]", "", cells["金额（万元）"]).removesuffix("万元")
    try:
        budget = float(money_text)
    except ValueError:
        what = f"“{cells['金额（万元）']}”不是数字" if money_text else "没有填写"
        raise InputError(f"金额{what}", file=source, line=line, field="金额（万元）",
                         hint="请填写以万元计的数字，如 120 或 35.5") from None
    if budget < 0:
        raise InputError(f"金额不能是负数（现为 {cells['金额（万元）']}）", file=source, line=line, field="金额（万元）",
                         hint="请填写以万元计的数字，如 120")
    year = default_year
    year_text = cells.get("年度", "")
    if year_text:
        found = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", year_text)
        if not found:
            raise InputError(f"年度“{year_text}”不是年份", file=source, line=line, field="年度", hint="请填写如 2025")
        year = int(found.group(0))
    values = {"name": cells["项目名称"], "content": cells["主要内容"], "budget": budget, "year": year,
              "unit": cells.get("实施单位") or None, "supervisor": cells.get("主管部门") or None}
    try:
        return DraftRequest(**values)
    except ValidationError:  # every field was checked above; kept as a located message all the same
        raise InputError("这一行无法使用", file=source, line=line, hint="请检查各列的内容") from None


def read_project_list(path: Path, *, year: int | None = None) -> list[DraftRequest]:
    """A project list from a csv or xlsx file (see the module doc)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("文件不存在", file=str(path), hint="请检查文件名和路径")
    if suffix == ".csv":
        from assistant.corpus.files import read_text
        from assistant.corpus.tables import read_csv_rows

        rows: list[list[Any]] = [list(r) for r in read_csv_rows(read_text(path))]
        return requests_from_rows(rows, source=path.name, year=year)
    if suffix in (".xlsx", ".xlsm"):
        return requests_from_rows(_xlsx_rows(path), source=path.name, year=year)
    raise InputError(f"不支持的项目清单格式“{path.suffix or '无扩展名'}”", file=path.name,
                     hint="请使用 .xlsx 或 .csv 文件（Excel/WPS 可另存为这两种格式）")


def _xlsx_rows(path: Path) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise InputError("不是有效的 xlsx 文件（可能已损坏，或是 .xls 旧格式）", file=path.name,
                         hint="请用 Excel/WPS 另存为 .xlsx 或 .csv 后再上传") from None
    try:
        for ws in workbook.worksheets:
            rows = [list(row) for row in ws.iter_rows(values_only=True)]
            if any("项目名称" in {_canon(c) for c in row} for row in rows[:_MAX_HEADER_ROW]):
                return rows
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)] if workbook.worksheets else []
    finally:
        workbook.close()


def draft_batch(requests: Sequence[DraftRequest], drafter: Callable[[DraftRequest], T], *,
                progress: Progress | None = None) -> list[T]:
    """Every request drafted in order by `drafter`, reporting progress before each and at the end."""
    results: list[T] = []
    for k, request in enumerate(requests):
        if progress:
            progress(k, len(requests), request.name)
        results.append(drafter(request))
    if progress:
        progress(len(requests), len(requests), "")
    return results


def _count(findings: Sequence[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


def summary_rows(drafts: Sequence[Draft]) -> list[list[Any]]:
    """The batch at a glance, header first: per project its rows, errors, warnings, rows to check, base."""
    rows: list[list[Any]] = [list(SUMMARY_COLUMNS)]
    for k, draft in enumerate(drafts, start=1):
        base = "上年同项目" if draft.base else ("起草失败" if draft.error and not draft.rows else "相似项目")
        rows.append([k, draft.request.name, "" if draft.request.budget is None else draft.request.budget,
                     len(draft.rows), _count(draft.findings, "error"), _count(draft.findings, "warn"),
                     sum(r.needs_review for r in draft.rows), base])
    return rows


def batch_workbook(drafts: Sequence[Draft], form_ids: Sequence[str] | None = None) -> bytes:
    """One workbook: the index sheet (the summary, each project's sheet named), a sheet per project in the
    standard layout, and the flat 指标清单 of them all, which `assistant ingest` reads back."""
    from assistant.corpus.xlsx import forms_to_xlsx

    ids = list(form_ids) if form_ids is not None else [f"batch_{k}" for k in range(1, len(drafts) + 1)]
    forms = [draft.to_form(form_id) for draft, form_id in zip(drafts, ids, strict=True)]
    return forms_to_xlsx(forms, index=summary_rows(drafts))
