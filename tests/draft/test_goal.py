"""The 年度绩效目标 text: 目标1、目标2… consistent with the indicator rows."""

import re

from assistant.draft.goal import draft_goal, goal_problems, goal_text
from assistant.draft.models import Draft, DraftRequest, DraftRow, placeholder_row
from assistant.errors import LLMError
from assistant.llm.seam import Completion

REQUEST = DraftRequest(name="中小学教师培训", content="组织全区中小学教师参加专业培训。提升教学能力。", budget=120)
ROWS = [DraftRow(level1="产出指标", level2="数量指标", name="培训人数", value="≥200人"),
        DraftRow(level1="产出指标", level2="质量指标", name="培训合格率", value="≥95%"),
        DraftRow(level1="效益指标", level2="社会效益指标", name="教师教学能力", value="有所提升"),
        DraftRow(level1="满意度指标", level2="服务对象满意度指标", name="参训教师满意度", value="≥90%")]


class Replying:
    def __init__(self, text=None, error=None):
        self.text, self.error, self.calls = text, error, []

    def complete(self, messages, *, purpose, draft_id=None, json_schema_name=None, schema=None):
        self.calls.append((purpose, messages))
        if self.error:
            raise self.error
        return Completion(text=self.text)


def test_the_template_numbers_its_goals_and_quotes_the_rows():
    text = goal_text(REQUEST, ROWS)
    lines = text.splitlines()
    assert [re.match(r"目标(\d)：", line).group(1) for line in lines] == ["1", "2", "3", "4"]
    assert lines[0] == "目标1：组织全区中小学教师参加专业培训，年度资金120万元。"
    assert "培训人数≥200人" in lines[1] and "培训合格率≥95%" in lines[1]
    assert "教师教学能力有所提升" in lines[2] and "参训教师满意度≥90%" in lines[3]
    assert goal_problems(text, REQUEST, ROWS) == []


def test_a_row_left_to_fill_is_no_goal():
    rows = [*ROWS, placeholder_row("效益指标", "经济效益指标")]
    text = goal_text(REQUEST, rows)
    assert "待补充" not in text and text == goal_text(REQUEST, ROWS)


def test_a_number_the_rows_do_not_hold_is_a_problem():
    assert goal_problems("目标1：培训300名教师。", REQUEST, ROWS) == ["出现了指标表中没有的数字：300"]
    assert goal_problems("培训教师。", REQUEST, ROWS) == ["没有按“目标1：”“目标2：”分条书写"]


def test_the_models_text_is_used_when_it_agrees_with_the_table():
    model = Replying("目标1：完成中小学教师培训，培训人数≥200人。\n目标2：参训教师满意度≥90%。")
    text, note = draft_goal(Draft(request=REQUEST, rows=ROWS, engine="llm"), model=model)
    assert text.startswith("目标1：完成中小学教师培训") and note is None
    assert model.calls[0][0] == "goal" and "培训人数" in model.calls[0][1][0]["content"]


def test_a_model_that_invents_numbers_or_fails_leaves_the_template():
    draft = Draft(request=REQUEST, rows=ROWS, engine="llm")
    text, note = draft_goal(draft, model=Replying("目标1：培训500名教师。"))
    assert text == goal_text(REQUEST, ROWS) and "500" in note
    text, note = draft_goal(draft, model=Replying(error=LLMError("timeout", "大模型服务超时")))
    assert text == goal_text(REQUEST, ROWS) and "大模型服务超时" in note
