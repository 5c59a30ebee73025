"""Prompt templates: one Markdown file per task in prompts/, loaded into langchain
`ChatPromptTemplate`s (one user message each).

The files keep their `{{slot}}` placeholders, which read well in Markdown; at load time every
other brace is doubled and each `{{slot}}` becomes an f-string `{slot}`, so the JSON examples
and any literal braces in the Chinese text come out as written. `render` and `messages` fill
every slot and refuse a missing or unknown one, so a template and the code that fills it
cannot drift apart silently. langchain_core is imported on first use, not with this module.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.corpus.levels import HIERARCHY
from assistant.corpus.values import number_text
from assistant.llm.seam import Message

if TYPE_CHECKING:
    from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def source(name: str) -> str:
    """The template file as written."""
    return (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")


def slots(name: str) -> set[str]:
    return set(_SLOT.findall(source(name)))


def _f_string(text: str) -> str:
    parts = _SLOT.split(text)  # literal, slot, literal, slot, …, literal
    return "".join(part.replace("{", "{{").replace("}", "}}") if k % 2 == 0 else "{" + part + "}"
                   for k, part in enumerate(parts))


@cache
def template(name: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("human", _f_string(source(name)))])


def messages(name: str, /, **values: object) -> list[Message]:
    """The conversation of prompt `name` with every slot filled."""
    prompt = template(name)
    needed = set(prompt.input_variables)
    missing, unknown = needed - values.keys(), values.keys() - needed
    if missing or unknown:
        raise ValueError(f"prompt {name!r}: missing slots {sorted(missing)}, unknown slots {sorted(unknown)}")
    roles = {"human": "user", "ai": "assistant", "system": "system"}
    return [{"role": roles[m.type], "content": str(m.content)}
            for m in prompt.format_messages(**{k: str(v) for k, v in values.items()})]


def render(name: str, /, **values: object) -> str:
    """The text of prompt `name` (one message) with every slot filled."""
    return "\n\n".join(m["content"] for m in messages(name, **values))


def hierarchy_text() -> str:
    """The 一级 → 二级 table as prompt lines, from the one place that knows level names."""
    return "\n".join(f"   - {level1}：{'、'.join(children)}" for level1, children in HIERARCHY.items())


def project_text(name: str, *, content: str = "", money_wan: float | None = None, unit: str | None = None,
                 sector: str | None = None) -> str:
    """A project as the prompts describe it, one labelled line per known fact."""
    lines = [f"项目名称：{name}"]
    if unit:
        lines.append(f"单位名称：{unit}")
    if sector:
        lines.append(f"项目类型：{sector}")
    if money_wan is not None:
        lines.append(f"项目资金：{number_text(money_wan)}万元")
    if content.strip():
        lines.append(f"主要内容：{content.strip()}")
    return "\n".join(lines)
