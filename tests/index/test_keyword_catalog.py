"""The keyword catalog: updated in place of a rebuild, saved and loaded as files."""

import json

import numpy as np

from assistant.corpus.values import parse_value
from assistant.index.keyword_catalog import KeywordCatalog
from assistant.index.records import INDICATOR_FIELDS, indicator_index_records
from tests.conftest import SEED_003

SEED_003_ID = SEED_003.stem


def build(revision, records):
    return KeywordCatalog.build(revision, [r.id for r in records], [r.text for r in records],
                                [r.metadata for r in records], list(INDICATOR_FIELDS))


def scores_by_id(catalog, query):
    scores = catalog.bm25.scores(query)
    return {record_id: round(float(scores[n]), 5) for n, record_id in enumerate(catalog.ids)}


def test_an_updated_catalog_scores_like_one_built_from_scratch(corpus_forms):
    before = indicator_index_records(list(corpus_forms.values()))
    changed = corpus_forms[SEED_003_ID].model_copy(deep=True)
    target = next(i for _, _, i in changed.iter_indicators() if i.name == "年度预计体检人数")
    target.name = "年度预计健康体检人数"
    target.value = parse_value("≥45000人", name=target.name)
    after = indicator_index_records([f for f in corpus_forms.values() if f.id != SEED_003_ID] + [changed])
    upserts = [r for r in after if r.id == target.id]
    dropped = next(r.id for r in before if r.metadata["name"] == "老年人疫苗接种率")
    after = [r for r in after if r.id != dropped]

    updated = build("r1", before).updated("r2", upserts, [dropped])
    scratch = build("r2", after)

    assert sorted(updated.ids) == sorted(scratch.ids) and dropped not in updated.position
    for query in ("健康体检人数", "疫苗接种率", "无偿献血 满意度"):
        assert scores_by_id(updated, query) == scores_by_id(scratch, query)
    n = updated.position[target.id]
    assert updated.columns["name"][n] == "年度预计健康体检人数" and updated.hashes[n] == upserts[0].hash


def test_a_saved_catalog_loads_only_for_its_revision(tmp_path, corpus_forms):
    records = indicator_index_records(list(corpus_forms.values()))
    catalog = build("rev-a", records)
    catalog.save(tmp_path)
    assert json.loads((tmp_path / "current.json").read_text()) == {"revision": "rev-a"}

    loaded = KeywordCatalog.load(tmp_path, "rev-a")
    assert loaded.ids == catalog.ids and loaded.tokens is None
    assert np.allclose(loaded.bm25.scores("体检人数"), catalog.bm25.scores("体检人数"))
    assert loaded.columns["level2"].tolist() == [r.metadata["level2"] for r in records]
    assert KeywordCatalog.load(tmp_path, "rev-b") is None
    assert KeywordCatalog.load(tmp_path, "rev-a", with_tokens=True).tokens == catalog.tokens

    build("rev-b", records[:10]).save(tmp_path)
    assert KeywordCatalog.load(tmp_path, "rev-a") is None
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["rev-b"]  # older revisions are removed


def test_a_damaged_catalog_reads_as_missing(tmp_path, corpus_forms):
    build("rev-a", indicator_index_records(list(corpus_forms.values()))[:5]).save(tmp_path)
    (tmp_path / "rev-a" / "rows.json").write_text("{not json", encoding="utf-8")
    assert KeywordCatalog.load(tmp_path, "rev-a") is None
