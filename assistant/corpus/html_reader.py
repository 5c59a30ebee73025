"""Saved web pages (stdlib html.parser): table rows become `|` rows, other block text lines; scripts,
styles and forms' hidden parts are dropped.

A cell spanning rows or columns keeps its text in its first grid cell and leaves the others blank,
as a merged 一级 / 二级 cell does. Pages that lay themselves out with tables put the form's table
inside a cell of an outer one: a cell holding a table is not a cell of the form, so its text and the
inner table's rows come out as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from assistant.corpus.document import Line, read_lines, row_line, text_lines
from assistant.corpus.files import read_text
from assistant.corpus.schema import Form
from assistant.errors import InputError

_SKIP = {"script", "style", "noscript", "template", "select", "button", "svg", "iframe", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "header", "footer", "dd", "dt", "dl", "blockquote", "pre", "hr", "title", "body", "form", "center",
          "caption"}


@dataclass
class _Table:
    number: int
    row: int = 0
    cells: list[str] = field(default_factory=list)
    cell: list[str] | None = None
    colspan: int = 1
    spans: dict[int, int] = field(default_factory=dict)
    """Columns still covered by a cell above (rowspan): column → rows left."""
    layout_row: bool = False
    """The row holds a table in one of its cells: a row of page layout, not of the form."""

    @property
    def sheet(self) -> str:
        return f"表格{self.number}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.tables: list[_Table] = []
        self.skipping = 0
        self.count = 0

    @property
    def table(self) -> _Table | None:
        return self.tables[-1] if self.tables else None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
        table = self.table
        if tag == "table":
            if table is not None and table.cell is not None:
                self._open_layout_row(table)
            self._flush_text()
            self.count += 1
            self.tables.append(_Table(self.count))
        elif tag == "tr" and table is not None:
            self._end_row(table)
            table.row += 1
        elif tag in ("td", "th") and table is not None:
            self._end_cell(table)
            self._skip_spanned(table)
            values = dict(attrs)
            rowspan, table.colspan = _span(values.get("rowspan")), _span(values.get("colspan"))
            if rowspan > 1:
                for column in range(len(table.cells), len(table.cells) + table.colspan):
                    table.spans[column] = rowspan - 1
            table.cell = []
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr") and not self.skipping:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        table = self.table
        if tag == "table" and table is not None:
            self._end_row(table)
            self.tables.pop()
        elif tag in ("td", "th") and table is not None:
            self._end_cell(table)
        elif tag == "tr" and table is not None:
            self._end_row(table)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if self.skipping:
            return
        table = self.table
        if table is not None and table.cell is not None:
            table.cell.append(data)
        else:
            self.text.append(data)

    def _break(self) -> None:
        table = self.table
        if table is not None and table.cell is not None:
            table.cell.append("\n")  # a line break inside a cell; cell_text joins the pieces
        else:
            self._flush_text()

    def _flush_text(self) -> None:
        table = self.table
        self.lines += text_lines("".join(self.text), sheet=table.sheet if table else None,
                                 row=table.row if table else None)
        self.text = []

    def _open_layout_row(self, table: _Table) -> None:
        """A table starts inside this row's cell: what the row held so far is page text."""
        for text in [*table.cells, "".join(table.cell or [])]:
            self.lines += text_lines(text, sheet=table.sheet, row=table.row)
        table.cells, table.cell, table.layout_row = [], [], True

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        text = "".join(table.cell)
        table.cell = None
        if table.layout_row:
            self.lines += text_lines(text, sheet=table.sheet, row=table.row)
            return
        table.cells += [text] + [""] * (table.colspan - 1)

    def _skip_spanned(self, table: _Table) -> None:
        while table.spans.get(len(table.cells), 0) > 0:
            table.spans[len(table.cells)] -= 1
            table.cells.append("")

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if not table.layout_row and table.cells:
            self._skip_spanned(table)
            line = row_line(table.cells, sheet=table.sheet, row=table.row)
            if line is not None:
                self.lines.append(line)
        table.cells, table.layout_row = [], False

    def close(self) -> None:
        super().close()
        while self.tables:
            self._end_row(self.tables.pop())
        self._flush_text()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def page_lines(html: str) -> list[Line]:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.lines


def read_form(path: Path, form_id: str) -> Form:
    html = read_text(path)
    if "<" not in html:
        raise InputError("这不是网页文件（没有 HTML 标记）", file=path.name,
                         hint="纯文字请存为 .txt 再导入")
    return read_lines(page_lines(html), form_id=form_id, source_file=path.name)
