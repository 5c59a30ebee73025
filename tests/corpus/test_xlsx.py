"""xlsx: the standard layout export and reading the flat sheet back."""

import io

import pytest
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


def _blocks_unbroken(keys):
    """Each key occupies one run of consecutive rows."""
    runs = [k for n, k in enumerate(keys) if n == 0 or keys[n - 1] != k]
    return len(runs) == len(set(runs))


def test_export_reads_back_every_row_laid_out_by_level(tmp_path, corpus_forms):
    for form in corpus_forms.values():
        path = tmp_path / f"{form.id}.xlsx"
        atomic_write(path, form_to_xlsx(form))
        again = load_form(path)
        for project, read in zip(form.projects, again.projects, strict=True):
            before = [(i.level1, i.level2, i.name, i.value.raw) for i in project.indicators]
            after = [(i.level1, i.level2, i.name, i.value.raw) for i in read.indicators]
            assert sorted(after, key=str) == sorted(before, key=str), form.id
            if len(project.groups) == 1:  # grouped forms keep their groups' order
                assert _blocks_unbroken([r[0] for r in after]), form.id
                assert _blocks_unbroken([r[:2] for r in after]), form.id


def test_rows_added_later_join_their_level_block_and_numbers_stay_numbers(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"].model_copy(deep=True)
    form.projects = form.projects[5:6]  # 预防性体检工作经费: 产出 rows first (raw/003)
    project = form.projects[0]
    late = project.indicators[0].model_copy(update={"name": "补充的体检人数", "id": "late"})
    project.groups[-1].indicators.append(late)  # appended after 满意度, as an edit adds it
    wb = load_workbook(io.BytesIO(form_to_xlsx(form)))
    values = [[c.value for c in row] for row in wb[wb.sheetnames[0]].iter_rows()]
    header = next(i for i, row in enumerate(values) if row[:4] == ["一级指标", "二级指标", "三级指标", "指标值"])
    table = values[header + 1:]
    level2s = [r[1] or next(x[1] for x in reversed(table[:k]) if x[1]) for k, r in enumerate(table)]  # merged
    late_at = [r[2] for r in table].index("补充的体检人数")
    assert level2s[late_at] == late.level2 and late_at < len(table) - 1
    assert level2s[late_at - 1] == late.level2 and level2s[late_at + 1] != late.level2  # the end of its block
    assert ["资金投入（万元）", "年度金额", 280, "其中：财政拨款", 280, None] in values  # raw/003: 280 万元
    flat = [[c.value for c in row] for row in wb[FLAT_SHEET].iter_rows()]
    assert flat[1][2] == 280 and flat[1][9] == 2023


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


def standard_workbook(path, form, projects, *, flat_rows=None):
    """One sheet a project in the standard layout, merged cells merged, money as numbers."""
    from openpyxl import Workbook

    from tests.corpus.standard_layout import standard_grid

    wb = Workbook()
    wb.remove(wb.active)
    for project in projects:
        grid = standard_grid(form, project, numbers=True)
        ws = wb.create_sheet(project.name[:28])
        for row in grid.rows:
            ws.append([None if c == "" else c for c in row])
        for r0, c0, r1, c1 in grid.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)


def test_a_finance_export_in_the_standard_layout_is_read(tmp_path, corpus_forms):
    from tests.corpus.standard_layout import assert_read_back

    form = corpus_forms["003_1c981b526f6e6f3d"]
    projects = form.projects[5:7]
    path = tmp_path / "绩效目标表.xlsx"
    standard_workbook(path, form, projects)
    read = load_form(path)
    assert_read_back(read, form, projects)
    first = read.projects[0].indicators[0]
    assert first.source.sheet == projects[0].name and first.source.line == 11  # the sheet's own row


def test_a_percentage_cell_reads_as_the_sheet_shows_it(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "pct.xlsx"
    standard_workbook(path, form, form.projects[5:6])
    wb = load_workbook(path)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "100%")
    cell.value, cell.number_format = 1, "0%"
    wb.save(path)
    rate = load_form(path).projects[0].indicators[2]
    assert rate.name == "服务业场所接受体检人数比例" and rate.value.raw == "100%"


def test_an_old_xls_workbook_is_read(tmp_path, corpus_forms):
    import xlwt

    from tests.corpus.standard_layout import assert_read_back, standard_grid

    form = corpus_forms["003_1c981b526f6e6f3d"]
    project = form.projects[6]
    grid = standard_grid(form, project, numbers=True)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    covered = grid.covered()
    spans = grid.spans()
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if (r, c) in spans:
                rows, columns = spans[(r, c)]
                sheet.write_merge(r, r + rows - 1, c, c + columns - 1, value)
            elif (r, c) not in covered and value != "":
                sheet.write(r, c, value)
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert_read_back(load_form(path), form, [project])


def test_an_html_table_saved_as_xls_is_read_as_the_page_it_is(tmp_path, corpus_forms):
    from tests.corpus.standard_layout import assert_read_back
    from tests.corpus.test_html_reader import page

    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "导出.xls"
    path.write_text(page(form, form.projects[5:6]), encoding="utf-8")
    assert_read_back(load_form(path), form, form.projects[5:6])


def test_a_corrupt_xls_is_refused_in_chinese(tmp_path):
    import pytest

    from assistant.errors import InputError

    path = tmp_path / "坏.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError) as info:
        load_form(path)
    assert "坏.xls" in str(info.value) and ".xlsx" in str(info.value)


@pytest.mark.parametrize("form_id", ["001_6003ec96d5ffba37", "003_1c981b526f6e6f3d"])
def test_the_own_export_without_its_flat_sheet_is_read_from_its_project_sheets(tmp_path, corpus_forms, form_id):
    from assistant.corpus.tables import ordered_indicators

    form = corpus_forms[form_id]
    wb = load_workbook(io.BytesIO(form_to_xlsx(form)))
    del wb[FLAT_SHEET]  # what is left: one standard-layout sheet per project
    path = tmp_path / "导出.xlsx"
    wb.save(path)
    read = load_form(path)

    def rows(projects):
        return [(p.name, i.level1, i.level2, i.name, i.value.raw, i.basis,
                 g.title if g.kind in ("function", "goal") else "") for p in projects for g, i in ordered_indicators(p)]

    assert rows(read.projects) == rows(form.projects)
    assert [(p.money.total, p.money.fiscal, p.money.other, p.supervisor, p.implementer, p.attribute, p.period)
            for p in read.projects] == [
        (p.money.total, p.money.fiscal, p.money.other, p.supervisor or form.supervisor, p.implementer or form.unit,
         p.attribute, p.period) for p in form.projects]
    assert (read.year, read.kind) == (form.year, form.kind)
    # Each row points at its own project sheet and the row of the sheet that shows it.
    for project, sheet in zip(read.projects, wb.worksheets, strict=True):
        for ind in project.indicators:
            assert ind.source.sheet == sheet.title and sheet.cell(ind.source.line, 3).value == ind.name


def _table(ws):
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[:4] == ["一级指标", "二级指标", "三级指标", "指标值"])
    return values[header], values[header + 1:]


def test_the_group_column_is_written_only_where_a_form_has_named_groups(corpus_forms):
    project_form = corpus_forms["003_1c981b526f6e6f3d"]  # project forms: one group per project
    header, _ = _table(load_workbook(io.BytesIO(form_to_xlsx(project_form))).worksheets[0])
    assert "分组" not in header and header[4] == "指标值设定依据"

    grouped = next(f for f in corpus_forms.values()
                   if any(g.kind in ("function", "goal") for p in f.projects for g in p.groups))
    header, table = _table(load_workbook(io.BytesIO(form_to_xlsx(grouped))).worksheets[0])
    titles = {g.title for g in grouped.projects[0].groups if g.kind in ("function", "goal")}
    assert header[5] == "分组" and titles and {row[5] for row in table if row[2]} <= titles
