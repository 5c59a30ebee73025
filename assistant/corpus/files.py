"""Files in and out: decoding, atomic writes, and loading any supported form file."""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from xml.etree.ElementTree import ParseError

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
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):  # Excel's "Unicode text" and Windows editors write UTF-16 with a BOM
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        raise InputError("这是二进制文件，不是文本或表格", file=path.name,
                         hint="请提供识别后的文本（.txt）、csv、xlsx、docx、pdf、html、图片或 json 文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件编码（既不是 UTF-8、UTF-16 也不是 GBK）", file=path.name,
                     hint="请用 UTF-8 编码另存后再导入")


STALE_TEMP_SECONDS = 3600
"""A temporary file of `atomic_write` older than this was left by a killed process."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files a killed writer left in `folder` (they are never read)."""
    if not folder.is_dir():
        return
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file.
    The file gets the mode a plain write would (0644 under the usual umask), not mkstemp's 0600."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"无法在文件夹“{path.parent}”中写入文件（{exc.strerror or exc}）", file=path.name,
                         hint="请换一个可写的文件夹，或先创建它") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
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


T = TypeVar("T")

DAMAGED_FILE_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError,
                                                        RecursionError, csv.Error, EOFError)
"""What the readers' libraries raise on a damaged or hostile file (a zip of junk named .xlsx, XML that
does not parse, JSON nested too deep, a csv cell over the csv module's limit, a truncated file)."""


def _is_xml_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("lxml") or type(exc).__name__ in {"XMLSyntaxError", "ParseError"}


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn a reader library's failure on a damaged file into an `InputError` naming the file."""
    try:
        yield
    except InputError:
        raise
    except DAMAGED_FILE_ERRORS as exc:
        raise InputError(_damage(exc), file=Path(path).name, hint=_DAMAGE_HINT) from None
    except Exception as exc:
        if not _is_xml_error(exc) and not (isinstance(exc, KeyError) and Path(path).suffix.lower() in (".xlsx", ".docx")):
            raise
        raise InputError("文件已损坏或不是它的扩展名所说的格式", file=Path(path).name, hint=_DAMAGE_HINT) from None


_DAMAGE_HINT = "请用 Excel/WPS 打开后另存一份，或改用 csv"


def _damage(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "文件的嵌套层次太深，不是绩效目标表"
    if isinstance(exc, csv.Error):
        return f"表格中有单元格过长（超过 {csv.field_size_limit()} 个字符）或引号不配对"
    return "文件已损坏或不是它的扩展名所说的格式"


def guarded(path: Path, read: Callable[[], T]) -> T:
    with reading(path):
        return read()


def load_form(path: Path, form_id: str | None = None, *, max_rows: int | None = None) -> Form:
    """Read any supported file into a Form: OCR text, csv, xlsx/xls, docx, PDF, HTML, images,
    canonical JSON. A damaged file is an `InputError` naming it, never a library's traceback; so is a
    csv/xlsx table longer than `max_rows` (default: the setting JXMB_TABLE_MAX_ROWS)."""
    if max_rows is None:
        from assistant.settings import get_settings

        max_rows = get_settings().table_max_rows
    return guarded(Path(path), lambda: _load_form(Path(path), form_id, max_rows))


def _load_form(path: Path, form_id: str | None, max_rows: int) -> Form:
    from assistant.corpus import tables, xlsx

    form_id = form_id or safe_form_id(path.stem)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return xlsx.read_form(path, form_id=form_id, max_rows=max_rows)
    if suffix in DOCUMENT_SUFFIXES:
        return _load_document(path, form_id, suffix)
    text = read_text(path)
    if not text.strip():
        raise InputError("文件是空的", file=path.name, hint="请选择有内容的文件")
    if suffix == ".json":
        return form_from_json(text, path.name)
    if suffix == ".csv":
        return tables.form_from_csv(text, form_id=form_id, source_file=path.name, max_rows=max_rows)
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
    from assistant.corpus.ocr import parse_ocr_text, reads_layout
    from assistant.corpus.published import read_published

    attempts: list[Form] = []
    first_error: InputError | None = None
    try:
        attempts.append(parse_ocr_text(text, form_id=form_id, source_file=source_file))
    except InputError as exc:
        first_error = exc
    tabbed = sum("\t" in line for line in text.splitlines()) >= 3
    ocr_columns = tabbed and reads_layout(text)
    if attempts and _readable_rows(attempts[0]) and ocr_columns:
        return attempts[0]
    try:
        attempts.append(read_published(text, form_id=form_id, source_file=source_file))
    except InputError as exc:
        first_error = first_error or exc
    if not attempts:
        assert first_error is not None
        raise first_error
    if tabbed and not ocr_columns and _readable_rows(attempts[-1]):
        return attempts[-1]  # columns the OCR reader does not know: it would take them for values
    return max(attempts, key=_readable_rows)
