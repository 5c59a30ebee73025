"""The LLM-written answer (prompts/answer.md).

The LLM sees only the cited rows and the template's summary; its text then passes the
number check (`answer.check_numbers`): a sentence stating a number that is in neither the
question, the cited rows nor the summary the query computed is dropped. If nothing is
left, or the call fails, the template answer stands with a note. Citations never come
from the LLM's text.
"""

from __future__ import annotations

from assistant.ask.answer import allowed_numbers, check_numbers
from assistant.ask.models import Answer, Citation
from assistant.errors import LLMError
from assistant.llm.prompts import messages
from assistant.llm.seam import ChatModel

MAX_ROWS = 20


def rows_text(cited: list[Citation]) -> str:
    lines = []
    for n, c in enumerate(cited[:MAX_ROWS], start=1):
        level = "／".join(p for p in (c.level1, c.level2) if p)
        lines.append(f"{n}. {c.year or ''}年 {c.unit or ''}｜{c.project}｜{level}｜{c.name}｜{c.value or '（未填）'}")
    return "\n".join(lines) or "（无）"


def write_answer(model: ChatModel, answer: Answer) -> Answer:
    """The answer with its text written by the LLM from the cited rows; the template text on failure."""
    prompt = messages("answer", question=answer.question, found="是" if answer.found else "否",
                      summary=answer.text, rows=rows_text(answer.citations))
    try:
        completion = model.complete(prompt, purpose="ask_answer")
    except LLMError as exc:
        return answer.model_copy(update={"notes": answer.notes + [f"大模型未能作答（{exc.message}），以下为按模板生成的回答"]})
    allowed = allowed_numbers(answer.question, answer.citations, [answer.text])
    text, dropped = check_numbers(completion.text.strip(), allowed)
    notes = list(answer.notes)
    if dropped:
        notes.append(f"大模型回答中的数字 {'、'.join(dropped)} 不在引用的行中，已删去所在的句子")
    if not text:
        notes.append("大模型的回答未通过数字核对，以下为按模板生成的回答")
        return answer.model_copy(update={"notes": notes, "dropped_numbers": dropped})
    return answer.model_copy(update={"text": text, "writer": "llm", "notes": notes, "dropped_numbers": dropped})
