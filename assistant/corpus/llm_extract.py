"""LLM-assisted reading, for what the rules cannot read: the model restructures, it never invents.

The text goes to the model with prompts/extract.md; the reply is parsed into projects and rows and
validated (levels from the hierarchy). Then every row is traced back to the source: its 三级 name must
stand in the text, and its value on that line or within a few lines after it (spaces ignored; a value
split over cells may be split over lines). A row that cannot be traced is dropped and reported, so a
person sees what the model made up. Projects keep their money only when the amount is in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.corpus import levels
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Money, Project, SourceRef
from assistant.errors import InputError
from assistant.llm.prompts import hierarchy_text, messages
from assistant.llm.repair import generate_validated
from assistant.llm.seam import ChatModel
from assistant.validate.findings import Finding
from assistant.validate.payload import decode_json

MAX_CHARS = 12000
"""Text beyond this is not sent: a small model's context would overflow."""
NEARBY_LINES = 4
EXTRACTED = "指标行由大模型从原文整理，每行都已在原文中找到出处"


def is_extracted(form: Form) -> bool:
    return EXTRACTED in form.notes


class ExtractedRow(BaseModel):
    level1: str
    level2: str
    name: str = ""
    value: str = ""


class ExtractedProject(BaseModel):
    name: str = ""
    money_wan: float | None = None
    rows: list[ExtractedRow] = Field(default_factory=list)


class Extraction(BaseModel):
    projects: list[ExtractedProject]


@dataclass
class ExtractResult:
    form: Form | None
    dropped: list[str] = field(default_factory=list)
    """Rows and figures the model gave that the text does not hold, as sentences for a person."""


def _compact(text: str) -> str:
    return re.sub(r"\s|\|", "", text)


def _validate(text: str) -> tuple[Extraction | None, list[Finding]]:
    def finding(message: str) -> Finding:
        return Finding(rule="SCHEMA", severity="error", aspect="完整性", message=message,
                       suggestion="只输出要求的 JSON 对象")

    try:
        data: Any = decode_json(text)
        extraction = Extraction.model_validate(data)
    except (ValueError, ValidationError) as exc:
        return None, [finding(f"答复不是要求的 JSON：{str(exc)[:200]}")]
    findings = []
    for p_index, project in enumerate(extraction.projects, start=1):
        for r_index, row in enumerate(project.rows, start=1):
            level1, level2 = levels.normalize_level1(row.level1), levels.normalize_level2(row.level2)
            if level1 is None or level2 is None or not levels.allowed(level1, level2):
                findings.append(finding(f"第{p_index}个项目第{r_index}行的层级“{row.level1}/{row.level2}”不在规定的层级表中"))
    return extraction, findings


def _trace(lines: list[str], name: str, value: str) -> int | None:
    """The 1-based line holding the name, with the value on it or just after; None when not found."""
    key, want = _compact(name), _compact(value)
    if not key and not want:
        return None
    for k, line in enumerate(lines):
        if key and key not in line:
            continue
        window = "".join(lines[k:k + NEARBY_LINES + 1])
        start = window.find(key) + len(key) if key else 0
        if not want or want in window[start:] or want in window:
            return k + 1
    return None


def extract_form(text: str, model: ChatModel, *, form_id: str, source_file: str,
                 attempts: int = 2) -> ExtractResult:
    """A Form read by the model from `text`, every row traced to the text (see the module doc)."""
    shown = text[:MAX_CHARS]
    conversation = messages("extract", text=shown, hierarchy=hierarchy_text())
    outcome = generate_validated(model, conversation, _validate, purpose="extraction", max_attempts=attempts)
    if outcome.value is None:
        reason = outcome.error.user_message() if outcome.error else "大模型的答复无法按要求读取"
        raise InputError(f"大模型整理失败：{reason}", file=source_file, hint="请检查文件内容，或改用 csv/xlsx 指标表")
    lines = [_compact(line) for line in shown.splitlines()]
    whole = "".join(lines)
    form = Form(id=form_id, kind="project", source_file=source_file, notes=[EXTRACTED])
    dropped = []
    for item in outcome.value.projects:
        money = item.money_wan
        if money is not None and not any(f"{n:g}" in whole for n in (money, money * 10000)):
            dropped.append(f"项目“{item.name}”的金额 {money:g} 万元在原文中找不到，未采用")
            money = None
        project = Project(name=item.name, money=Money(total=money),
                          source=SourceRef(file=source_file, line=_trace(lines, item.name, "")))
        group = IndicatorGroup(kind="project", title=item.name)
        for row in item.rows:
            line = _trace(lines, row.name, row.value)
            if line is None:
                dropped.append(f"“{row.name}：{row.value}”在原文中找不到，已舍弃")
                continue
            level1, level2 = levels.normalize_level1(row.level1), levels.normalize_level2(row.level2)
            group.indicators.append(Indicator.make(level1, level2, row.name, row.value,
                                                   source=SourceRef(file=source_file, line=line)))
        project.groups.append(group)
        if group.indicators:
            form.projects.append(project)
    if dropped:
        form.notes.append(f"舍弃了大模型给出的 {len(dropped)} 处原文中没有的内容")
    return ExtractResult(form.assign_ids() if form.projects else None, dropped)
