"""phrase(): suggestions reworded for the project by the LLM (scripted server on 127.0.0.1), and left
as they were whenever that does not work. The project is 003 p6 预防性体检工作经费; the suggested rows
are 003 p1's 时效指标 and 社会效益指标 rows as the form states them."""

import json
from functools import partial

import pytest

from assistant.draft.models import DraftRow, DraftSource
from assistant.draft.suggest import Suggestion
from assistant.draft.suggest_llm import phrase, phrase_hook
from assistant.llm.call_log import CallLog
from tests.conftest import index_settings
from tests.corpus_rows import row_id
from tests.llm_server import FAULTS, Reply

SEED_003 = "003_1c981b526f6e6f3d"


@pytest.fixture
def p6(corpus_forms):
    return next(p for p in corpus_forms[SEED_003].projects if p.id == f"{SEED_003}/p6")


@pytest.fixture
def suggestions(p6, corpus_forms):
    def one(level1, level2, name, value):
        source = DraftSource(why="retrieved", id=row_id(corpus_forms[SEED_003], name), name=name, value=value)
        row = DraftRow(level1=level1, level2=level2, name=name, value=value, sources=[source])
        return Suggestion(project=p6.name, level1=level1, level2=level2, reason=f"缺少{level2}", rows=[row])

    return [one("产出指标", "时效指标", "医疗废物处置及时率", "95%"),
            one("效益指标", "社会效益指标", "卫生健康宣传活动普及程度", "优良")]


@pytest.fixture
def settings(tmp_path):
    return index_settings(tmp_path, llm_repair_attempts=1)


def reply(*rows):
    return json.dumps({"rows": [dict(zip(("id", "name", "value"), row, strict=True)) for row in rows]},
                      ensure_ascii=False)


GOOD = reply(("1.1", "预防性体检报告出具及时率", "≥95%"), ("2.1", "从业人员健康体检知晓程度", "明显提高"))


def test_rows_are_reworded_and_keep_levels_and_sources(llm_server, llm_model, p6, suggestions, settings):
    llm_server.script(Reply(content=GOOD))

    phrased = phrase(p6, suggestions, model=llm_model(), settings=settings)

    first, second = phrased[0].rows[0], phrased[1].rows[0]
    assert (first.level1, first.level2, first.name, first.value) == ("产出指标", "时效指标", "预防性体检报告出具及时率", "≥95%")
    assert (second.level2, second.name, second.value) == ("社会效益指标", "从业人员健康体检知晓程度", "明显提高")
    assert first.sources == suggestions[0].rows[0].sources
    assert "原为“医疗废物处置及时率：95%”" in first.note
    assert [s.reason for s in phrased] == ["缺少时效指标", "缺少社会效益指标"]
    prompt = llm_server.requests[0]["messages"][-1]["content"]
    assert "项目名称：预防性体检工作经费" in prompt and "| 1.1 | 产出指标 | 时效指标 | 医疗废物处置及时率 | 95% |" in prompt


def test_a_quantitative_value_turned_into_words_is_sent_back(llm_server, llm_model, p6, suggestions, settings):
    llm_server.script(Reply(content=reply(("1.1", "体检及时率", "及时"), ("2.1", "健康知晓程度", "提高"))),
                      Reply(content=GOOD))

    phrased = phrase(p6, suggestions, model=llm_model(), settings=settings)

    assert "编号 1.1 的指标值原为定量表述“95%”" in llm_server.requests[1]["messages"][-1]["content"]
    assert phrased[0].rows[0].value == "≥95%"


def test_a_reply_that_never_covers_every_row_leaves_the_suggestions_as_they_were(llm_server, llm_model, p6,
                                                                               suggestions, settings):
    partial_reply = reply(("1.1", "体检报告出具及时率", "≥95%"))
    llm_server.script(Reply(content=partial_reply), Reply(content=partial_reply))

    assert phrase(p6, suggestions, model=llm_model(), settings=settings) == suggestions
    assert "没有候选编号 2.1 的改写" in llm_server.requests[1]["messages"][-1]["content"]


def test_a_failing_or_missing_endpoint_leaves_the_suggestions_as_they_were(llm_server, llm_model, p6, suggestions,
                                                                         settings):
    llm_server.script(Reply(status=401))
    assert phrase(p6, suggestions, model=llm_model(), settings=settings) == suggestions
    # No JXMB_LLM_BASE_URL: nothing to ask.
    assert phrase(p6, suggestions, settings=settings) == suggestions


def test_it_fits_the_suggest_hook_when_bound(llm_server, llm_model, p6, suggestions, settings):
    llm_server.script(Reply(content=GOOD))
    hook = partial(phrase, model=llm_model(), settings=settings)

    assert hook(p6, suggestions)[0].rows[0].name == "预防性体检报告出具及时率"


def test_the_hook_is_offered_only_when_an_endpoint_is_configured(llm_server, p6, suggestions, tmp_path):
    assert phrase_hook(index_settings(tmp_path)) is None
    llm_server.script(Reply(content=GOOD))
    hook = phrase_hook(index_settings(tmp_path, llm_base_url=llm_server.url, llm_model="scripted-model"))

    assert hook(p6, suggestions)[1].rows[0].name == "从业人员健康体检知晓程度"
    assert llm_server.requests[0]["model"] == "scripted-model"


def test_phrasing_calls_are_logged_under_the_draft(llm_server, llm_model, p6, suggestions, settings, tmp_path):
    call_log = CallLog(tmp_path / "calls.sqlite3")
    llm_server.script(Reply(content=reply(("1.1", "体检及时率", "及时"), ("2.1", "健康知晓程度", "提高"))),
                      Reply(content=GOOD, usage={"prompt_tokens": 300, "completion_tokens": 60, "total_tokens": 360}))

    phrase(p6, suggestions, model=llm_model(call_log=call_log), settings=settings, draft_id="d-7")

    calls = call_log.recent(draft_id="d-7")
    assert [(c.purpose, c.outcome, c.model) for c in calls] == [("suggest", "ok", "scripted-model"),
                                                                 ("repair", "ok", "scripted-model")]
    assert calls[1].reply == GOOD and calls[1].usage.total_tokens == 360
    assert "| 1.1 | 产出指标 | 时效指标 | 医疗废物处置及时率 | 95% |" in calls[0].messages[-1]["content"]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_faulty_server_leaves_the_suggestions_as_they_were(llm_server, llm_model, p6, suggestions, settings,
                                                             fault):
    llm_server.script(FAULTS[fault])

    assert phrase(p6, suggestions, model=llm_model(deadline=1.5), settings=settings) == suggestions
