"""The 年度绩效目标 text of a draft: 目标1、目标2… from the content and the indicator rows.

    text = goal_text(draft.request, draft.rows)                          # the offline template
    text, note = draft_goal(draft, model=model)                           # the LLM, the template on failure

The template is built from the rows themselves, so its numbers are the table's: 目标1 says what
the project does (the first sentence of its content, or its name), then one 目标 each for 产出
(数量, 质量, 时效, 成本), 效益 and 满意度, naming the rows with their values. With an LLM the text
is written by the model (prompts/goal.md) and accepted only when it is laid out as 目标1… and
every number in it appears in the rows, the money or the content; otherwise the template stands
and the note says why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from assistant.corpus import levels
from assistant.corpus.values import number_text
from assistant.draft.models import Draft, DraftRequest, DraftRow, is_placeholder
from assistant.errors import LLMError
from assistant.llm.seam import ChatModel

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"[。；;！!\n]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GOAL_LINE = re.compile(r"^目标\s*\d+\s*[:：]")
_MAX_PER_GOAL = 4
_OUTPUT_PARTS = (levels.QUANTITY, levels.QUALITY, levels.TIMELINESS, levels.UNIT_COST)


def _clause(row: DraftRow) -> str:
    value = row.value.strip()
    if not value:
        return row.name
    return f"{row.name}{'达到' if value[:1].isdigit() else ''}{value}"  # 合格率达到100%, 满意度≥90%, 能力有所提升


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip(" ，,")


def goal_text(request: DraftRequest, rows: Sequence[DraftRow]) -> str:
    """The offline 年度绩效目标: one line per 目标, numbers taken from the rows (see the module doc)."""
    what = _first_sentence(request.content) or f"按计划实施{request.name}"
    money = f"，年度资金{number_text(request.budget)}万元" if request.budget is not None else ""
    goals = [f"{what}{money}。"]
    rows = [r for r in rows if not is_placeholder(r)]  # a gap to fill is not a goal
    output = [r for part in _OUTPUT_PARTS for r in rows if r.level1 == levels.OUTPUT and r.level2 == part]
    output += [r for r in rows if r.level1 == levels.COST]
    benefit = [r for r in rows if r.level1 == levels.BENEFIT]
    satisfaction = [r for r in rows if r.level1 == levels.SATISFACTION]
    for lead, chosen in (("完成", output), ("实现", benefit), ("", satisfaction)):
        if chosen:
            goals.append(lead + "，".join(_clause(r) for r in chosen[:_MAX_PER_GOAL]) + "。")
    return "\n".join(f"目标{k}：{text}" for k, text in enumerate(goals, start=1))


def _rows_table(rows: Sequence[DraftRow]) -> str:
    lines = ["| 一级指标 | 二级指标 | 三级指标 | 指标值 |", "| --- | --- | --- | --- |"]
    return "\n".join(lines + [f"| {r.level1} | {r.level2} | {r.name} | {r.value} |" for r in rows])


def goal_problems(text: str, request: DraftRequest, rows: Sequence[DraftRow]) -> list[str]:
    """Why a written goal text cannot stand: its layout, or numbers found nowhere in the draft."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    problems = []
    if not lines or not all(_GOAL_LINE.match(line) for line in lines):
        problems.append("没有按“目标1：”“目标2：”分条书写")
    known = " ".join([request.name, request.content, number_text(request.budget or 0), str(request.year or "")]
                     + [f"{r.name} {r.value}" for r in rows])
    allowed = {float(n) for n in _NUMBER.findall(known)}
    body = _GOAL_LINE.sub("", "\n".join(_GOAL_LINE.sub("", line) for line in lines))
    stray = [n for n in _NUMBER.findall(body) if float(n) not in allowed]
    if stray:
        problems.append(f"出现了指标表中没有的数字：{'、'.join(dict.fromkeys(stray))}")
    return problems


def draft_goal(draft: Draft, *, model: ChatModel | None, draft_id: str | None = None) -> tuple[str, str | None]:
    """(the goal text, a note when the model's text was not used). Without a model: the template."""
    template = goal_text(draft.request, draft.rows)
    if model is None or not draft.rows:
        return template, None
    from assistant.llm.prompts import messages, project_text

    req = draft.request
    conversation = messages("goal", project=project_text(req.name, content=req.content, money_wan=req.budget,
                                                         unit=req.unit), rows=_rows_table(draft.rows))
    try:
        reply = model.complete(conversation, purpose="goal", draft_id=draft_id).text.strip()
    except LLMError as exc:
        log.info("goal text from the template: %s", exc)
        return template, f"大模型未能写出年度绩效目标（{exc}），已按指标表生成"
    problems = goal_problems(reply, req, draft.rows)
    if problems:
        log.info("goal text from the template: %s", problems)
        return template, f"大模型写的年度绩效目标{problems[0]}，已按指标表生成"
    return reply, None
