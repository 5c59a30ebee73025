"""Index records of the real corpus: texts, chromadb-legal metadata and content hashes."""

from assistant.corpus.schema import Form
from assistant.index.records import (
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    from_metadata,
    indicator_index_records,
    project_index_records,
)
from tests.conftest import SEED_003
from tests.corpus_rows import line_of


def _record(records, name):
    return next(r for r in records if r.metadata["name"] == name)


def test_an_indicator_record_reads_project_levels_name_and_value(corpus_forms):
    records = indicator_index_records(list(corpus_forms.values()))
    record = _record(records, "无偿献血人员对补贴政策满意度")
    assert record.text == "无偿献血补助经费，满意度指标/服务对象满意度指标，无偿献血人员对补贴政策满意度：≥90%"
    # It cites the one line of the seed text holding the row, and that line holds its value too.
    raw = SEED_003.read_text(encoding="utf-8")
    line = line_of(raw, "无偿献血人员对补贴政策满意度")
    assert record.id.endswith(f"#L{line}") and record.metadata["source"].endswith(f"第{line}行")
    assert "≥90%" in raw.splitlines()[line - 1]


def test_metadata_is_chromadb_legal_and_reads_back(corpus_forms):
    forms = list(corpus_forms.values())
    for record in indicator_index_records(forms) + project_index_records(forms):
        assert all(isinstance(v, str | int | float) and v is not None for v in record.metadata.values())
    record = _record(indicator_index_records(forms), "年度预计体检人数")
    back = from_metadata(record.metadata, INDICATOR_FIELDS)
    assert back["year"] == 2023 and back["value_raw"] == "≥40000人" and back["level2"] == "数量指标"


def test_missing_values_are_stored_as_placeholders_and_read_back_as_none():
    form = Form(id="t", kind="project", projects=[{"name": "某项目", "groups": [{"indicators": [
        {"name": "培训人数", "value": {"raw": "", "kind": "empty"}}]}]}])
    [record] = indicator_index_records([form])
    assert record.metadata["year"] == -1 and record.metadata["level1"] == "" and record.metadata["unit"] == ""
    back = from_metadata(record.metadata, INDICATOR_FIELDS)
    assert back["year"] is None and back["level1"] is None and back["unit"] is None
    assert record.id == "t/p1#r1"  # ids are filled in for forms that lack them
    [project] = project_index_records([form])
    assert from_metadata(project.metadata, PROJECT_FIELDS)["money_total"] is None


def test_the_hash_changes_with_the_value_and_only_for_that_row(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    changed = form.model_copy(deep=True)
    target = next(i for _, _, i in changed.iter_indicators() if i.name == "年度预计体检人数")
    target.value.raw = "≥45000人"
    before = {r.id: r.hash for r in indicator_index_records([form])}
    after = {r.id: r.hash for r in indicator_index_records([changed])}
    assert [i for i in before if before[i] != after[i]] == [target.id]


def test_a_project_record_holds_name_content_and_money(corpus_forms):
    records = project_index_records(list(corpus_forms.values()))
    record = next(r for r in records if r.metadata["project"] == "预防性体检工作经费")
    assert record.text.startswith("预防性体检工作经费\n")
    assert "预防性健康检查" in record.text and "金额280万元" in record.text
    # seed 003 repeats the goal text as 年度目标: it is kept once
    assert record.text.count("预防性健康检查工作") == 1
