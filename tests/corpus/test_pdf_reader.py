"""PDF as units publish it: a text-layer PDF (reportlab, its built-in STSong-Light CJK font) with one
ruled table a project and text around it; a scan (an image of the form saved as PDF) goes through OCR."""

from __future__ import annotations

from assistant.corpus.files import load_form
from assistant.corpus.pdf_reader import document_lines
from tests.corpus.standard_layout import assert_read_back, render_image, standard_grid


def write_pdf(path, form, projects) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    story = []
    for k, project in enumerate(projects):
        grid = standard_grid(form, project)
        data = [[Paragraph(str(text), style) if len(str(text)) > 30 else str(text) for text in row]
                for row in grid.rows]
        commands = [("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")]
        commands += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in grid.merges]
        story += [Paragraph(f"{form.unit}{form.year}年部门预算公开", style),
                  Table(data, colWidths=[90, 110, 230, 80, 150], style=TableStyle(commands)),
                  Paragraph("填报人：张三", style)]
        if k < len(projects) - 1:
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)


def test_a_text_pdf_reads_back_every_project_and_row(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    projects = form.projects[5:7]
    path = tmp_path / "公开.pdf"
    write_pdf(path, form, projects)
    read = load_form(path)
    assert_read_back(read, form, projects)
    assert read.projects[1].indicators[0].source.sheet == "第2页"


def test_tables_and_the_text_around_them_keep_their_order(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "one.pdf"
    write_pdf(path, form, form.projects[5:6])
    texts = [line.text for line in document_lines(path)]
    assert texts[0].endswith("部门预算公开") and texts[-1] == "填报人：张三"
    assert "||涉及预防性体检机构数量|≥500家" in texts  # merged 一级 / 二级: blank below their first row


def test_a_scanned_pdf_goes_through_ocr(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    project = form.projects[6]
    path = tmp_path / "扫描件.pdf"
    render_image(standard_grid(form, project)).save(path, "PDF", resolution=150)
    read = load_form(path)
    assert_read_back(read, form, [project])
    assert read.projects[0].indicators[0].source.sheet == "第1页"
