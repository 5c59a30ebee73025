"""Chinese keyword search: tokens and BM25 over the real corpus rows."""

import numpy as np

from assistant.index.bm25 import BM25Index, tokenize
from assistant.index.records import indicator_index_records


def test_two_character_terms_are_tokens_inside_longer_words():
    assert "体检" in tokenize("预防性体检工作经费")
    assert "疫苗" in tokenize("疫苗接种率")
    assert "体检" in tokenize("涉事机构预防性体检成本")
    assert "献血" in tokenize("无偿献血人员对补贴政策满意度")


def test_a_word_that_jieba_and_the_bigrams_both_find_counts_once():
    assert tokenize("体检") == ["体检"]


def test_punctuation_and_comparators_are_not_tokens_but_numbers_are():
    tokens = tokenize("≥40000人，（100%）")
    assert "40000" in tokens and "人" in tokens
    assert not {"≥", "，", "（", "）"} & set(tokens)


def test_full_width_letters_and_digits_match_half_width():
    assert tokenize("ＡＢＣ１２３") == tokenize("abc123")


def test_bm25_ranks_the_planned_number_of_checkups_first_for_checkup_count(corpus_forms):
    records = indicator_index_records(list(corpus_forms.values()))
    bm25 = BM25Index([r.text for r in records])
    best, score = bm25.top("体检人数", k=5)[0]
    assert score > 0
    assert records[best].metadata["name"] == "年度预计体检人数"
    assert records[best].metadata["project"] == "预防性体检工作经费"


def test_bm25_finds_vaccine_rows_by_a_two_character_query(corpus_forms):
    records = indicator_index_records(list(corpus_forms.values()))
    bm25 = BM25Index([r.text for r in records])
    names = {records[i].metadata["name"] for i, _ in bm25.top("疫苗", k=20)}
    # two rows of seed 003
    assert {"年疫苗接种覆盖人数", "老年人疫苗接种率"} <= names


def test_top_keeps_only_masked_documents_and_positive_scores():
    bm25 = BM25Index(["年度预计体检人数 ≥40000人", "老年人疫苗接种率 ≥90%", "涉及预防性体检机构数量 ≥500家"])
    assert {i for i, _ in bm25.top("体检", k=5)} == {0, 2}
    assert [i for i, _ in bm25.top("体检", k=5, mask=np.array([False, True, True]))] == [2]
    assert bm25.top("。。", k=5) == []
    assert BM25Index([]).top("体检", k=5) == []
