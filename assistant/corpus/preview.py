"""What ingest read from a file, shown before anything is written: projects, money, rows by level, and
what the reader was unsure of. Pure: a Form (or the refusal) in, a Preview out.

A file is "read" when nothing is in doubt, "read with doubts" when something is (an inferred kind or
level, a row without a level or a value, a project without money, a table cut off), and "refused" when
no form could be read at all; each doubt is a sentence a person can check against the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from assistant.corpus.schema import FORM_KIND_TEXT, Form

Status = Literal["read", "doubts", "refused"]
STATUS_TEXT = {"read": "已读取", "doubts": "已读取（有存疑）", "refused": "未能读取"}


@dataclass
class Preview:
    file: str
    status: Status
    form_id: str = ""
    kind: str = ""
    sector: str | None = None
    projects: list[tuple[str, float | None, int]] = field(default_factory=list)
    """(name, annual money in 万元, rows)"""
    by_level: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    doubts: list[str] = field(default_factory=list)
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "status": self.status, "status_text": STATUS_TEXT[self.status],
                "form": self.form_id, "kind": self.kind, "sector": self.sector,
                "projects": [{"name": n, "money_wan": m, "rows": r} for n, m, r in self.projects],
                "by_level": self.by_level, "rows": self.rows, "doubts": self.doubts, "reason": self.reason}


def refused(file: str, reason: str) -> Preview:
    return Preview(file=file, status="refused", reason=reason)


def preview(form: Form, file: str) -> Preview:
    by_level: Counter[str] = Counter()
    doubts = list(form.notes)
    no_level, no_value, unparsed, inferred = [], [], [], []
    for _, _, ind in form.iter_indicators():
        by_level[f"{ind.level1 or '（未识别）'}/{ind.level2 or '（未识别）'}"] += 1
        where = f"“{ind.name or ind.value.raw}”" + (f"（{ind.source.label()}）" if ind.source else "")
        if not ind.level1 or not ind.level2:
            no_level.append(where)
        if ind.value.kind == "empty":
            no_value.append(where)
        elif ind.value.kind == "unparsed":
            unparsed.append(where)
        if ind.inferred and not ind.review:
            inferred.append(where)
    for label, places in (("层级没有读出", no_level), ("没有指标值", no_value), ("指标值不合常见写法", unparsed),
                          ("层级是推断的", inferred)):
        if places:
            shown = "、".join(places[:5]) + (f" 等 {len(places)} 行" if len(places) > 5 else "")
            doubts.append(f"{label}：{shown}")
    for project in form.projects:
        if project.money.total is None:
            doubts.append(f"项目“{project.name or '（无名称）'}”没有读出金额")
        if not project.name:
            doubts.append("有一个项目没有读出名称")
    rows = sum(by_level.values())
    return Preview(file=file, status="doubts" if doubts else "read", form_id=form.id,
                   kind=FORM_KIND_TEXT.get(form.kind, form.kind), sector=form.sector,
                   projects=[(p.name, p.money.total, len(p.indicators)) for p in form.projects],
                   by_level=dict(sorted(by_level.items())), rows=rows, doubts=doubts)
