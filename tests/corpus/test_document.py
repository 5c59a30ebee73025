"""Published documents refused with a message that names the file and says what to do: encrypted,
corrupt or misnamed xlsx/docx/pdf files made here with the real tools."""

from __future__ import annotations

import io
import zipfile

import pytest

from assistant.corpus.document import Line, cell_text, read_lines, row_line
from assistant.corpus.files import load_form
from assistant.errors import InputError


def encrypted(path, data: bytes) -> None:
    """An Office file with an open password, as Office writes it (msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    assert out.getvalue()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE container, not a zip
    path.write_bytes(out.getvalue())


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("项目支出绩效目标表")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    wb = Workbook()
    wb.active.append(["项目名称", "某项目"])
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, make", [("locked.xlsx", xlsx_bytes), ("locked.docx", docx_bytes)])
def test_a_password_protected_office_file_is_refused(tmp_path, name, make):
    path = tmp_path / name
    encrypted(path, make())
    with pytest.raises(InputError) as info:
        load_form(path)
    assert name in str(info.value) and "密码" in str(info.value)


def test_a_password_protected_pdf_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 720, "form")
    pdf.save()
    with pytest.raises(InputError) as info:
        load_form(path)
    assert "locked.pdf" in str(info.value) and "密码" in str(info.value)


@pytest.mark.parametrize("name", ["other.xlsx", "other.docx"])
def test_a_zip_that_is_not_an_office_file_is_refused(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "只是一个压缩包")
    with pytest.raises(InputError) as info:
        load_form(path)
    assert name in str(info.value) and "另存为" in str(info.value)


def test_a_truncated_pdf_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    whole = tmp_path / "whole.pdf"
    pdf = canvas.Canvas(str(whole))
    pdf.drawString(72, 720, "form")
    pdf.save()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole.read_bytes()[:200])
    with pytest.raises(InputError) as info:
        load_form(path)
    assert "cut.pdf" in str(info.value)


def test_cells_wrapped_over_lines_join_as_written():
    assert cell_text("年度辖区内接受\n随访人数") == "年度辖区内接受随访人数"
    assert cell_text("Wi-Fi\ncoverage") == "Wi-Fi coverage"
    assert cell_text("A|B") == "A｜B"


def test_a_row_with_one_filled_cell_is_plain_text():
    assert row_line(["", "项目支出绩效目标表", None, ""]).text == "项目支出绩效目标表"
    assert row_line(["", "数量指标", "培训人数", "≥200人", "", ""]).text == "|数量指标|培训人数|≥200人"
    assert row_line(["", None]) is None


def test_two_forms_in_one_document_are_read_apart_and_cite_their_places():
    def form(name: str, table: str) -> list[Line]:
        rows = ["项目支出绩效目标表", f"项目名称|{name}", "年度资金总额|10", "一级指标|二级指标|三级指标|指标值",
                "产出指标|数量指标|培训人数|≥200人", "|质量指标|培训合格率|≥95%"]
        return [Line(text, sheet=table, row=k) for k, text in enumerate(rows, start=1)]

    read = read_lines(form("甲项目", "表格1") + form("乙项目", "表格2"), form_id="t", source_file="t.docx")
    assert [p.name for p in read.projects] == ["甲项目", "乙项目"]
    assert [len(p.indicators) for p in read.projects] == [2, 2]
    second = read.projects[1].indicators[1]
    assert (second.source.sheet, second.source.line) == ("表格2", 6)
    ids = [i.id for _, _, i in read.iter_indicators()]
    assert len(set(ids)) == 4
