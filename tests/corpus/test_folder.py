"""The committed corpus, pinned down: counts, money and exact rows read by hand from the seeds."""

import pytest

from assistant.corpus.files import form_to_json
from assistant.corpus.folder import export_jsonl, indicator_records, stats

# (form, source line) → (一级, 二级, name, parsed comparator, number, unit), read from the seed text
# (levels after the hand review where the OCR lost them; see corpus/reviews/).
ROWS = {
    ("003_1c981b526f6e6f3d", 240): ("产出指标", "时效指标", "危重症患者抢救及时率", "≥", 90, "%"),
    ("003_1c981b526f6e6f3d", 159): ("产出指标", "数量指标", "年度预计体检人数", "≥", 40000, "人"),
    ("003_1c981b526f6e6f3d", 192): ("满意度指标", "服务对象满意度指标", "无偿献血人员对补贴政策满意度", "≥", 90, "%"),
    ("002_e1d26794d2b88a5d", 27): ("产出指标", "数量指标", "保障履职干部人数", "≈", 117, "人"),
    ("002_e1d26794d2b88a5d", 47): ("产出指标", "时效指标", "项目资金拨付及时率", "≥", 98, "%"),
    ("002_e1d26794d2b88a5d", 49): ("产出指标", "成本指标", "人均运转经费数", "≤", 14.2, "万元"),
    ("001_6003ec96d5ffba37", 41): ("产出指标", "数量指标", "春节慰问计生特殊家庭", "≈", 1800, "户"),
    ("001_6003ec96d5ffba37", 68): ("产出指标", "数量指标", "高血压患者规范管理率", "≥", 60, "%"),
    ("000_eae1af3fc182f435", 76): ("产出指标", "数量指标", "专业报刊杂志份数", "≈", 400, "份"),
    ("000_eae1af3fc182f435", 111): ("产出指标", "质量指标", "医疗事故率", None, 0, "%"),
    ("000_eae1af3fc182f435", 131): ("产出指标", "时效指标", "出具维保报告及时率", None, 100, "%"),
    ("004_c7c74f520e7223bf", 24): ("产出指标", "数量指标", "印制鼠防条例", "≥", 30000, "册"),
    ("004_c7c74f520e7223bf", 126): ("产出指标", "数量指标", "报告患病率", None, 4.2, "‰"),
    ("004_c7c74f520e7223bf", 156): ("产出指标", "成本指标", "特别扶助补助标准", None, 6000, "元/人/年"),
    ("004_c7c74f520e7223bf", 174): ("满意度指标", "服务对象满意度指标", "群众对村医服务的满意度", "≥", 95, "%"),
}

# Indicator rows per form, counted by hand in the seed text (one indicator per table row).
COUNTS = {"000_eae1af3fc182f435": 110, "001_6003ec96d5ffba37": 35, "002_e1d26794d2b88a5d": 39,
          "003_1c981b526f6e6f3d": 84, "004_c7c74f520e7223bf": 161}


def by_line(form, line):
    return next(i for _, _, i in form.iter_indicators() if i.source.line == line)


def test_the_corpus_holds_the_five_seeds(corpus_forms):
    assert {k: sum(1 for _ in f.iter_indicators()) for k, f in corpus_forms.items()} == COUNTS
    kinds = {k[:3]: f.kind for k, f in corpus_forms.items()}
    assert kinds == {"000": "whole_unit", "001": "self_evaluation", "002": "whole_unit", "003": "project",
                     "004": "whole_unit"}
    years = {k[:3]: f.year for k, f in corpus_forms.items()}
    assert years == {"000": 2024, "001": 2020, "002": 2021, "003": 2023, "004": 2024}


@pytest.mark.parametrize("key", list(ROWS))
def test_exact_rows(corpus_forms, key):
    form_id, line = key
    level1, level2, name, comparator, number, unit = ROWS[key]
    ind = by_line(corpus_forms[form_id], line)
    assert (ind.level1, ind.level2, ind.name) == (level1, level2, name)
    assert (ind.value.comparator, ind.value.number, ind.value.unit) == (comparator, pytest.approx(number), unit)
    assert ind.id == f"{form_id}#L{line}"


def test_special_values_keep_their_structure(corpus_forms):
    range_row = by_line(corpus_forms["004_c7c74f520e7223bf"], 156)
    assert range_row.value.upper == 8000
    prefixed = by_line(corpus_forms["004_c7c74f520e7223bf"], 86)
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
