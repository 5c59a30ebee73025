"""The reference corpus: real forms of many sectors, published on the web, shipped with the tool.

Each lives in corpus/gathered/ as the page text as stored (<id>.txt) and a hand transcription of its
table made by reading that text (<id>.json: provenance, unit, sector, projects, rows). The
transcription is the hand check of the form: the canonical Form is built from it, each row located
on the line of the page text that holds its name, so a citation can point at the source. The
reader is measured against the same transcriptions (evals/ingest_eval.py). Pure: data in, Form out.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.corpus import levels
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Money, Project, Provenance, SourceRef

TRANSCRIBED = "指标行按来源网页人工转录（corpus/gathered/<id>.json），未经自动解析"


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text or "")


def _line_of(lines: list[str], name: str, start: int) -> int | None:
    """The first line at or after `start` (0-based) holding the name, else anywhere; 1-based."""
    key = _compact(name)[:12]
    if not key:
        return None
    order = list(range(start, len(lines))) + list(range(0, start))
    return next((k + 1 for k in order if key in lines[k]), None)


def reference_form(transcription: dict[str, Any], text: str) -> Form:
    form_id = transcription["id"]
    source_file = f"gathered/{form_id}.txt"
    lines = [_compact(line) for line in text.splitlines()]
    form = Form(id=form_id, kind=transcription["kind"], title=transcription.get("title") or "",
                year=transcription.get("year"), unit=transcription.get("unit"), source_file=source_file,
                sector=transcription.get("sector"),
                provenance=Provenance(url=transcription["url"], retrieved=transcription["retrieved"],
                                      note=transcription.get("notes") or ""),
                notes=[TRANSCRIBED] + (["来源网页在表格中途截断，只收录了可读的行"] if transcription.get("truncated") else []))
    cursor = 0
    for item in transcription["projects"]:
        name = item["name"] or form.title or form.unit or form_id
        line = _line_of(lines, item["name"], 0) if item["name"] else None
        project = Project(name=name, money=Money(total=item.get("money_wan")),
                          source=SourceRef(file=source_file, line=line))
        group = IndicatorGroup(kind="project", title=name)
        for row in item["rows"]:
            where = _line_of(lines, row["name"] or row["value"], cursor)
            if where:
                cursor = where - 1
            level2 = levels.normalize_level2(row["level2"]) or row["level2"]
            level1 = levels.normalize_level1(row["level1"]) or row["level1"]
            if level2 in (levels.SERVICE_SATISFACTION, levels.OTHER_SATISFACTION):
                level1 = levels.SATISFACTION  # older forms put 满意度 under 效益: one canonical place
            indicator = Indicator.make(level1, level2, row["name"], row["value"],
                                       source=SourceRef(file=source_file, line=where))
            indicator.level1_raw, indicator.level2_raw = row["level1"], row["level2"]
            group.indicators.append(indicator)
        project.groups.append(group)
        form.projects.append(project)
    return form.assign_ids()
