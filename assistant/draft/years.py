"""Years inside a past row's text, moved to the new task's year.

A deadline copied from a 2024 form ("2024年12月底前完成") is wrong for a 2025 project: the
years in the text move forward by the same step, so a span ("2023年1月至2023年12月") keeps
its shape. Years at or after the task's year are left alone (a multi-year plan may look ahead).
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?=\s*年)")


def roll_years(text: str, year: int | None) -> str:
    """`text` with its years moved forward so that the latest is `year`; unchanged when it names
    no year, when `year` is unknown, or when its latest year is not before `year`."""
    found = [int(y) for y in _YEAR.findall(text or "")]
    if not found or year is None or max(found) >= year:
        return text
    step = year - max(found)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + step), text)
