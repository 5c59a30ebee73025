"""A small stand-in validator for LLM tests: reads a JSON indicator table from reply text and
checks its shape and its levels against assistant.levels.

The product's validator (assistant/payload.py and assistant/rules) is written elsewhere; this
one exists so that the repair loop and the real-model test exercise the `validate` seam with
checks a reader can verify by eye.
"""

from __future__ import annotations

import json
import re
from typing import Any

from assistant.corpus.levels import LEVEL1_NAMES, allowed, normalize_level1, normalize_level2
from assistant.validate.findings import Finding

FIELDS = ("level1", "level2", "name", "value")
TABLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "indicators": {
            "type": "array",
            # Without it a grammar-constrained server may answer {"indicators": []}.
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {name: {"type": "string"} for name in FIELDS},
                "required": list(FIELDS),
            },
        }
    },
    "required": ["indicators"],
}

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def _schema(message: str, field: str = "", position: int | None = None) -> Finding:
    return Finding(rule="SCHEMA", severity="error", aspect="完整性", message=message, field=field or None,
                   position=position)


def validate_table(text: str) -> tuple[list[dict[str, str]] | None, list[Finding]]:
    fenced = _FENCE.search(text)
    body = fenced.group(1) if fenced else text
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        return None, [_schema(f"答复不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）")]
    rows = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        return None, [_schema("JSON 中缺少非空的 indicators 数组", "indicators")]
    table: list[dict[str, str]] = []
    findings: list[Finding] = []
    for index, row in enumerate(rows):
        position = index + 1
        missing = [name for name in FIELDS if not isinstance(row, dict) or not str(row.get(name) or "").strip()]
        if missing:
            findings.append(_schema(f"第 {position} 条指标缺少 {'、'.join(missing)}", f"indicators.{index}",
                                    position))
            continue
        level1, level2 = normalize_level1(row["level1"]), normalize_level2(row["level2"])
        if level1 is None:
            findings.append(Finding(rule="H1", severity="error", aspect="完整性", position=position,
                                    field=f"indicators.{index}.level1", text=row["level1"],
                                    message=f"一级指标“{row['level1']}”不是{'、'.join(LEVEL1_NAMES)}之一"))
        elif level2 is None or not allowed(level1, level2):
            findings.append(Finding(rule="H2", severity="error", aspect="完整性", position=position,
                                    field=f"indicators.{index}.level2", text=row["level2"],
                                    message=f"二级指标“{row['level2']}”不属于一级指标“{level1}”"))
        table.append({"level1": level1 or row["level1"], "level2": level2 or row["level2"],
                      "name": str(row["name"]).strip(), "value": str(row["value"]).strip()})
    return table, findings
