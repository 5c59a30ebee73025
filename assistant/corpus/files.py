"""Files in and out: decoding, atomic writes, and loading any supported form file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from assistant.corpus.schema import Form, safe_form_id
from assistant.errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".text"}
TABLE_SUFFIXES = {".csv", ".xlsx", ".xls"}
HTML_SUFFIXES = {".html", ".htm"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
DOCUMENT_SUFFIXES = {".docx", ".pdf", *HTML_SUFFIXES, *IMAGE_SUFFIXES}
FORM_SUFFIXES = sorted(TEXT_SUFFIXES | TABLE_SUFFIXES | DOCUMENT_SUFFIXES | {".json"})
"""Every suffix `load_form` reads: what upload fields and help texts offer."""


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GBK/GB18030. Binary is refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path), hint="请检查路径") from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件", file=str(path)) from None
    if b"\x00" in data[:4096]:
        raise InputError("这是二进制文件，不是文本或表格", file=str(path),
                         hint="请提供识别后的文本（.txt）、csv、xlsx、docx、pdf、html、图片或 json 文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件编码（既不是 UTF-8 也不是 GBK）", file=str(path),
                     hint="请用 UTF-8 编码另存后再导入")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def form_to_json(form: Form) -> str:
    return form.model_dump_json(indent=1, exclude_none=False) + "\n"


def form_from_json(text: str, source: str) -> Form:
    try:
        return Form.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"JSON 不是规范的绩效目标表结构：{where} {first['msg']}（共 {exc.error_count()} 处）",
                         file=source, hint="请用本工具导出的 JSON，或改用 csv/xlsx 指标表") from None
    except json.JSONDecodeError as exc:  # pragma: no cover - pydantic wraps this
        raise InputError(f"JSON 格式错误：{exc}", file=source) from None


def load_form(path: Path, form_id: str | None = None) -> Form:
    """Read any supported file into a Form: OCR text, csv, xlsx/xls, docx, PDF, HTML, images,
    canonical JSON."""
    from assistant.corpus import tables, xlsx

    path = Path(path)
    form_id = form_id or safe_form_id(path.stem)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return xlsx.read_form(path, form_id=form_id)
    if suffix in DOCUMENT_SUFFIXES:
        return _load_document(path, form_id, suffix)
    text = read_text(path)
    if not text.strip():
        raise InputError("文件是空的", file=path.name, hint="请选择有内容的文件")
    if suffix == ".json":
        return form_from_json(text, path.name)
    if suffix == ".csv":
        return tables.form_from_csv(text, form_id=form_id, source_file=path.name)
    if suffix in TEXT_SUFFIXES or not suffix:
        try:
            return form_from_text(text, form_id=form_id, source_file=path.name)
        except InputError as exc:
            exc.file = exc.file or path.name
            raise
    raise InputError(f"不支持的文件类型“{suffix}”", file=path.name,
                     hint="请提供 " + "、".join(FORM_SUFFIXES) + " 文件；其他格式请先另存为其中一种")


def _load_document(path: Path, form_id: str, suffix: str) -> Form:
    from assistant.corpus import docx_reader, html_reader, image_reader, pdf_reader

    if not path.is_file():
        raise InputError("文件不存在" if not path.exists() else "这是一个文件夹，不是文件", file=str(path),
                         hint="请检查路径")
    if path.stat().st_size == 0:
        raise InputError("文件是空的", file=path.name, hint="请选择有内容的文件")
    if suffix == ".docx":
        return docx_reader.read_form(path, form_id=form_id)
    if suffix == ".pdf":
        return pdf_reader.read_form(path, form_id=form_id)
    if suffix in HTML_SUFFIXES:
        return html_reader.read_form(path, form_id=form_id)
    return image_reader.read_form(path, form_id=form_id)


def _readable_rows(form: Form) -> int:
    return sum(1 for _, _, ind in form.iter_indicators() if ind.level2 and ind.name and ind.value.kind != "empty")


def form_from_text(text: str, *, form_id: str, source_file: str) -> Form:
    """Read a text form. OCR text whose rows keep their cells apart by tabs (the seeds' layout, with
    its hand reviews keyed to that reader's lines) goes to the OCR-table reader; anything else, or
    what that reader cannot read, to the published-page reader (pipes, a cell a line, spaces), and
    the reading that makes the more rows wins."""
    from assistant.corpus.ocr import parse_ocr_text
    from assistant.corpus.published import read_published

    attempts: list[Form] = []
    first_error: InputError | None = None
    try:
        attempts.append(parse_ocr_text(text, form_id=form_id, source_file=source_file))
    except InputError as exc:
        first_error = exc
    if attempts and _readable_rows(attempts[0]) and sum("\t" in line for line in text.splitlines()) >= 3:
        return attempts[0]
    try:
        attempts.append(read_published(text, form_id=form_id, source_file=source_file))
    except InputError as exc:
        first_error = first_error or exc
    if not attempts:
        assert first_error is not None
        raise first_error
    return max(attempts, key=_readable_rows)
