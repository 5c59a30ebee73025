"""What the index stores: one `IndexRecord` per indicator row and one per project (pure core).

An indicator record's text is what a person would scan for: the project (and the
group, where a whole-unit form groups its rows by function or goal), the two level
names, the indicator and its value:

    无偿献血补助经费，满意度指标/服务对象满意度指标，无偿献血人员对补贴政策满意度：≥90%

A project record's text is its name, content, annual goal, money and budget tasks.

Metadata must be legal for chromadb (str, int, float, bool; never None), so missing
values are stored as "" or -1 and read back as None by `from_metadata`. Each record
carries `hash`, a digest of its text and metadata: a rebuild compares hashes and
embeds only records that are new or changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.corpus.folder import IndicatorRecord, indicator_records
from assistant.corpus.schema import Form, Project

# Metadata fields stored with each kind of record, and the type each reads back as.
INDICATOR_FIELDS: dict[str, type] = {
    "form": str, "form_kind": str, "year": int, "unit": str, "sector": str, "project": str, "project_id": str, "group": str,
    "level1": str, "level2": str, "name": str, "value_raw": str, "value_canonical": str, "value_kind": str,
    "source": str, "source_file": str, "source_line": int, "source_sheet": str,
}
PROJECT_FIELDS: dict[str, type] = {
    "form": str, "form_kind": str, "year": int, "unit": str, "sector": str, "project": str, "project_id": str,
    "money_total": float, "money_fiscal": float, "money_other": float, "indicators": int,
}


@dataclass(frozen=True)
class IndexRecord:
    id: str
    text: str
    metadata: dict[str, str | int | float] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return str(self.metadata["hash"])


def to_metadata(values: Mapping[str, Any], fields: dict[str, type]) -> dict[str, str | int | float]:
    """chromadb-legal metadata: None becomes -1 for numbers and "" for text."""
    out: dict[str, str | int | float] = {}
    for key, kind in fields.items():
        value = values.get(key)
        if value is None:
            out[key] = -1 if kind in (int, float) else ""
        else:
            out[key] = kind(value)
    return out


def from_metadata(metadata: Mapping[str, Any], fields: dict[str, type]) -> dict[str, Any]:
    """The inverse of `to_metadata`: -1 and "" read back as None."""
    out: dict[str, Any] = {}
    for key, kind in fields.items():
        value = metadata.get(key)
        missing = value is None or value == "" or (kind in (int, float) and value == -1)
        out[key] = None if missing else kind(value)
    return out


def _with_hash(record_id: str, text: str, metadata: dict[str, str | int | float]) -> IndexRecord:
    digest = hashlib.sha1(json.dumps([text, metadata], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return IndexRecord(record_id, text, {**metadata, "hash": digest.hexdigest()[:16]})


def indicator_text(record: IndicatorRecord) -> str:
    where = record["project"]
    if record["group"] and record["group"] != record["project"]:
        where += f" {record['group']}"
    levels = "/".join(level for level in (record["level1"], record["level2"]) if level)
    parts = [where, levels, f"{record['name']}：{record['value_raw']}" if record["value_raw"] else record["name"]]
    return "，".join(p for p in parts if p)


def project_summary_text(project: Project) -> str:
    """What a project record is searched by (the prompts describe a project with `llm.prompts.project_text`)."""
    money = project.money
    amounts = [f"{label}{amount:g}万元" for label, amount in
               (("金额", money.total), ("财政拨款", money.fiscal), ("其他资金", money.other)) if amount is not None]
    # Project forms often repeat 实施期目标 as 年度目标; the same text twice would only weigh it double.
    goal = project.annual_goal if project.annual_goal != project.content else ""
    parts = [project.name, project.content, goal, "，".join(amounts)]
    parts += [f"{t.name}：{t.content}" if t.content else t.name for t in project.tasks]
    return "\n".join(p for p in parts if p)


def _with_ids(form: Form) -> Form:
    """The form itself when every project and indicator has its id, else a copy with ids filled in."""
    if all(p.id and all(i.id for i in p.indicators) for p in form.projects):
        return form
    return form.model_copy(deep=True).assign_ids()


def indicator_index_records(forms: list[Form]) -> list[IndexRecord]:
    """One record per indicator row of `forms`, keyed by the indicator's stable id. Rows approved with
    errors that the approver did not allow to feed drafts are left out: drafting retrieves from here."""
    kept = [_without_withheld(_with_ids(f)) for f in forms]
    return [_with_hash(r["id"], indicator_text(r), to_metadata(r, INDICATOR_FIELDS))
            for r in indicator_records(kept)]


def _without_withheld(form: Form) -> Form:
    if all(ind.feeds_drafts for _, _, ind in form.iter_indicators()):
        return form
    form = form.model_copy(deep=True)
    for project in form.projects:
        for group in project.groups:
            group.indicators = [ind for ind in group.indicators if ind.feeds_drafts]
    return form


def project_index_records(forms: list[Form]) -> list[IndexRecord]:
    """One record per project of `forms`, keyed by the project's stable id."""
    records = []
    for form in map(_with_ids, forms):
        for project in form.projects:
            values = {"form": form.id, "form_kind": form.kind, "year": form.year, "unit": form.unit, "sector": form.sector,
                      "project": project.name, "project_id": project.id, "money_total": project.money.total,
                      "money_fiscal": project.money.fiscal, "money_other": project.money.other,
                      "indicators": len(project.indicators)}
            records.append(_with_hash(project.id, project_summary_text(project), to_metadata(values, PROJECT_FIELDS)))
    return records
