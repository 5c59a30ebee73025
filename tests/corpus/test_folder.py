"""The committed corpus, pinned down: counts, money and exact rows read by hand from the seeds."""

import pytest

from assistant.corpus.files import form_to_json
from assistant.corpus.folder import export_jsonl, indicator_records, stats
from tests.conftest import RAW
from tests.corpus_rows import line_of, row_named

# (form, name) → (一级, 二级, parsed comparator, number, unit), read from the seed text (levels after
# the hand review where the OCR lost them; see corpus/reviews/).
ROWS = {
    ("003_1c981b526f6e6f3d", "危重症患者抢救及时率"): ("产出指标", "时效指标", "≥", 90, "%"),
    ("003_1c981b526f6e6f3d", "年度预计体检人数"): ("产出指标", "数量指标", "≥", 40000, "人"),
    ("003_1c981b526f6e6f3d", "无偿献血人员对补贴政策满意度"): ("满意度指标", "服务对象满意度指标", "≥", 90, "%"),
    ("002_e1d26794d2b88a5d", "保障履职干部人数"): ("产出指标", "数量指标", "≈", 117, "人"),
    ("002_e1d26794d2b88a5d", "项目资金拨付及时率"): ("产出指标", "时效指标", "≥", 98, "%"),
    ("002_e1d26794d2b88a5d", "人均运转经费数"): ("产出指标", "成本指标", "≤", 14.2, "万元"),
    ("001_6003ec96d5ffba37", "春节慰问计生特殊家庭"): ("产出指标", "数量指标", "≈", 1800, "户"),
    ("001_6003ec96d5ffba37", "高血压患者规范管理率"): ("产出指标", "数量指标", "≥", 60, "%"),
    ("000_eae1af3fc182f435", "专业报刊杂志份数"): ("产出指标", "数量指标", "≈", 400, "份"),
    ("000_eae1af3fc182f435", "医疗事故率"): ("产出指标", "质量指标", None, 0, "%"),
    ("000_eae1af3fc182f435", "出具维保报告及时率"): ("产出指标", "时效指标", None, 100, "%"),
    ("004_c7c74f520e7223bf", "印制鼠防条例"): ("产出指标", "数量指标", "≥", 30000, "册"),
    ("004_c7c74f520e7223bf", "报告患病率"): ("产出指标", "数量指标", None, 4.2, "‰"),
    ("004_c7c74f520e7223bf", "特别扶助补助标准"): ("产出指标", "成本指标", None, 6000, "元/人/年"),
    ("004_c7c74f520e7223bf", "群众对村医服务的满意度"): ("满意度指标", "服务对象满意度指标", "≥", 95, "%"),
}
# Where the hand review renamed a row, the text of its line in the seed.
RAW_NAMES = {"高血压患者规范管理率": "规范要求进行高血压患者管理的"}

# Indicator rows per form, counted by hand in the seed text (one indicator per table row).
COUNTS = {"000_eae1af3fc182f435": 110, "001_6003ec96d5ffba37": 35, "002_e1d26794d2b88a5d": 39,
          "003_1c981b526f6e6f3d": 84, "004_c7c74f520e7223bf": 161}


def by_line(form, line):
    return next(i for _, _, i in form.iter_indicators() if i.source.line == line)


def seed_line(form_id, text):
    return line_of((RAW / f"{form_id}.txt").read_text(encoding="utf-8"), text)


def test_the_corpus_holds_the_five_seeds(corpus_forms):
    assert {k: sum(1 for _ in f.iter_indicators()) for k, f in corpus_forms.items()} == COUNTS
    kinds = {k[:3]: f.kind for k, f in corpus_forms.items()}
    assert kinds == {"000": "whole_unit", "001": "self_evaluation", "002": "whole_unit", "003": "project",
                     "004": "whole_unit"}
    years = {k[:3]: f.year for k, f in corpus_forms.items()}
    assert years == {"000": 2024, "001": 2020, "002": 2021, "003": 2023, "004": 2024}


@pytest.mark.parametrize("key", list(ROWS))
def test_exact_rows(corpus_forms, key):
    form_id, name = key
    level1, level2, comparator, number, unit = ROWS[key]
    ind = row_named(corpus_forms[form_id], name)
    assert (ind.level1, ind.level2) == (level1, level2)
    assert (ind.value.comparator, ind.value.number, ind.value.unit) == (comparator, pytest.approx(number), unit)
    # The row cites the line of the seed text it was read from.
    line = seed_line(form_id, RAW_NAMES.get(name, name))
    assert ind.source.line == line and ind.id == f"{form_id}#L{line}"


def test_special_values_keep_their_structure(corpus_forms):
    range_row = row_named(corpus_forms["004_c7c74f520e7223bf"], "特别扶助补助标准")
    assert range_row.value.upper == 8000
    prefixed = by_line(corpus_forms["004_c7c74f520e7223bf"], seed_line("004_c7c74f520e7223bf", "展板≥10个"))
    assert (prefixed.value.prefix, prefixed.value.number) == ("展板", 10)
    history = by_line(corpus_forms["001_6003ec96d5ffba37"], 41).history
    assert history == {"2019年": "1550户", "2020年": "1651户"}
    empty = by_line(corpus_forms["003_1c981b526f6e6f3d"], 110)
    assert empty.name == "设备利用率" and empty.value.kind == "empty"


def test_whole_unit_money_and_groups(corpus_forms):
    futian = corpus_forms["000_eae1af3fc182f435"].projects[0]
    assert futian.money.total == pytest.approx(69913.34) and len(futian.tasks) == 24
    assert "信息系统维护" in [t.name for t in futian.tasks]
    korla = corpus_forms["002_e1d26794d2b88a5d"].projects[0]
    assert korla.money.total == pytest.approx(5141.32) and len(korla.tasks) == 15
    hankou = corpus_forms["001_6003ec96d5ffba37"].projects[0]
    assert hankou.money.total == pytest.approx(6519.90)
    assert [g.title[:5] for g in hankou.groups] == ["长期目标1", "长期目标2", "年度指标1", "年度指标2"]
    huangyuan = corpus_forms["004_c7c74f520e7223bf"].projects[0]
    assert [g.title.split(":")[0].split("：")[0] for g in huangyuan.groups] == [f"职能{n}" for n in range(1, 12)]


def test_hand_fixes_are_recorded_not_silent(corpus_forms):
    fixed = [i for f in corpus_forms.values() for _, _, i in f.iter_indicators() if i.review]
    assert fixed and all(i.review.note for i in fixed)
    assert all(i.review.fields for i in fixed)
    renamed = by_line(corpus_forms["001_6003ec96d5ffba37"], 68)
    assert renamed.review.original["name"] == "规范要求进行高血压患者管理的"


def test_committed_forms_equal_a_fresh_build(corpus):
    """forms/*.json = parse(raw) + review: the corpus cannot drift from the parser or the reviews."""
    for raw in corpus.raw_paths():
        committed = (corpus.forms_dir / f"{raw.stem}.json").read_text(encoding="utf-8")
        assert form_to_json(corpus.build(raw)) == committed, f"{raw.stem}: run `assistant corpus build`"


def test_stats_and_export_agree_with_the_forms(corpus_forms):
    forms = list(corpus_forms.values())
    summary = stats(forms)
    assert summary["forms"] == 5 and summary["projects"] == 15 and summary["indicators"] == sum(COUNTS.values())
    assert sum(row["count"] for row in summary["by_level"]) == summary["indicators"]
    assert len(export_jsonl(forms).splitlines()) == summary["indicators"]
    records = indicator_records(forms)
    assert all(r["level1"] and r["level2"] for r in records)
