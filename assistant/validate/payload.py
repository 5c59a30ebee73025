"""The shape an LLM must return for a drafted indicator table, and its validation.

    {"indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "value": "≥200人",
                     "basis": "计划标准"}, …]}

`parse_payload` accepts what models actually return — a JSON string, JSON inside a
```json fence or with chatter around it, a dict, or a bare list of rows — and turns
every problem (not JSON, wrong shape, missing field, wrong type) into SCHEMA findings
that name the place both in words and as a path (indicators.3.value), so they serve as
feedback to the model as well as to a person. Content problems (an empty value, a
wrong 二级) are left to the rule checks, which run on `payload_to_project`'s result.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.corpus import levels
from assistant.corpus.schema import Indicator, IndicatorGroup, Money, Project
from assistant.corpus.values import parse_value
from assistant.validate.findings import Finding
from assistant.validate.schema_findings import SCHEMA, schema_findings

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)


class IndicatorPayload(BaseModel):
    """One drafted row. Chinese keys (一级指标 …) are accepted too, since models mix them in."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    level1: str = Field(validation_alias=AliasChoices("level1", "一级指标"), description="一级指标，如 产出指标")
    level2: str = Field(validation_alias=AliasChoices("level2", "二级指标"), description="二级指标，如 数量指标")
    name: str = Field(validation_alias=AliasChoices("name", "三级指标", "指标名称"), description="三级指标名称")
    value: str = Field(validation_alias=AliasChoices("value", "指标值", "目标值"), description="指标值，如 ≥95%")
    basis: str | None = Field(default=None, validation_alias=AliasChoices("basis", "指标值设定依据", "绩效标准"),
                              description="计划标准 / 行业标准 / 历史标准 / 其他标准")
    ref: str | None = Field(default=None, validation_alias=AliasChoices("ref", "示例编号"),
                            description="参考的示例行编号，如 1.3")

    @field_validator("ref", mode="before")
    @classmethod
    def _lenient_ref(cls, value: Any) -> str | None:
        # Only a hint for citations: a malformed one is dropped, never a reason to ask again.
        return str(value).strip() or None if isinstance(value, str | int | float) else None


class DraftPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    indicators: list[IndicatorPayload] = Field(min_length=1, validation_alias=AliasChoices("indicators", "指标"))


def tool_schema() -> dict[str, Any]:
    """DraftPayload's JSON schema for function calling, with its one $ref inlined: not every
    server's grammar converter follows references."""
    schema = DraftPayload.model_json_schema()
    row = schema.pop("$defs")["IndicatorPayload"]
    schema["properties"]["indicators"]["items"] = row
    return schema


def _schema(message: str, suggestion: str, text: str | None = None) -> Finding:
    return Finding(rule=SCHEMA, severity="error", aspect="完整性", message=message, suggestion=suggestion,
                   text=text, field=None)


_SHAPE_HINT = '输出一个 JSON 对象：{"indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "…", "value": "…"}]}'


_JSON_START = re.compile(r"\{\s*\"|\[\s*[{\[\"\d\]]|\{\s*\}")


def decode_json(text: str) -> Any:
    """The JSON in a model's reply: the whole text, a fenced block, or the longest {…} / […] in it.

    Raises ValueError with the reason when what looks like the JSON does not parse, rather
    than falling back to a fragment of it (the first row of a broken list is not the answer).
    """
    candidates = [text, *(m.group(1) for m in _FENCE.finditer(text))]
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    found: list[tuple[int, Any]] = []
    end = 0
    for match in re.finditer(r"[{\[]", text):
        if match.start() < end:
            continue
        try:
            obj, end = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError as exc:
            if _JSON_START.match(text, match.start()):
                line = text.count("\n", 0, exc.pos) + 1
                raise ValueError(f"JSON 格式错误：第{line}行附近{json_reason(exc)}") from None
            continue
        found.append((end - match.start(), obj))
    if not found:
        raise ValueError("输出不是 JSON")
    return max(found, key=lambda item: item[0])[1]


def json_reason(exc: json.JSONDecodeError) -> str:
    """json's English reason, in words a clerk (or a model) can act on."""
    for english, chinese in (("Expecting ',' delimiter", "缺少逗号"), ("Expecting property name", "缺少字段名或多了逗号"),
                             ("Unterminated string", "引号没有闭合"), ("Expecting value", "缺少值或多了逗号"),
                             ("Expecting ':' delimiter", "缺少冒号")):
        if exc.msg.startswith(english):
            return chinese
    return f"格式不对（{exc.msg}）"


def parse_payload(text_or_obj: str | dict[str, Any] | list[Any]) -> tuple[DraftPayload | None, list[Finding]]:
    """Validate a drafted indicator table; (payload, []) when well-formed, else (None, SCHEMA findings)."""
    data: Any = text_or_obj
    if isinstance(text_or_obj, str):
        text = text_or_obj.strip()
        if not text:
            return None, [_schema("输出为空，没有任何指标", _SHAPE_HINT)]
        try:
            data = decode_json(text)
        except ValueError as exc:
            return None, [_schema(f"{exc}（输出开头是“{text[:40]}”）", _SHAPE_HINT, text[:200])]
    if isinstance(data, list):
        data = {"indicators": data}
    try:
        return DraftPayload.model_validate(data), []
    except ValidationError as exc:
        return None, schema_findings(exc)


def payload_to_project(payload: DraftPayload, name: str, content: str = "", money_wan: float | None = None) -> Project:
    """A Project to run the rule checks on. Levels are normalised, never moved: a 二级 under the
    wrong 一级 stays there, so that H2 reports it and the model repairs it."""
    indicators = []
    for i, row in enumerate(payload.indicators, start=1):
        pair = levels.split_pair(row.level1) if not row.level2 else None
        level1 = pair[0] if pair else levels.normalize_level1(row.level1)
        level2 = pair[1] if pair else levels.normalize_level2(row.level2)
        indicators.append(Indicator(
            id=f"draft#r{i}", level1=level1, level2=level2, level1_raw=row.level1, level2_raw=row.level2,
            name=row.name, name_raw=row.name, value=parse_value(row.value, name=row.name), basis=row.basis,
        ))
    return Project(id="draft", name=name, content=content, money=Money(total=money_wan),
                   groups=[IndicatorGroup(kind="project", title=name, indicators=indicators)])
