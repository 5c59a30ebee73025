"""Years inside a past row's text, moved to the new task's year.

A deadline copied from a 2024 form ("2024年12月底前完成") is wrong for a 2025 project: the
years in the text move forward by the same step, so a span ("2023年1月至2023年12月") keeps
its shape. Two ways in: `roll_years` for a row borrowed from any form (only years written as
years, 20xx年, and the latest becomes the task's year; years at or after it are left alone, as a
multi-year plan may look ahead), `shift_years` for last year's own form, whose year is known
(dates like 2023.07 too, but only years around the form's own: older ones are history).
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?=\s*年)")
_YEAR_IN_DATE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def roll_years(text: str, year: int | None) -> str:
    """`text` with its years moved forward so that the latest is `year`; unchanged when it names
    no year, when `year` is unknown, or when its latest year is not before `year`."""
    found = [int(y) for y in _YEAR.findall(text or "")]
    if not found or year is None or max(found) >= year:
        return text
    step = year - max(found)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + step), text)


def shift_years(text: str, shift: int, since: int) -> str:
    """Years from `since - 1` to `since + 1` moved on by `shift` (a deadline of the next spring too)."""
    if not shift or not text:
        return text

    def moved(m: re.Match[str]) -> str:
        year = int(m.group(1))
        return str(year + shift) if since - 1 <= year <= since + 1 else m.group(1)

    return _YEAR_IN_DATE.sub(moved, text)
