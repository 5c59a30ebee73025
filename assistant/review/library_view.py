"""The indicator library: browse and search the corpus rows, and show a cited row in its
own project. Pure: records (from `corpus.indicator_records`) or forms in, rows out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from assistant.corpus.folder import IndicatorRecord
from assistant.corpus.schema import Form, Indicator, Project
from assistant.draft import DraftRow, DraftSource

LIBRARY_COLUMNS = ("编号", "一级指标", "二级指标", "三级指标", "指标值", "项目", "年度", "单位", "来源")
PROJECT_COLUMNS = ("行", "一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "来源")


def filter_records(records: Sequence[IndicatorRecord], *, level1: str | None = None, level2: str | None = None,
                   keyword: str = "", unit: str | None = None, year: int | None = None,
                   sector: str | None = None) -> list[IndicatorRecord]:
    """Records matching every given filter (`sector`: the form's sector); keyword terms (split on
    spaces) must all occur in the row's name, value, project or basis."""
    terms = keyword.split()
    out = []
    for r in records:
        if (level1 and r["level1"] != level1) or (level2 and r["level2"] != level2):
            continue
        if (unit and r["unit"] != unit) or (year and r["year"] != year) or (sector and r.get("sector") != sector):
            continue
        haystack = " ".join(str(v or "") for v in (r["name"], r["value_raw"], r["project"], r["basis"]))
        if all(term in haystack for term in terms):
            out.append(r)
    return out


def sectors_of(records: Sequence[IndicatorRecord]) -> list[str]:
    """The sectors the records' forms belong to, in the vocabulary's order (the library tab's choices)."""
    from assistant.corpus.sectors import sector_names

    present = {r.get("sector") for r in records}
    return [s for s in sector_names() if s in present]


def level_counts(records: Sequence[IndicatorRecord]) -> list[tuple[str, str, int]]:
    """(一级, 二级, rows) for the records, most frequent first."""
    counted = Counter((r["level1"] or "（未识别）", r["level2"] or "（未识别）") for r in records)
    return [(l1, l2, n) for (l1, l2), n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))]


def library_table(records: Sequence[IndicatorRecord]) -> list[list[Any]]:
    return [[r["id"], r["level1"] or "", r["level2"] or "", r["name"], r["value_raw"], r["project"],
             r["year"] or "", r["unit"] or "", r["source"] or ""] for r in records]


def record_to_row(record: IndicatorRecord) -> DraftRow:
    """A library row picked into a draft, citing the row it came from."""
    return DraftRow(level1=record["level1"] or "", level2=record["level2"] or "", name=record["name"],
                    value=record["value_raw"], basis=record["basis"],
                    sources=[DraftSource(why="retrieved", id=record["id"], form=record["form"],
                                         project=record["project"], name=record["name"], value=record["value_raw"],
                                         note="从指标库选入")])


def find_indicator(forms: Sequence[Form], indicator_id: str) -> tuple[Form, Project, Indicator] | None:
    for form in forms:
        for project, _, indicator in form.iter_indicators():
            if indicator.id == indicator_id:
                return form, project, indicator
    return None


def project_table(project: Project) -> list[list[Any]]:
    return [[k, ind.level1 or ind.level1_raw, ind.level2 or ind.level2_raw, ind.name, ind.value.raw, ind.basis or "",
             ind.source.label() if ind.source else ""] for k, ind in enumerate(project.indicators, start=1)]
