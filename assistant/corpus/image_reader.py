"""Images and scanned pages: offline OCR (rapidocr-onnxruntime, whose models ship inside its wheel,
so nothing is fetched at run time), then the text boxes rebuilt into table rows for the
published-page reader.

`rows_from_boxes` is the pure half: boxes whose vertical centres lie within half a line height of a
row's centre form that row, read left to right; boxes closer than half a line height are one cell
that OCR cut in two, wider gaps separate cells.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.corpus.document import Line, read_lines, row_line
from assistant.corpus.schema import Form
from assistant.errors import InputError

MIN_SCORE = 0.5
"""Boxes OCR is less sure of than this are dropped (the engine's own default threshold)."""


@dataclass
class Box:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @classmethod
    def from_points(cls, points, text: str) -> Box:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        return cls(text, min(xs), max(xs), min(ys), max(ys))


def rows_from_boxes(boxes: list[Box]) -> list[list[str]]:
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    line_height = statistics.median(b.height for b in boxes)
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if rows and abs(box.middle - statistics.fmean(b.middle for b in rows[-1])) <= line_height / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    out = []
    for row in rows:
        cells: list[Box] = []
        for box in sorted(row, key=lambda b: b.x0):
            if cells and box.x0 - cells[-1].x1 < line_height / 2:
                last = cells[-1]
                cells[-1] = Box(last.text + box.text, last.x0, box.x1, min(last.top, box.top),
                                max(last.bottom, box.bottom))
            else:
                cells.append(box)
        out.append([c.text.strip() for c in cells])
    return out


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise InputError("没有安装离线文字识别组件（rapidocr-onnxruntime），无法识别图片和扫描件",
                         hint="请重新运行 make test 或 make run 安装依赖；也可以先把表转成文字（.txt）、docx 或 xlsx 再导入"
                         ) from None
    # No per-box angle classifier: forms are printed upright, and on short boxes ("≥90%") it turns
    # upright text around ("%06").
    return RapidOCR(use_cls=False)


def image_lines(image, *, sheet: str | None = None) -> list[Line]:
    """OCR one image (a PIL image) into lines, one per rebuilt row."""
    result, _ = _engine()(image.convert("RGB"))
    boxes = [Box.from_points(points, text) for points, text, score in (result or []) if float(score) >= MIN_SCORE]
    lines = []
    for number, row in enumerate(rows_from_boxes(boxes), start=1):
        line = row_line(row, sheet=sheet, row=number)
        if line is not None:
            lines.append(line)
    return lines


def read_form(path: Path, form_id: str) -> Form:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            lines = image_lines(image)
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path), hint="请检查路径") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InputError("无法打开这张图片（可能已损坏，或不是 png/jpg 图片）", file=path.name,
                         hint="请重新截图或扫描，存为 .png 或 .jpg 后再导入") from None
    if not lines:
        raise InputError("图片里没有识别出文字", file=path.name,
                         hint="请使用更清晰、端正的扫描件或截图（建议 200 dpi 以上）")
    return read_lines(lines, form_id=form_id, source_file=path.name)
