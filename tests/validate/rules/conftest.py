"""Fixtures for rule tests: deep copies of real corpus forms, safe to change."""

import pytest

from tests.validate.rules.support import project_named, seed


@pytest.fixture
def form_003(corpus_forms):
    """Seed 003: eleven project forms of 大连高新区 2023."""
    return seed(corpus_forms, "003")


@pytest.fixture
def health_station(form_003):
    """003 p1 卫生局工作业务经费 (10.25万元): 7 rows, 产出 / 效益 / 满意度 all present."""
    return project_named(form_003, "卫生局工作业务经费")


@pytest.fixture
def form_002(corpus_forms):
    """Seed 002: the whole-unit form of 库尔勒 2021, with its budget task table."""
    return seed(corpus_forms, "002")
