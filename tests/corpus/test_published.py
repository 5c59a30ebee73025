"""Published pages read as they are: every layout class checked against a gold table written by hand
from the page (corpus/gathered/<id>.json), never against the reader's own output. Only forms of the tuning
split are used here; the frozen test split (evals/ingest_split.json) stays out of the tests."""

from __future__ import annotations

import json
import re

import pytest

from assistant.corpus import levels
from assistant.corpus.files import form_from_text, load_form
from assistant.corpus.published import cells_of, read_published
from assistant.errors import InputError
from tests.conftest import ROOT

GATHERED = ROOT / "corpus" / "gathered"
GOLD = ROOT / "corpus" / "gathered"
TUNE = set(json.loads((ROOT / "evals" / "ingest_split.json").read_text(encoding="utf-8"))["tune"])


def gold(form_id: str) -> dict:
    assert form_id in TUNE, "tests use the tuning split only"
    return json.loads((GOLD / f"{form_id}.json").read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """Without spaces, ★ marks, "(≥**人)" placeholders and 指标N: numbering (none of them is the name)."""
    text = re.sub(r"\s|★|[(（][^()（）]*\*\*[^()（）]*[)）]", "", text or "")
    return re.sub(r"^指标\d+[:：.、]?", "", text)


def rows_of(form) -> list[tuple[str, str, str, str]]:
    return [(ind.level1, ind.level2, plain(ind.name), plain(ind.value.raw)) for _, _, ind in form.iter_indicators()]


def gold_rows(data: dict) -> list[tuple[str, str, str, str]]:
    out = []
    for project in data["projects"]:
        for row in project["rows"]:
            level1 = levels.SATISFACTION if "满意度" in row["level2"] else row["level1"]
            out.append((level1, row["level2"], plain(row["name"]), plain(row["value"])))
    return out


@pytest.mark.parametrize("form_id, layout", [
    ("r_0354597370ae", "a cell a line, pipes closing each row (HTML table)"),
    ("r_5bd384b90806", "whole rows with pipes, a description column before the value"),
    ("r_36e684abe392", "self-evaluation: score, target, actual, score, reason after the name"),
    ("r_bd8d1d0bab5e", "a cell a line, blank lines between cells, labels split over two lines"),
    ("r_94cc916ac7ba", "a cell a line, no row marks"),
    ("r_eebd48409cdb", "cells pasted together with nothing between them"),
    ("r_f6b44b8ba33c", "split value columns: unit, comparator (under 指标性质), number"),
    ("r_c64afea0f088", "a cell a line with a pipe after each, no row closed inside the table, wrapped cells"),
    ("r_4341ded25e08", "a report: outline-numbered levels, each indicator a sentence '…,目标值X,完成值Y'"),
    ("r_532fce776662", "score ranges after the level names: '成本指标(0-20)分'"),
    ("r_5644cd688c70", "numbered names (指标3.…) where a value cell is empty"),
    ("r_5b6ee7a3c308", "self-evaluation header cells wrapped over lines: '年度' / '指标值'"),
    ("r_dbaf7208e4b8", "a 三级 name that repeats its 二级: '服务对象满意度' / '100%'"),
    ("r_eb0db64c00f5", "merged level cells left of the name, blank cells after the value"),
    ("r_1dfb2c9c11af", "a two-line table header: '年度 实际' over '指标值 完成值'"),
])
def test_every_gold_row_is_read_exactly(form_id, layout):
    form = load_form(GATHERED / f"{form_id}.txt")
    read = rows_of(form)
    missing = [row for row in gold_rows(gold(form_id)) if row not in read]
    assert not missing, f"{layout}: {missing}"


@pytest.mark.parametrize("form_id", ["r_0354597370ae", "r_5bd384b90806", "r_4fd36be5f796", "r_c6430d4913a0",
                                     "r_847501a39b51",  # 中期资金总额 beside 年度资金总额: the year's is the total
                                     "r_d5eaa3447abb",
                                     "r_b82f56243c21",  # "(一)财政拨款小计 6.30" and no 年度资金总额
                                     "r_c2e4301a0ef2",  # 年度财政资金总额 in a self-evaluation's 预算数 column
                                     "r_532fce776662",  # "项目资金 预算执行 10分" is a score, 当年年度预算 the money
                                     "r_d835cdd99b08",  # a whole-unit form with no 项目名称: named by its unit
                                     "r_dbaf7208e4b8"])  # no 项目名称: a budget listing (单位 / 项目 / 金额 in 元)
def test_project_names_and_money_come_from_the_header_block(form_id):
    form = load_form(GATHERED / f"{form_id}.txt")
    for project in gold(form_id)["projects"]:
        found = [p for p in form.projects if plain(p.name) == plain(project["name"])]
        assert found, project["name"]
        assert found[0].money.total == pytest.approx(project["money_wan"])


def test_a_form_in_yuan_is_converted_to_wan_and_says_so():
    text = "项目支出绩效目标表\n单位：元\n项目名称\t测试项目\n年度资金总额\t250000\n" \
           "一级指标\n二级指标\n三级指标\n指标值\n产出指标\n数量指标\n培训人数\n≥200人\n"
    form = read_published(text, form_id="t", source_file="t.txt")
    assert form.projects[0].money.total == pytest.approx(25.0)
    assert any("元" in note for note in form.notes)


def test_space_separated_rows_keep_split_values_together():
    cells = [c.text for c in cells_of("一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训人数 ≥ 200 人\n"
                                       "质量指标 合格率 95 %\n时效指标 完成及时率 100%\n")]
    assert "≥200人" in cells and "95%" in cells


def test_a_title_without_its_kind_is_read_and_the_inference_is_noted():
    text = "某局2024年绩效指标\n项目名称\n道路养护\n一级指标\n二级指标\n三级指标\n指标值\n" \
           "产出指标\n数量指标\n养护里程\n≥320公里\n满意度指标\n群众满意度\n≥90%\n"
    form = read_published(text, form_id="t", source_file="t.txt")
    assert form.kind == "project" and form.notes
    assert [(i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()] == [
        ("数量指标", "养护里程", "≥320公里"), ("服务对象满意度指标", "群众满意度", "≥90%")]


def test_a_text_with_no_indicator_table_is_refused_naming_the_file():
    with pytest.raises(InputError) as caught:
        form_from_text("关于做好2024年预算编制工作的通知\n各单位：请按时报送。\n", form_id="x", source_file="通知.txt")
    assert "通知.txt" in caught.value.user_message()
    assert "指标" in caught.value.user_message()


def test_the_seeds_still_go_to_the_ocr_table_reader():
    seed = ROOT / "corpus" / "raw" / "003_1c981b526f6e6f3d.txt"
    committed = json.loads((ROOT / "corpus" / "forms" / "003_1c981b526f6e6f3d.json").read_text(encoding="utf-8"))
    form = load_form(seed)
    assert len(list(form.iter_indicators())) == sum(
        len(g["indicators"]) for p in committed["projects"] for g in p["groups"])


def test_a_table_without_a_header_row_starts_at_its_first_level_label():
    text = "项目支出绩效目标表\n项目名称 | 低保救助 |\n产出指标 | 数量指标 | 救助人数 | ≥500人 |\n" \
           "| 质量指标 | 发放准确率 | 100% |\n满意度指标 | 服务对象满意度指标 | 受助对象满意度 | ≥90% |\n"
    form = read_published(text, form_id="t", source_file="t.txt")
    assert [(i.level1, i.level2, i.name) for _, _, i in form.iter_indicators()] == [
        ("产出指标", "数量指标", "救助人数"), ("产出指标", "质量指标", "发放准确率"),
        ("满意度指标", "服务对象满意度指标", "受助对象满意度")]


def test_traditional_characters_with_pinyin_read_as_simplified():
    text = "岳陽樓區(qū)價(jià)格認(rèn)證中心2023年度整體績(jì)效目標(biāo)表\n" \
           "項(xiàng)目名稱(chēng) | 價格認定 |\n一級指標 | 二級指標 | 三級指標 | 指標值 |\n" \
           "產出指標 | 數量指標 | 認定案件數量 | ≥100件 |\n滿意度指標 | 服務對象滿意度指標 | 使用單位滿意度 | ≥95% |\n"
    form = read_published(text, form_id="t", source_file="t.txt")
    assert [(i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()] == [
        ("数量指标", "认定案件数量", "≥100件"), ("服务对象满意度指标", "使用单位满意度", "≥95%")]
    assert any("繁体" in note for note in form.notes) and any("拼音" in note for note in form.notes)


def test_a_table_pasted_whole_into_one_line_is_cut_at_its_level_names():
    text = ("项目支出绩效目标表\n项目名称 图书馆免费开放\n"
            "一级指标二级指标三级指标指标值产出指标数量指标开放天数=300天质量指标设备完好率≥95%"
            "满意度指标服务对象满意度指标读者满意度≥90%\n")
    form = read_published(text, form_id="glued", source_file="glued.txt")
    assert [(i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()] == [
        ("数量指标", "开放天数", "=300天"), ("质量指标", "设备完好率", "≥95%"),
        ("服务对象满意度指标", "读者满意度", "≥90%")]


def test_rows_before_the_first_level_name_take_the_twin_the_template_puts_first_and_say_so():
    text = ("项目名称 健康服务\n一级指标 二级指标 三级指标 指标值\n\n指标1:建档人数\n\n3000人\n\n"
            "质量指标\n\n指标1:建档合格率\n\n95%\n")
    form = read_published(text, form_id="order", source_file="order.txt")
    assert [(i.level1, i.level2, i.name) for _, _, i in form.iter_indicators()] == [
        ("产出指标", "数量指标", "建档人数"), ("产出指标", "质量指标", "建档合格率")]
    assert any("模板顺序" in note for note in form.notes)


def test_a_value_in_a_list_layouts_brackets_is_the_value_and_a_unit_in_brackets_is_not():
    text = ("项目名称 机房租赁\n【产出指标-数量指标】\n\n指标1:机柜数量(≥77台)\n\n"
            "【产出指标-成本指标】\n\n指标1:租赁费用(万元)\n\n【效益指标-社会效益指标】\n\n指标1:服务保障民生(有力保障)\n")
    form = read_published(text, form_id="list", source_file="list.txt")
    assert [(i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()] == [
        ("数量指标", "机柜数量", "≥77台"), ("成本指标", "租赁费用(万元)", ""), ("社会效益指标", "服务保障民生", "有力保障")]


def test_a_cell_wrapped_over_two_lines_in_a_cell_a_line_page_is_one_cell():
    text = "项目名称 |\n赛事经费 |\n一级指标 |\n二级指标 |\n三级指标 |\n指标值 |\n产出指标 |\n数量指标 |\n打造品牌\n赛事种类 |\n1种 |\n"
    assert "打造品牌赛事种类" in [cell.text for cell in cells_of(text)]
