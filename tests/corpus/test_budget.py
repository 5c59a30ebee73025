"""The form-level money block (`Form.budget`): read from the seeds' own lines, and derived the
same way for every other form."""

import re

import pytest

from assistant.corpus.budget import form_budget
from assistant.corpus.ocr import amount
from tests.conftest import SEED_000, SEED_001, SEED_002


def _line_amounts(path, startswith: str) -> list[float]:
    """The amounts on the first line of a seed text that starts with `startswith` (read here, not by the reader)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells and cells[0].replace(" ", "").startswith(startswith):
            return [n for c in cells if (n := amount(c)) is not None]
    raise AssertionError(startswith)


def test_001_keeps_both_years_of_its_budget_columns(corpus_forms):
    budget = {b.year: b for b in corpus_forms[SEED_001.stem].budget}
    text = SEED_001.read_text(encoding="utf-8")
    basic = [float(n.replace(",", "")) for n in re.search(r"基本支出\t([\d,.]+)\t([\d,.]+)", text).groups()]
    project = [float(n.replace(",", "")) for n in re.search(r"项目支出\t([\d,.]+)\t([\d,.]+)", text).groups()]
    assert sorted(budget) == [2019, 2020]
    assert [budget[2019].basic, budget[2020].basic] == basic
    assert [budget[2019].project, budget[2020].project] == project
    # the 支出 合计 (the last 合计 row of the block), never the 收入 one the seed misprints as 0.00
    spent = [float(n.replace(",", "")) for n in re.findall(r"\t合计\t([\d,.]+)\t([\d,.]+)", text)[-1]]
    assert [budget[2019].total, budget[2020].total] == spent
    assert all(year.source is not None and year.source.line for year in budget.values())


def test_000_basic_and_project_spending_come_from_its_task_table(corpus_forms):
    (budget,) = corpus_forms[SEED_000.stem].budget
    basic = _line_amounts(SEED_000, "基本支出")[0]
    total = _line_amounts(SEED_000, "金额合计")[0]
    assert (budget.year, budget.basic, budget.total) == (2024, basic, total)
    assert budget.project == pytest.approx(total - basic)


def test_002_total_is_its_合计_row(corpus_forms):
    (budget,) = corpus_forms[SEED_002.stem].budget
    total, fiscal, other = _line_amounts(SEED_002, "合计")
    assert (budget.year, budget.total, budget.fiscal, budget.other) == (2021, total, fiscal, other)


def test_a_project_form_adds_up_its_projects(all_forms):
    project_forms = [f for f in all_forms if f.kind == "project" and any(p.money.total for p in f.projects)]
    assert project_forms
    for form in project_forms:
        (budget,) = form.budget
        assert budget.total == pytest.approx(sum(p.money.total or 0 for p in form.projects), abs=0.005)
        assert budget.project == budget.total


def test_a_form_without_money_has_no_budget(corpus_forms):
    form = corpus_forms["004_c7c74f520e7223bf"].model_copy(deep=True)
    form.budget = []
    assert form_budget(form) == []


def test_the_committed_corpus_holds_what_the_readers_derive(all_forms):
    for form in all_forms:
        fresh = form.model_copy(deep=True)
        fresh.budget = []
        if form.kind == "project" or len(form.projects) == 1:
            assert form.budget == form_budget(fresh) or form.id == SEED_001.stem, form.id
