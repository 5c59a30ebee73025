"""The indicator library over the real corpus records."""

from assistant.corpus.folder import indicator_records
from assistant.review.library_view import (
    filter_records,
    find_indicator,
    level_counts,
    project_table,
    record_to_row,
)
from tests.conftest import SEED_003
from tests.corpus_rows import line_of, row_id

SEED = SEED_003.stem


def test_filters_combine_level_keyword_and_year(corpus_forms):
    records = indicator_records([corpus_forms[SEED]])
    # Two rows of 003 are named 卫生服务站数量.
    hits = filter_records(records, level2="数量指标", keyword="卫生服务站数量")
    assert [(r["name"], r["value_raw"]) for r in hits] == [("卫生服务站数量", "10个"), ("卫生服务站数量", "10家")]
    assert filter_records(records, keyword="卫生服务站数量", year=2023) == hits
    assert filter_records(records, keyword="卫生服务站数量", year=2019) == []
    # Every term must occur in the row: only 卫生服务站供暖面积 has 供暖.
    assert [r["name"] for r in filter_records(records, keyword="卫生服务站 供暖")] == ["卫生服务站供暖面积"]


def test_counts_add_up_to_the_rows(corpus_forms):
    records = indicator_records(list(corpus_forms.values()))
    counts = level_counts(records)
    assert sum(n for _, _, n in counts) == len(records)
    assert counts == sorted(counts, key=lambda c: -c[2])


def test_a_picked_row_cites_its_source_and_the_citation_finds_its_project(corpus_forms):
    records = indicator_records([corpus_forms[SEED]])
    picked = row_id(corpus_forms[SEED], "医疗废物处置完成率")
    record = next(r for r in records if r["id"] == picked)
    row = record_to_row(record)
    assert (row.level2, row.name, row.value) == ("质量指标", "医疗废物处置完成率", "≥95%")
    assert row.sources[0].id == picked
    form, project, indicator = find_indicator(list(corpus_forms.values()), row.sources[0].id)
    assert (form.id, project.name, indicator.name) == (SEED, "卫生局工作业务经费", "医疗废物处置完成率")
    table = project_table(project)
    line = line_of(SEED_003.read_text(encoding="utf-8"), "医疗废物处置完成率")
    assert table[2][3] == "医疗废物处置完成率" and table[2][6] == f"raw/{SEED}.txt第{line}行"
    assert find_indicator(list(corpus_forms.values()), "no-such-id") is None


def test_the_sector_filter_and_its_choices(all_forms):
    from assistant.review.library_view import sectors_of

    records = indicator_records(all_forms)
    choices = sectors_of(records)
    assert "交通运输" in choices and "卫生健康" in choices and len(choices) == len({f.sector for f in all_forms})
    roads = filter_records(records, sector="交通运输")
    transport_forms = {f.id for f in all_forms if f.sector == "交通运输"}
    assert roads and {r["form"] for r in roads} == transport_forms
    assert filter_records(records, sector="交通运输", keyword="献血") == []
