"""docx as units publish it: a heading paragraph, then the standard form as one Word table with
merged cells (made here with python-docx), one table a project."""

from __future__ import annotations

import docx

from assistant.corpus.docx_reader import document_lines
from assistant.corpus.files import load_form
from tests.corpus.standard_layout import assert_read_back, standard_grid


def write_docx(path, form, projects) -> None:
    document = docx.Document()
    document.add_paragraph(f"{form.unit}{form.year}年项目支出绩效目标公开")
    for project in projects:
        grid = standard_grid(form, project)
        table = document.add_table(rows=len(grid.rows), cols=len(grid.rows[0]))
        for r, row in enumerate(grid.rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = str(text)
        for r0, c0, r1, c1 in grid.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        document.add_paragraph("填报人：张三")
    document.save(path)


def test_a_word_form_reads_back_every_project_and_row(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    projects = form.projects[5:7]
    path = tmp_path / "公开.docx"
    write_docx(path, form, projects)
    read = load_form(path)
    assert_read_back(read, form, projects)
    rate = read.projects[1].indicators[2]
    assert (rate.source.sheet, rate.source.line) == ("表格2", 13)


def test_merged_cells_keep_their_text_once(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "one.docx"
    write_docx(path, form, form.projects[5:6])
    texts = [line.text for line in document_lines(path)]
    assert "项目名称|预防性体检工作经费" in texts  # a cell merged across four columns, written once
    assert "||涉及预防性体检机构数量|≥500家" in texts  # 产出指标 / 数量指标 merged down from the row above
    assert texts[0].endswith("项目支出绩效目标公开") and texts[-1] == "填报人：张三"
