"""Filters and reciprocal rank fusion: worked by hand."""

import numpy as np
import pytest

from assistant.index.fusion import Filters, reciprocal_rank_fusion


def test_rrf_adds_one_over_sixty_plus_rank_from_each_list():
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]]))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert fused["c"] == pytest.approx(1 / 63)


def test_rrf_orders_by_fused_score_and_breaks_ties_by_the_earlier_list():
    # a and x both score 1/61; a comes from the first list, so it goes first.
    assert [i for i, _ in reciprocal_rank_fusion([["a", "b"], ["x", "b"]])] == ["b", "a", "x"]


def test_filters_drop_arguments_that_were_not_given():
    assert Filters.of({"year": None, "unit": "", "level2": "数量指标"}, {"form": [], "project_id": None}).where() \
        == {"level2": "数量指标"}
    assert Filters.of().where() is None
    assert Filters.of().mask({"year": np.array([2023])}) is None


def test_filters_render_as_one_chromadb_and_clause():
    where = Filters.of({"year": 2023}, {"project_id": ["003/p7"]}).where()
    assert where == {"$and": [{"year": 2023}, {"project_id": {"$nin": ["003/p7"]}}]}


def test_filter_mask_agrees_with_the_where_clause_on_the_same_rows():
    columns = {"year": np.array([2023, 2023, 2021], dtype=object),
               "project_id": np.array(["003/p7", "003/p6", "002/p1"], dtype=object)}
    mask = Filters.of({"year": 2023}, {"project_id": ["003/p7"]}).mask(columns)
    assert mask.tolist() == [False, True, False]
