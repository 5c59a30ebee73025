"""The corpus commands and `assistant value`, on the real corpus and real files."""

import json

import pytest

from tests.conftest import SEED_003


def test_value_prints_one_json_object_per_value(cli):
    result = cli("value", "≥%90", "约400份", "展板≥10个")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["canonical"] for v in lines] == ["≥90%", "约400份", "展板≥10个"]
    assert lines[0]["flags"] == ["percent_sign_moved"] and lines[0]["flag_text"]


def test_corpus_export_jsonl_has_every_indicator_with_levels_and_values(cli, corpus_forms):
    result = cli("corpus", "export", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == sum(1 for f in corpus_forms.values() for _ in f.iter_indicators())
    assert {"id", "form", "project", "level1", "level2", "name", "value_raw", "value_canonical"} <= set(records[0])
    assert len({r["id"] for r in records}) == len(records)


def test_corpus_stats_json_lists_the_five_seeds(cli):
    result = cli("corpus", "stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["forms"] == 5
    assert {f["form"][:3] for f in summary["per_form"]} == {"000", "001", "002", "003", "004"}


def test_ingest_writes_canonical_json_and_copies_the_text(cli, tmp_path):
    result = cli("ingest", str(SEED_003), "--corpus", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "raw" / SEED_003.name).exists()
    form = json.loads((tmp_path / "forms" / f"{SEED_003.stem}.json").read_text(encoding="utf-8"))
    assert len(form["projects"]) == 11


@pytest.mark.parametrize("content,words", [
    (b"", ["empty.txt", "空"]),
    (b"\x00\x01\x02binary", ["empty.txt", "二进制"]),
])
def test_ingest_bad_file_exits_non_zero_with_a_message_and_writes_nothing(cli, tmp_path, content, words):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(content)
    target = tmp_path / "corpus"
    result = cli("ingest", str(bad), "--corpus", str(target))
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr
    assert not target.exists() or not any(target.rglob("*.json"))


def test_csv_missing_columns_exit_code_and_message(cli, tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("项目名称,三级指标\n某项目,人数\n", encoding="utf-8")
    result = cli("ingest", str(bad), "--corpus", str(tmp_path / "c"))
    assert result.exit_code == 2 and "缺少必需的列" in result.stderr and "t.csv" in result.stderr
