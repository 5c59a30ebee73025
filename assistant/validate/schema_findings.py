"""The schema layer: input without the shape of a Form (or of a drafted indicator table)
becomes SCHEMA findings that say, in Chinese, where and what is malformed, never an
exception. The rule checks (assistant.rules) then run on what is valid.

Messages name the place twice: in words for a person (第4条指标的“指标值”) and as the
schema path for a program or an LLM repairing its output (indicators.3.value).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from assistant.corpus.schema import Form
from assistant.validate.findings import Finding

SCHEMA = "SCHEMA"

_FIELD_TEXT = {
    "level1": "一级指标", "level2": "二级指标", "name": "名称", "value": "指标值", "basis": "指标值设定依据",
    "indicators": "指标列表", "projects": "项目列表", "groups": "指标分组", "tasks": "预算任务", "id": "编号",
    "kind": "类型", "money": "金额", "total": "总额", "fiscal": "财政拨款", "other": "其他资金", "raw": "原文",
    "content": "主要内容", "annual_goal": "年度目标", "title": "标题", "year": "年度", "unit": "单位名称",
    "source": "来源", "line": "行号", "file": "文件", "history": "历年值", "flags": "标记",
}
_ITEM_TEXT = {"indicators": "第{n}条指标", "projects": "第{n}个项目", "groups": "第{n}个分组",
              "tasks": "第{n}项预算任务"}
_ERROR_TEXT = {
    "missing": "缺少这一项", "string_type": "应为文字（字符串）", "list_type": "应为列表（[…]）",
    "dict_type": "应为对象（{…}）", "model_type": "应为对象（{…}）", "model_attributes_type": "应为对象（{…}）",
    "float_type": "应为数字", "float_parsing": "应为数字", "int_type": "应为整数", "int_parsing": "应为整数",
    "int_from_float": "应为整数", "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "too_short": "不能为空", "json_invalid": "不是合法的 JSON",
}
_HINTS = {
    "value": "如“≥95%”“≥10个”“2024年12月底前”", "level1": "如“产出指标”", "level2": "如“数量指标”",
    "name": "如“培训人数”", "indicators": "形如 {\"indicators\": [{\"level1\": …, \"level2\": …, \"name\": …, \"value\": …}]}",
}


def place(loc: tuple[int | str, ...]) -> str:
    """('indicators', 3, 'value') → 第4条指标的“指标值”."""
    parts: list[str] = []
    for i, key in enumerate(loc):
        if isinstance(key, int):
            parent = loc[i - 1] if i else ""
            parts.append(_ITEM_TEXT.get(str(parent), "第{n}项").format(n=key + 1))
        elif not (i + 1 < len(loc) and isinstance(loc[i + 1], int) and str(key) in _ITEM_TEXT):
            parts.append(f"“{_FIELD_TEXT.get(str(key), str(key))}”")
    return "的".join(parts) or "整个输入"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"文字“{value[:30]}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"数字 {value:g}"
    if isinstance(value, list):
        return f"含{len(value)}项的列表"
    if isinstance(value, dict):
        return "对象 {…}"
    return "空值 null" if value is None else type(value).__name__


def schema_findings(exc: ValidationError, *, project: str | None = None,
                    positions: dict[tuple[int | str, ...], int] | None = None) -> list[Finding]:
    """One SCHEMA finding per validation error, located by path and, where known, row position."""
    findings = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = ".".join(str(p) for p in loc)
        what = _ERROR_TEXT.get(error["type"], error["msg"])
        if error["type"] == "literal_error":
            what = f"应为以下之一：{error.get('ctx', {}).get('expected', '')}"
        got = "" if error["type"] == "missing" else f"，收到的是{_shown(error.get('input'))}"
        field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
        hint = _HINTS.get(field)
        row_key = next((loc[:i + 1] for i in range(len(loc) - 1, -1, -1) if isinstance(loc[i], int)), None)
        findings.append(Finding(
            rule=SCHEMA, severity="error", aspect="完整性", field=path or None, project=project,
            message=f"{place(loc)}（{path or '根'}）{what}{got}",
            suggestion=f"按规定的结构填写{('，' + hint) if hint else ''}",
            position=(positions or {}).get(row_key) if row_key else None,
            text=None if error["type"] == "missing" else _shown(error.get("input")),
        ))
    return findings


def _form_positions(data: Any) -> dict[tuple[int | str, ...], int]:
    """Where each indicator of raw form data sits in its project (1-based), for locating errors."""
    positions: dict[tuple[int | str, ...], int] = {}
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        return positions
    for p, project in enumerate(data["projects"]):
        groups = project.get("groups") if isinstance(project, dict) else None
        n = 0
        for g, group in enumerate(groups if isinstance(groups, list) else []):
            indicators = group.get("indicators") if isinstance(group, dict) else None
            for i, _ in enumerate(indicators if isinstance(indicators, list) else []):
                n += 1
                positions[("projects", p, "groups", g, "indicators", i)] = n
    return positions


def validate_form(data: Any) -> tuple[Form | None, list[Finding]]:
    """A Form from parsed JSON data, or None and SCHEMA findings saying what is malformed and where."""
    try:
        return Form.model_validate(data).assign_ids(), []
    except ValidationError as exc:
        return None, schema_findings(exc, positions=_form_positions(data))
