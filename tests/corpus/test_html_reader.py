"""Saved web pages: the standard form as an HTML table with rowspan/colspan, inside a page's own
layout table, among scripts, styles and navigation text."""

from __future__ import annotations

from html import escape

from assistant.corpus.files import load_form
from assistant.corpus.html_reader import page_lines
from tests.corpus.standard_layout import assert_read_back, standard_grid


def form_table(form, project) -> str:
    grid = standard_grid(form, project)
    spans, covered = grid.spans(), grid.covered()
    rows = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            cells.append(f"<td{attrs}><p>{escape(str(text))}</p></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1">' + "\n".join(rows) + "</table>"


def page(form, projects) -> str:
    tables = "\n".join(form_table(form, p) for p in projects)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{form.year}年项目支出绩效目标公开</title>
<style>td {{ border: 1px solid #ccc }} .nav {{ color: red }}</style>
<script>var 一级指标 = "产出指标|数量指标";</script></head>
<body><div class="nav">首页 &gt; 信息公开 &gt; 预算公开</div>
<table><tr><td>导航</td><td><h3>{form.unit}</h3>{tables}</td></tr></table>
<div>打印本页 关闭窗口</div></body></html>"""


def test_a_saved_page_reads_back_every_project_and_row(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    projects = form.projects[5:7]
    path = tmp_path / "公开.html"
    path.write_text(page(form, projects), encoding="utf-8")
    assert_read_back(load_form(path), form, projects)


def test_spans_leave_blanks_and_scripts_are_dropped(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    texts = [line.text for line in page_lines(page(form, form.projects[5:6]))]
    assert "||涉及预防性体检机构数量|≥500家" in texts  # rowspan: the text stays in the first cell
    assert "|其中：财政拨款|280" in texts
    assert not any("var" in t or "color" in t for t in texts)
    assert texts[0] == "2023年项目支出绩效目标公开" and "导航" in texts


def test_a_gbk_page_is_decoded(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "gbk.htm"
    path.write_bytes(page(form, form.projects[6:7]).replace("utf-8", "gbk").encode("gbk"))
    assert load_form(path).projects[0].name == "无偿献血补助经费"
