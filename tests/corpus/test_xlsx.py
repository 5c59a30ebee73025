"""xlsx: the standard layout export and reading the flat sheet back."""

import io

from openpyxl import load_workbook

from assistant.corpus.files import atomic_write, load_form
from assistant.corpus.xlsx import FLAT_SHEET, form_to_xlsx, rows_to_xlsx


def test_standard_layout_has_a_sheet_per_project_with_merged_levels(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    wb = load_workbook(io.BytesIO(form_to_xlsx(form)))
    assert len(wb.sheetnames) == len(form.projects) + 1 and wb.sheetnames[-1] == FLAT_SHEET
    ws = wb[wb.sheetnames[5]]  # 预防性体检工作经费
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "项目支出绩效目标表"
    assert ["项目名称", "预防性体检工作经费", None, "项目实施期", "2023.01.01-2023.12.31", None] in values
    header = next(i for i, row in enumerate(values) if row[:4] == ["一级指标", "二级指标", "三级指标", "指标值"])
    table = values[header + 1:]
    assert [r[2] for r in table] == [i.name for i in form.projects[5].indicators]
    merged = {str(r) for r in ws.merged_cells.ranges}
    first = header + 2  # 1-based row of the first indicator
    assert f"A{first}:A{first + 3}" in merged  # 产出指标 over four rows
    assert f"B{first}:B{first + 1}" in merged  # 数量指标 over two rows


def test_export_reads_back_every_row(tmp_path, corpus_forms):
    for form in corpus_forms.values():
        path = tmp_path / f"{form.id}.xlsx"
        atomic_write(path, form_to_xlsx(form))
        again = load_form(path)
        before = [(i.level1, i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()]
        after = [(i.level1, i.level2, i.name, i.value.raw) for _, _, i in again.iter_indicators()]
        assert after == before, form.id


def test_a_table_with_a_title_above_the_header(tmp_path):
    rows = [["某局2025年项目绩效目标"], [], ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
            ["培训项目", "产出指标", "数量指标", "培训人数", "≥200人"], [None, None, "质量指标", "培训合格率", 0.95]]
    path = tmp_path / "t.xlsx"
    path.write_bytes(rows_to_xlsx(rows, sheet="Sheet1"))
    form = load_form(path)
    rate = form.projects[0].indicators[1]
    assert rate.value.canonical == "95%" and "fraction_as_percent" in rate.value.flags
    assert rate.source.line == 5 and rate.source.sheet == "Sheet1"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    rows = [["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
            ["某项目", "产出指标", "数量指标", "=年度辖区内接受随访人数", "+5%"]]
    path = tmp_path / "f.xlsx"
    path.write_bytes(rows_to_xlsx(rows))
    ind = load_form(path).projects[0].indicators[0]
    assert ind.name == "=年度辖区内接受随访人数" and ind.value.raw == "+5%"
