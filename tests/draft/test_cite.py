"""Citing the example rows an LLM-drafted row matches. The examples are 003 p1 卫生局工作业务经费
(example 1) and 003 p3 基本公共卫生专项经费 (example 2) as the form states them."""

from dataclasses import dataclass, field

import pytest

from assistant.corpus.schema import Indicator
from assistant.draft.cite import MATCH_FLOOR, cite, label_rows
from tests.corpus_rows import row_id

SEED_003 = "003_1c981b526f6e6f3d"


@dataclass
class Example:
    key: str
    form: str
    rows: list[Indicator] = field(default_factory=list)


@pytest.fixture
def id_of(corpus_forms):
    return lambda name, project=None: row_id(corpus_forms[SEED_003], name, project=project)


@pytest.fixture
def shown(corpus_forms):
    form = corpus_forms[SEED_003]
    p1, p3 = form.projects[0], form.projects[2]
    return label_rows([Example(p1.id, form.id, p1.indicators), Example(p3.id, form.id, p3.indicators)])


def test_rows_are_labelled_example_dot_row(shown, id_of):
    labels = {s.label: s.indicator.id for s in shown}
    # p1's first and seventh rows, p3's first row.
    assert labels["1.1"] == id_of("卫生服务站数量", project="卫生局工作业务经费")
    assert labels["1.7"] == id_of("群众对卫生服务站服务水平满意度")
    assert labels["2.1"] == id_of("基本公共卫生保障人数")
    assert len(shown) == 7 + 9


def test_the_same_name_under_the_same_level2_is_cited_first(shown, id_of):
    sources = cite("数量指标", "卫生服务站数量", shown)

    assert sources[0].id == id_of("卫生服务站数量", project="卫生局工作业务经费")
    assert sources[0].why == "example" and sources[0].value == "10个"
    assert "1.00" in sources[0].note


def test_a_close_name_is_cited_with_its_similarity(shown, id_of):
    sources = cite("质量指标", "医疗废物处置合格率", shown)

    # 医疗废物处置完成率 shares all but 完成/合格.
    assert sources[0].id == id_of("医疗废物处置完成率")
    assert float(sources[0].note.rsplit(" ", 1)[1]) >= MATCH_FLOOR


def test_the_models_ref_counts_only_when_it_was_shown_with_the_same_level2(shown, id_of):
    named = cite("社会效益指标", "居民健康素养水平", shown, ref="2.8")
    assert named[0].id == id_of("新生儿预防接种有效率") and named[0].note.startswith("大模型标注参考此行")

    # 2.1 is a 数量指标 row: a 质量指标 row cannot come from it.
    assert all(s.id != id_of("基本公共卫生保障人数") for s in cite("质量指标", "体检覆盖率", shown, ref="2.1"))
    # A corpus id that was never shown (003 p2) is not a citation.
    assert cite("数量指标", "水质检测次数", shown, ref=id_of("水质检测次数")) == []


def test_a_row_without_a_close_example_cites_nothing(shown):
    # No example has an 经济效益指标 row; no 数量指标 row is named like 带动就业人数.
    assert cite("经济效益指标", "带动就业人数", shown) == []
    assert cite("数量指标", "采购救护车辆", shown) == []


def test_every_citation_is_a_shown_row(shown):
    ids = {s.indicator.id for s in shown}
    for level2, name in [("数量指标", "卫生健康宣传活动次数"), ("满意度指标", "群众满意度"),
                         ("服务对象满意度指标", "居民对服务满意度")]:
        for source in cite(level2, name, shown, ref="1.7"):
            assert source.id in ids
