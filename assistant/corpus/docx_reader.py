"""docx adapter (python-docx): paragraphs and tables in document order, laid out as lines for the
published-page reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.corpus.document import Line, read_lines, refuse_unreadable_package, row_line, text_lines
from assistant.corpus.schema import Form
from assistant.errors import InputError


def read_form(path: Path, form_id: str) -> Form:
    return read_lines(document_lines(path), form_id=form_id, source_file=path.name)


def document_lines(path: Path) -> list[Line]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    refuse_unreadable_package(path, "docx", "另存为 .docx")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError("不是有效的 docx 文件（可能已损坏，或是 .doc 旧格式改了扩展名）", file=path.name,
                         hint="请用 Word/WPS 打开后另存为 .docx，再导入") from None
    lines: list[Line] = []
    tables = paragraphs = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            lines += table_lines(block, f"表格{tables}")
        else:
            paragraphs += 1
            lines += text_lines(block.text, sheet="正文", row=paragraphs)
    return lines


def table_lines(table, sheet: str) -> list[Line]:
    """Rows of a Word table. python-docx repeats a merged cell's object in every grid cell it covers
    (across and down): its text stands in the first of them only, as a merged 一级 / 二级 cell does
    on paper. A table nested in a cell is laid out after its row."""
    seen: dict[int, object] = {}  # holds the elements too, so no id is reused while we walk
    lines: list[Line] = []
    for number, row in enumerate(table.rows, start=1):
        cells: list[str] = []
        nested: list[Line] = []
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:
                cells.append("")
                continue
            seen[key] = cell._tc
            cells.append("\n".join(p.text for p in cell.paragraphs))
            for k, inner in enumerate(cell.tables, start=1):
                nested += table_lines(inner, f"{sheet}-{number}-{k}")
        line = row_line(cells, sheet=sheet, row=number)
        if line is not None:
            lines.append(line)
        lines += nested
    return lines
