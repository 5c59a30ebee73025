"""Prompt files and their slots: every slot a file has is one the code fills, and nothing else."""

import pytest

from assistant.llm.prompts import PROMPTS_DIR, hierarchy_text, render, slots

# Written by reading each file in prompts/; a new file or slot must be added here.
SLOTS = {
    "draft": {"project", "examples", "hierarchy"},
    "repair": {"findings"},
    "check": set(),
    "answer": {"question", "found", "summary", "rows"},
    "plan": {"question", "units", "items", "indicators"},
    "suggest": {"project", "rows"},
    "goal": {"project", "rows"},
    "no_examples": set(),
    "extract": {"text", "hierarchy"},
}


def test_every_prompt_file_has_exactly_the_slots_its_callers_fill():
    assert {path.stem for path in PROMPTS_DIR.glob("*.md")} == set(SLOTS)
    for name, expected in SLOTS.items():
        assert slots(name) == expected, name


@pytest.mark.parametrize("name", sorted(SLOTS))
def test_rendering_with_all_slots_leaves_no_placeholder(name):
    text = render(name, **{slot: f"<{slot}>" for slot in SLOTS[name]})

    assert "{{" not in text and "}}" not in text
    for slot in SLOTS[name]:
        assert f"<{slot}>" in text


def test_a_missing_or_unknown_slot_is_refused():
    with pytest.raises(ValueError, match="missing slots \\['findings'\\]"):
        render("repair")
    with pytest.raises(ValueError, match="unknown slots \\['extra'\\]"):
        render("repair", findings="-", extra="x")


def test_the_draft_prompt_keeps_its_json_example_braces():
    text = render("draft", project="p", examples="e", hierarchy=hierarchy_text())

    assert '{"indicators": [{"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "value": "指标值", "ref": "参考的示例编号"}' in text


def test_the_hierarchy_lines_follow_the_domain_table():
    # DOMAIN.md, "The indicator hierarchy".
    assert hierarchy_text().splitlines() == [
        "   - 产出指标：数量指标、质量指标、时效指标、成本指标",
        "   - 效益指标：经济效益指标、社会效益指标、生态效益指标、可持续影响指标",
        "   - 满意度指标：服务对象满意度指标、其他满意度指标",
        "   - 成本指标：经济成本指标、社会成本指标、生态环境成本指标",
    ]


def test_braces_in_the_text_and_in_the_values_come_out_as_written():
    assert render("check").endswith('{"状态": "正常"}\n')
    text = render("repair", findings='- 值 {x} 与 {{y}} 与 {"a": 1}')

    assert '- 值 {x} 与 {{y}} 与 {"a": 1}' in text


def test_a_prompt_is_a_chat_prompt_template_of_one_user_message():
    from langchain_core.prompts import ChatPromptTemplate

    from assistant.llm.prompts import messages, template

    assert isinstance(template("plan"), ChatPromptTemplate)
    assert sorted(template("plan").input_variables) == ["indicators", "items", "question", "units"]
    slots = {"question": "献血", "units": "u", "items": "i", "indicators": "n"}
    assert messages("plan", **slots) == [{"role": "user", "content": render("plan", **slots)}]
