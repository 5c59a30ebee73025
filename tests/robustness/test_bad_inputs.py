"""Every bad input of the hardening probe, through `check` and `ingest` as a user runs them (a real
process): exit code 2, a Chinese message naming the file, no traceback, nothing written."""

import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import CORPUS

HEADER = "项目名称,主要内容,预算金额（万元）,一级指标,二级指标,三级指标,指标值\n"


def _junk_xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<<<not xml")
        z.writestr("xl/workbook.xml", "garbage<")


def _empty_zip_xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")


def _not_a_zip_xlsx(path):
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))


def _text(content):
    return lambda path: path.write_text(content, encoding="utf-8")


BAD_INPUTS = {
    "junk.xlsx": _junk_xlsx,
    "no_workbook.xlsx": _empty_zip_xlsx,
    "truncated.xlsx": _not_a_zip_xlsx,
    "nested.json": _text("[" * 100000 + "]" * 100000),
    "nested_object.json": _text('{"a":' * 50000 + "1" + "}" * 50000),
    "huge_cell.csv": _text(HEADER + "培训,内容,10,产出指标,数量指标,培训人数," + "x" * 140000 + "\n"),
    "budget_inf.csv": _text(HEADER + "培训,内容,inf,产出指标,数量指标,培训人数,≥200人\n"),
    "budget_nan.csv": _text(HEADER + "培训,内容,nan,产出指标,数量指标,培训人数,≥200人\n"),
    "budget_negative.csv": _text(HEADER + "培训,内容,-5,产出指标,数量指标,培训人数,≥200人\n"),
    "binary.txt": lambda path: path.write_bytes(b"\x00\x01\x02" * 100),
}


def run(*args, cwd, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JXMB_")}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**clean, "JXMB_CORPUS_DIR": str(CORPUS), **env})


def files_under(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()) if path.exists() else []


@pytest.mark.parametrize("command", ["check", "ingest"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_bad_input_is_a_chinese_message_naming_the_file_and_nothing_is_written(command, name, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    path = work / name
    BAD_INPUTS[name](path)
    data = tmp_path / "data"
    shipped = files_under(CORPUS)
    result = run(command, path, cwd=work, JXMB_DATA_DIR=str(data))
    assert result.returncode == 2, result.stdout[-1000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert name in result.stderr and any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)
    assert str(tmp_path) not in result.stderr.replace(str(path), name)  # the file's name, not a server path
    assert files_under(work) == [name] and files_under(data) == []
    assert files_under(CORPUS) == shipped


def test_a_utf16_file_is_read_not_called_binary(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes((HEADER + "培训,内容,10,产出指标,数量指标,培训人数,≥200人\n").encode("utf-16"))
    result = run("check", path, cwd=tmp_path, JXMB_DATA_DIR=str(tmp_path / "data"))
    assert result.returncode in (0, 1), result.stderr  # read and checked (1: findings with errors)
    assert "二进制" not in result.stderr and "1条指标" in result.stdout


@pytest.mark.parametrize("variable, value", [("JXMB_LLM_STRUCTURED", "xml"), ("JXMB_LLM_TIMEOUT", "soon"),
                                             ("JXMB_APP_PORT", "http")])
def test_an_invalid_setting_is_named_in_chinese(variable, value, tmp_path):
    result = run("draft", "--name", "教师培训", cwd=tmp_path, JXMB_DATA_DIR=str(tmp_path / "d"), **{variable: value})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"设置 {variable} 的值“{value}”无效" in result.stderr


@pytest.mark.parametrize("budget", ["inf", "nan", "-5"])
def test_a_budget_that_is_not_a_finite_positive_number_is_refused(budget, tmp_path):
    result = run("draft", "--name", "教师培训", "--budget", budget, cwd=tmp_path, JXMB_DATA_DIR=str(tmp_path / "d"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "预算金额" in result.stderr and "inf" not in result.stdout


def test_out_into_a_folder_that_cannot_exist_is_a_message_and_writes_nothing(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    result = run("corpus", "export", "--format", "csv", "--out", blocker / "sub" / "out.csv", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "无法在文件夹" in result.stderr and "out.csv" in result.stderr


def test_a_corrupt_database_is_a_message(tmp_path):
    from assistant.review.store import Store, StoreError

    path = tmp_path / "assistant.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert "已损坏" in str(caught.value) and path.name in str(caught.value)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT 1 FROM sqlite_master").fetchall()


def test_forms_are_written_with_normal_modes_and_stale_temps_are_cleaned(tmp_path):
    from assistant.corpus.files import STALE_TEMP_SECONDS
    from assistant.corpus.folder import Corpus

    corpus = Corpus(CORPUS, tmp_path / "data" / "corpus")
    stale = corpus.user_forms_dir / ".mine.json.abc.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x" * 1000)
    old = stale.stat().st_mtime - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    path = tmp_path / "mine.csv"
    path.write_text(HEADER + "培训,内容,10,产出指标,数量指标,培训人数,≥200人\n", encoding="utf-8")
    form = corpus.ingest(path)
    written = corpus.user_forms_dir / f"{form.id}.json"
    assert oct(written.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert not stale.exists()
    assert not (CORPUS / "forms" / f"{form.id}.json").exists()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _long_csv(path, rows):
    path.write_text(HEADER + "培训,内容,10,产出指标,数量指标,培训人数,≥200人\n" * rows, encoding="utf-8")


def _long_xlsx(path, rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("指标清单")
    sheet.append(HEADER.strip().split(","))
    for _ in range(rows):
        sheet.append(["培训", "内容", 10, "产出指标", "数量指标", "培训人数", "≥200人"])
    workbook.save(path)


@pytest.mark.parametrize("command", ["check", "ingest"])
@pytest.mark.parametrize("name, write", [("long.csv", _long_csv), ("long.xlsx", _long_xlsx)])
def test_a_table_longer_than_the_cap_stops_with_a_message_naming_the_file_and_the_cap(command, name, write,
                                                                                       tmp_path):
    path = tmp_path / name
    write(path, 60)
    data = tmp_path / "data"
    result = run(command, path, cwd=tmp_path, JXMB_DATA_DIR=str(data), JXMB_TABLE_MAX_ROWS="50")
    assert result.returncode == 2, result.stdout[-1000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert name in result.stderr and "超过 50 行" in result.stderr and "JXMB_TABLE_MAX_ROWS" in result.stderr
    assert files_under(data) == []
    # Within the cap the same table is read: 40 rows, one project.
    write(path, 40)
    result = run("check", path, "--format", "json", cwd=tmp_path, JXMB_DATA_DIR=str(data),
                 JXMB_TABLE_MAX_ROWS="50")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "超过" not in result.stderr


def test_the_default_cap_is_twenty_thousand_rows(tmp_path):
    path = tmp_path / "huge.csv"
    _long_csv(path, 20_000)
    result = run("check", path, cwd=tmp_path, JXMB_DATA_DIR=str(tmp_path / "data"))
    assert result.returncode == 2 and "超过 20000 行" in result.stderr and "huge.csv" in result.stderr
