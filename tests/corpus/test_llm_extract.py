"""LLM-assisted reading through the scripted OpenAI-compatible server on 127.0.0.1: the model may
restructure a text the rules cannot read, but a row or an amount it invents is dropped and reported."""

from __future__ import annotations

import json

import pytest

from assistant.corpus.folder import Corpus
from assistant.corpus.llm_extract import extract_form, is_extracted
from assistant.errors import InputError
from tests.llm_server import Reply

# A form flattened by a copy from a page: the rules find no level labels and no table header.
TEXT = """某县文化馆2024年免费开放补助资金
资金 20万元 开放天数 全年开放不少于300天 举办展览 不少于12场 读者满意程度 达到90%以上
本项目用于文化馆免费开放。
"""


def reply(projects):
    return Reply(content=json.dumps({"projects": projects}, ensure_ascii=False))


ROWS = [
    {"level1": "产出指标", "level2": "数量指标", "name": "开放天数", "value": "全年开放不少于300天"},
    {"level1": "产出指标", "level2": "数量指标", "name": "举办展览", "value": "不少于12场"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "读者满意程度", "value": "达到90%以上"},
]


def test_the_model_restructures_and_every_row_is_traced_to_the_text(llm_server, llm_model):
    llm_server.script(reply([{"name": "某县文化馆2024年免费开放补助资金", "money_wan": 20, "rows": ROWS}]))
    result = extract_form(TEXT, llm_model(), form_id="f", source_file="f.txt")
    rows = [(i.level2, i.name, i.value.raw, i.source.line) for _, _, i in result.form.iter_indicators()]
    assert rows == [("数量指标", "开放天数", "全年开放不少于300天", 2), ("数量指标", "举办展览", "不少于12场", 2),
                    ("服务对象满意度指标", "读者满意程度", "达到90%以上", 2)]
    assert result.form.projects[0].money.total == 20 and result.dropped == []
    assert is_extracted(result.form)
    assert "全年开放不少于300天" in llm_server.requests[0]["messages"][-1]["content"]  # the text went to the model


def test_a_row_and_an_amount_the_model_invents_are_dropped_and_reported(llm_server, llm_model):
    invented = {"level1": "效益指标", "level2": "社会效益指标", "name": "群众文化素养", "value": "显著提升"}
    llm_server.script(reply([{"name": "某县文化馆2024年免费开放补助资金", "money_wan": 35, "rows": ROWS + [invented]}]))
    result = extract_form(TEXT, llm_model(), form_id="f", source_file="f.txt")
    names = [i.name for _, _, i in result.form.iter_indicators()]
    assert "群众文化素养" not in names and len(names) == 3
    assert any("群众文化素养" in d for d in result.dropped)
    assert any("35" in d for d in result.dropped) and result.form.projects[0].money.total is None


def test_a_wrong_level_is_sent_back_and_the_repaired_reply_is_used(llm_server, llm_model):
    wrong = [dict(ROWS[0], level2="满意度指标")] + ROWS[1:]
    llm_server.script(reply([{"name": "文化馆", "money_wan": None, "rows": wrong}]),
                      reply([{"name": "文化馆", "money_wan": None, "rows": ROWS}]))
    result = extract_form(TEXT, llm_model(), form_id="f", source_file="f.txt")
    assert len(llm_server.requests) == 2 and "层级" in llm_server.requests[1]["messages"][-1]["content"]
    assert [i.level2 for _, _, i in result.form.iter_indicators()][0] == "数量指标"


def test_ingest_falls_back_to_the_model_only_for_what_the_rules_cannot_read(llm_server, llm_model, tmp_path):
    corpus = Corpus(tmp_path / "corpus")
    path = tmp_path / "文化馆.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError):
        corpus.read(path)  # no model: the rules' refusal stands
    llm_server.script(reply([{"name": "文化馆免费开放", "money_wan": 20, "rows": ROWS}]))
    form = corpus.ingest(path, model=llm_model())
    assert (corpus.forms_dir / "文化馆.json").exists() and not (corpus.raw_dir / "文化馆.txt").exists()
    assert len(list(form.iter_indicators())) == 3 and form.sector == "文化旅游"


def test_a_reply_with_nothing_traceable_is_a_clear_refusal(llm_server, llm_model, tmp_path):
    corpus = Corpus(tmp_path / "corpus")
    path = tmp_path / "x.txt"
    path.write_text(TEXT, encoding="utf-8")
    llm_server.script(reply([{"name": "x", "money_wan": None, "rows": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "value": "≥500人"}]}]))
    with pytest.raises(InputError) as caught:
        corpus.ingest(path, model=llm_model())
    assert "x.txt" in caught.value.user_message() and "出处" in caught.value.user_message()
    assert not (corpus.forms_dir / "x.json").exists()
