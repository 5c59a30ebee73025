"""`assistant ingest`: a dry run shows what would enter the corpus and writes nothing; a folder of mixed
files is read with a summary of what was read, read with doubts, or refused (and why)."""

from __future__ import annotations

import json
import shutil

from tests.conftest import CORPUS, SEED_003

GATHERED = CORPUS / "gathered"


def tree(path):
    return sorted(p.relative_to(path) for p in path.rglob("*") if p.is_file())


def test_a_dry_run_shows_projects_money_and_levels_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "corpus"
    target.mkdir()
    result = cli("ingest", "--dry-run", GATHERED / "r_0354597370ae.txt", "--corpus", target)
    assert result.exit_code == 0, result.stderr
    assert "雾炮车降尘抑尘服务：250 万元，7 条指标" in result.stdout
    assert "产出指标/数量指标 2" in result.stdout and "未写入" in result.stdout
    assert tree(target) == []


def test_a_folder_of_mixed_files_gets_a_summary_with_reasons(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GATHERED / "r_0354597370ae.txt", folder / "雾炮车.txt")
    shutil.copy(GATHERED / "r_2234768e95d1.txt", folder / "扶贫.txt")
    (folder / "通知.txt").write_text("关于报送材料的通知\n请各单位按时报送。\n", encoding="utf-8")
    (folder / "照片.bmp").write_bytes(b"BM")  # not a form type: not even tried
    target = tmp_path / "corpus"
    result = cli("ingest", folder, "--corpus", target, "--format", "json")
    assert result.exit_code == 2  # one file was refused
    items = {item["file"]: item for item in json.loads(result.stdout)}
    assert set(items) == {"雾炮车.txt", "扶贫.txt", "通知.txt"}
    assert items["雾炮车.txt"]["status"] == "read"
    assert items["扶贫.txt"]["status"] == "doubts" and items["扶贫.txt"]["doubts"]
    assert items["通知.txt"]["status"] == "refused" and "通知.txt" in items["通知.txt"]["reason"]
    assert sorted(p.name for p in (target / "forms").glob("*.json")) == ["扶贫.json", "雾炮车.json"]


def test_a_dry_run_of_a_seed_says_what_the_reader_inferred(cli):
    result = cli("ingest", "--dry-run", SEED_003, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["rows"] == 84 and len(item["projects"]) == 11
    assert item["sector"] == "卫生健康"
