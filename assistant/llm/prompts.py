"""Prompt templates: one Markdown file per task in prompts/, with {{slot}} placeholders.

`render` fills every slot and refuses a missing or unknown one, so a template and the code
that fills it cannot drift apart silently.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.corpus.levels import HIERARCHY
from assistant.corpus.values import number_text

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def template(name: str) -> str:
    return (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")


def slots(name: str) -> set[str]:
    return set(_SLOT.findall(template(name)))


def render(name: str, /, **values: object) -> str:
    text = template(name)
    needed = set(_SLOT.findall(text))
    missing, unknown = needed - values.keys(), values.keys() - needed
    if missing or unknown:
        raise ValueError(f"prompt {name!r}: missing slots {sorted(missing)}, unknown slots {sorted(unknown)}")
    return _SLOT.sub(lambda m: str(values[m.group(1)]), text)


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
