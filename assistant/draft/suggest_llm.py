"""LLM phrasing of suggestions: the rows `suggest` found in past forms, reworded for this project.

Fits the `phrase` hook of `assistant.suggest.suggest`; bind the model with functools.partial:
`suggest(form, index, phrase=partial(phrase, model=model))`. The model sees the candidate rows
with short ids and returns only names and values, so levels cannot move. A reply is accepted
when every row comes back with a non-empty name of at most MAX_NAME characters and a value the
指标值 grammar reads (a quantitative value stays quantitative); otherwise the findings go back
for repair, and when no attempt passes, or the endpoint fails, the suggestions are returned
unphrased: phrasing is a nicety, never a reason to lose them.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.corpus.schema import Project
from assistant.corpus.values import parse_value
from assistant.draft.models import DraftRow
from assistant.errors import LLMError
from assistant.llm.prompts import messages, project_text
from assistant.llm.repair import generate_validated
from assistant.llm.seam import ChatModel
from assistant.settings import Settings, get_settings
from assistant.validate.findings import Finding
from assistant.validate.payload import decode_json
from assistant.validate.schema_findings import SCHEMA, schema_findings

if TYPE_CHECKING:
    from assistant.draft.suggest import Phrase, Suggestion

log = logging.getLogger(__name__)

MAX_NAME = 30
PHRASE_RULE = "PHRASE"


class PhrasedRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, coerce_numbers_to_str=True)

    id: str
    name: str
    value: str


class Phrasing(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rows: list[PhrasedRow] = Field(min_length=1)


PHRASE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"rows": {"type": "array", "minItems": 1, "items": {
        "type": "object", "properties": {key: {"type": "string"} for key in ("id", "name", "value")},
        "required": ["id", "name", "value"]}}},
    "required": ["rows"],
}


def _problem(message: str, text: str | None = None) -> Finding:
    return Finding(rule=PHRASE_RULE, severity="error", aspect="完整性", message=message, text=text)


def check_phrasing(text: str, originals: dict[str, DraftRow]) -> tuple[dict[str, PhrasedRow] | None, list[Finding]]:
    """The reply as id → phrased row when it covers every original row acceptably, with the problems found."""
    try:
        phrasing = Phrasing.model_validate(decode_json(text))
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            return None, schema_findings(exc)
        return None, [Finding(rule=SCHEMA, severity="error", aspect="完整性", message=str(exc), text=text[:200])]
    by_id = {row.id: row for row in phrasing.rows}
    problems = [_problem(f"没有候选编号 {key} 的改写") for key in originals if key not in by_id]
    problems += [_problem(f"编号 {key} 不是候选编号之一", key) for key in by_id if key not in originals]
    for key, row in by_id.items():
        original = originals.get(key)
        if original is None:
            continue
        if not row.name or len(row.name) > MAX_NAME:
            problems.append(_problem(f"编号 {key} 的三级指标应为 1 到 {MAX_NAME} 个字的名词短语", row.name))
        value = parse_value(row.value, name=row.name)
        if value.kind in ("empty", "unparsed"):
            problems.append(_problem(f"编号 {key} 的指标值“{row.value}”无法识别", row.value))
        elif parse_value(original.value, name=original.name).is_quantitative and not value.is_quantitative:
            problems.append(_problem(f"编号 {key} 的指标值原为定量表述“{original.value}”，改写后也应是"
                                     f"“比较符号 + 数字 + 单位”", row.value))
    return by_id, problems


def _rows_table(originals: dict[str, DraftRow]) -> str:
    lines = ["| 候选编号 | 一级指标 | 二级指标 | 三级指标 | 指标值 |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {key} | {row.level1} | {row.level2} | {row.name} | {row.value} |" for key, row in originals.items()]
    return "\n".join(lines)


def phrase(project: Project, suggestions: list[Suggestion], *, model: ChatModel | None = None,
           settings: Settings | None = None, draft_id: str | None = None) -> list[Suggestion]:
    """The suggestions with names and values reworded for `project`, or unchanged when that fails.
    The calls are logged under `draft_id` when the suggestions are for a saved draft."""
    originals = {f"{s}.{r}": row for s, suggestion in enumerate(suggestions, start=1)
                 for r, row in enumerate(suggestion.rows, start=1)}
    if not originals:
        return suggestions
    settings = settings or get_settings()
    conversation = messages("suggest", project=project_text(project.name,
                                                            content=project.content or project.annual_goal or "",
                                                            money_wan=project.money.total),
                            rows=_rows_table(originals))
    try:
        if model is None:
            from assistant.llm.client import OpenAIChatModel

            model = OpenAIChatModel.from_settings(settings)
    except LLMError as exc:
        log.info("suggestions left unphrased: %s", exc)
        return suggestions
    outcome = generate_validated(model, conversation, lambda reply: check_phrasing(reply, originals),
                                 purpose="suggest", draft_id=draft_id, max_attempts=1 + settings.llm_repair_attempts,
                                 json_schema_name="phrase_suggestions", schema=PHRASE_SCHEMA)
    phrased = outcome.value
    if not outcome.succeeded or phrased is None:
        log.warning("suggestions left unphrased after %d attempt(s): %s", len(outcome.attempts),
                    outcome.error or [f.message for f in outcome.findings][:3])
        return suggestions
    return [suggestion.model_copy(update={"rows": [
        _reworded(row, phrased[f"{s}.{r}"]) for r, row in enumerate(suggestion.rows, start=1)]})
        for s, suggestion in enumerate(suggestions, start=1)]


def _reworded(row: DraftRow, new: PhrasedRow) -> DraftRow:
    if (new.name, new.value) == (row.name, row.value):
        return row
    note = f"已由大模型按本项目改写（原为“{row.name}：{row.value}”）"
    return row.model_copy(update={"name": new.name, "value": new.value,
                                  "note": "；".join(p for p in (row.note, note) if p)})


def phrase_hook(settings: Settings, model: ChatModel | None = None, draft_id: str | None = None) -> Phrase | None:
    """The `phrase` argument for `suggest`: LLM phrasing when an endpoint is configured (or a model
    given), else None, which leaves the suggestions as the offline slot filling wrote them."""
    if model is None and not settings.llm_configured:
        return None
    return partial(phrase, model=model, settings=settings, draft_id=draft_id)
