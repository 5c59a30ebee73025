"""Unit names as forms write them and as people say them.

Gathered forms carry budget codes and notes around a unit's name: "[042]六安市金安区体育局",
"776001-扎赉特旗人民检察院", "湘潭市城市管理和综合执法局 308001", "…局 (实施单位: …)".
"""

from __future__ import annotations

import re

_CODE = re.compile(r"^\s*(?:[\[【]\d+[\]】]|\d{3,}\s*-?)\s*|\s+\d{3,}\s*$")
_NOTE = re.compile(r"\s*[(（][^()（）]*[:：;；][^()（）]*[)）]")
_NOISE = re.compile(r"[\[【(（][^\]】)）]*[\]】)）]|^\d{3,}\s*[-—]?\s*|\s*\d{3,}$|\*+|\s+")


def clean_unit(unit: str | None) -> str:
    """A unit's name as people say it: without budget codes and notes in brackets."""
    return _CODE.sub("", _NOTE.sub("", unit or "")).strip()


def unit_key(unit: str | None) -> str:
    """A unit's name for matching two forms' units: also without any bracket, mark or space
    ("[066]六安市农业农村局" → "六安市农业农村局")."""
    return _NOISE.sub("", clean_unit(unit))
