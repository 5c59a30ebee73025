"""Documents as published (xlsx, docx, PDF, HTML, images) become the text the published-page reader
reads: a table row is one line with `|` between its cells, any other text a line of its own.

Each format's reader only lays out its content as `Line`s, each knowing where it came from (sheet,
page or table, and row); `read_lines` reads them with `read_published` and points every source back
at that place, so a row of a docx table cites the table and row, not a line of text the user never saw.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.published import read_published
from assistant.corpus.schema import Form, Project
from assistant.errors import InputError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass
class Line:
    text: str
    sheet: str | None = None
    row: int | None = None


def cell_text(text: object) -> str:
    """One cell's text on one line. Word and PDF wrap long cells: Chinese pieces join without a
    space, others with one; a `|` inside a cell would split it, so it becomes a full-width bar."""
    if text is None:
        return ""
    pieces = [p.strip() for p in str(text).replace("\r", "\n").split("\n")]
    out = ""
    for piece in pieces:
        if not piece:
            continue
        glue = "" if not out or (_CJK_END.search(out) and _CJK_START.search(piece)) else " "
        out += glue + piece
    return re.sub(r"[ \t\u3000\xa0]+", " ", out).replace("|", "｜").strip()


def row_line(cells: Sequence[object], *, sheet: str | None = None, row: int | None = None) -> Line | None:
    """A table row as one line. A row with a single filled cell is plain text: a trailing `|` would
    read as the cell-a-line HTML layout."""
    texts = [cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    filled = [t for t in texts if t]
    if not filled:
        return None
    return Line(filled[0] if len(filled) == 1 else "|".join(texts), sheet, row)


def text_lines(text: str, *, sheet: str | None = None, row: int | None = None) -> list[Line]:
    return [Line(cell_text(t), sheet, row) for t in text.splitlines() if cell_text(t)]


def read_lines(lines: list[Line], *, form_id: str, source_file: str,
               parts: list[list[Line]] | None = None) -> Form:
    """Read laid-out lines as a published form; sources name the sheet/page/table and row.

    The lines are read part by part: `parts` where the format has them (a workbook's sheets), each
    cut again where a form's title follows an indicator table (one project a page or a table, as
    finance systems print them), so a title never reads as a row of the table before it. Parts
    without an indicator table are skipped; the form has every project of the others."""
    parts = [piece for part in (parts if parts is not None else [lines]) for piece in _cut_at_titles(part)]
    everything = [line for part in parts for line in part]
    if not everything:
        raise InputError("文件里没有可读的文字", file=source_file,
                         hint="请确认文件不是空白的；扫描件请用清晰的图片或 PDF")
    form: Form | None = None
    first_error: InputError | None = None
    offset = 0
    for part in parts:
        try:
            read = read_published("\n".join(line.text for line in part), form_id=form_id,
                                  source_file=source_file)
        except InputError as exc:
            first_error = first_error or exc
            offset += len(part)
            continue
        for project in read.projects:
            project.id = ""
            for _, ref in _sources(project):
                if ref is not None and ref.line:
                    ref.line += offset
        offset += len(part)
        if form is None:
            form = read
        else:
            form.projects += read.projects
            form.notes += [note for note in read.notes if note not in form.notes]
    if form is None:
        assert first_error is not None
        raise first_error
    for project in form.projects:
        for indicator, _ in _sources(project):
            if indicator is not None:
                indicator.id = ""
    form.assign_ids()
    for project in form.projects:
        for _, ref in _sources(project):
            if ref is not None and ref.line and 0 < ref.line <= len(everything):
                origin = everything[ref.line - 1]
                ref.sheet, ref.line = origin.sheet, origin.row
    return form


_TITLE = re.compile(r"(绩效目标|绩效指标|绩效自评)\S{0,8}表")
_TABLE_HEADER = re.compile(r"一级指标|三级指标")


def _cut_at_titles(lines: list[Line]) -> list[list[Line]]:
    parts: list[list[Line]] = [[]]
    seen_table = False
    for line in lines:
        if seen_table and "|" not in line.text and len(line.text) <= 40 and _TITLE.search(line.text):
            parts.append([])
            seen_table = False
        parts[-1].append(line)
        seen_table = seen_table or bool(_TABLE_HEADER.search(line.text))
    return [part for part in parts if part]


def _sources(project: Project):
    """(indicator or None, its SourceRef) for the project and each of its indicators."""
    yield None, project.source
    for group in project.groups:
        for indicator in group.indicators:
            yield indicator, indicator.source


def refuse_unreadable_package(path: Path, kind: str, save_as: str) -> None:
    """Office files that are not a zip package: an encrypted (password) file is an OLE container,
    and so is the old binary format; anything else is damaged or misnamed."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path), hint="请检查路径") from None
    if head == OLE_SIGNATURE:
        raise InputError(f"文件设置了打开密码，或是旧版格式，不是 {kind}", file=path.name,
                         hint=f"请在 Office/WPS 中去掉打开密码后{save_as}，再导入")
    if not zipfile.is_zipfile(path):
        raise InputError(f"不是有效的 {kind} 文件（可能已损坏，或只是改了扩展名）", file=path.name,
                         hint=f"请用 Office/WPS 打开后{save_as}，再导入")
