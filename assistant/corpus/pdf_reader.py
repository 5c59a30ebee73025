"""PDF adapter (pdfplumber): ruled tables become rows, the text around them lines, top to bottom on
each page. A PDF without a text layer (a scan) goes through OCR page by page."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.document import Line, read_lines, row_line, text_lines
from assistant.corpus.schema import Form
from assistant.errors import InputError

OCR_RESOLUTION = 200
"""Dots per inch a page without a scanned image is rendered at for OCR."""


def read_form(path: Path, form_id: str) -> Form:
    return read_lines(document_lines(path), form_id=form_id, source_file=path.name)


def document_lines(path: Path) -> list[Line]:
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path), hint="请检查路径") from None
    except (PdfminerException, MalformedPDFException, ValueError, TypeError, KeyError, OSError) as exc:
        raise _refusal(path, exc) from None
    try:
        with pdf:
            pages = list(pdf.pages)
            if not any(page.chars for page in pages):
                from assistant.corpus.image_reader import image_lines

                lines: list[Line] = []
                for number, page in enumerate(pages, start=1):
                    image = page.to_image(resolution=scan_resolution(page)).original
                    lines += image_lines(image, sheet=f"第{number}页")
                return lines
            return [line for number, page in enumerate(pages, start=1) for line in page_lines(page, number)]
    except InputError:
        raise
    except (PdfminerException, MalformedPDFException, ValueError, TypeError, KeyError, AssertionError,
            IndexError, OSError) as exc:
        raise _refusal(path, exc) from None


def scan_resolution(page) -> float:
    """The resolution of the page's scanned image, so OCR sees the scan's own pixels: resampling it
    by an odd factor blurs small signs (≥ read as 2)."""
    widths = [(image["srcsize"][0], image["x1"] - image["x0"]) for image in page.images
              if image.get("srcsize") and image["x1"] > image["x0"]]
    if not widths:
        return OCR_RESOLUTION
    pixels, points = max(widths)
    return min(max(72 * pixels / points, 100), 400)


def _refusal(path: Path, exc: Exception) -> InputError:
    if "password" in f"{type(exc.args[0]).__name__ if exc.args else ''} {exc}".lower():
        return InputError("PDF 设置了打开密码", file=path.name, hint="请去掉密码后另存一份 PDF，再导入")
    return InputError("不是有效的 PDF 文件（可能已损坏，或只是改了扩展名）", file=path.name,
                      hint="请重新导出或下载一份 PDF；也可以把表另存为 xlsx 或 docx 再导入")


def page_lines(page, number: int) -> list[Line]:
    """A page's tables and the text outside them, ordered by where they start on the page."""
    sheet = f"第{number}页"
    tables = page.find_tables()
    blocks: list[tuple[float, list[Line]]] = []
    for table in tables:
        rows = [line for row in table.extract() if (line := row_line(list(row), sheet=sheet)) is not None]
        blocks.append((table.bbox[1], rows))
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    for text_line in rest.extract_text_lines():
        blocks.append((text_line["top"], text_lines(text_line["text"], sheet=sheet)))
    blocks.sort(key=lambda block: block[0])
    return [line for _, lines in blocks for line in lines]
