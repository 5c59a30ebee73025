"""Quantities a task's content names (养护县乡道320公里, 培训教师800人次, 覆盖12个村): the values of its
quantity rows. A past project's count says nothing about this one; the task's own words do.

    quantities_in("养护县乡道320公里，惠及12个村")
    # [Quantity(phrase="养护县乡道", number=320.0, unit="公里", ...), Quantity(phrase="惠及", number=12.0, unit="个", thing="村")]
    quantity.name()     # "养护县乡道里程"
    quantity.value()    # "≥320公里"

Pure: text in, quantities out. Money (万元), rates (%), dates and years are not quantities of work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.values import COUNT_UNITS, number_text

# Longest first, so 人次 wins over 人 and 平方米 over 米.
_UNITS = sorted(COUNT_UNITS - {"年", "月", "日"}, key=len, reverse=True)
_PATTERN = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>" + "|".join(map(re.escape, _UNITS)) + r")"
                      r"(?P<thing>[\u4e00-\u9fff]?)")
_PHRASE = re.compile(r"[\u4e00-\u9fff]+$")
# Words that open a phrase without saying what is done (全年计划完成 → the verb after them).
_FILLER = re.compile(r"^(?:预计|计划|全年|年度|年内|本年|本项目|项目|累计|共计|共|合计|约|完成|实现|新增|开展|组织)+")
_MEASURE = {"公里": "里程", "千米": "里程", "米": "长度", "亩": "面积", "万亩": "面积", "公顷": "面积",
            "平方米": "面积", "平米": "面积", "㎡": "面积", "人次": "人次", "万人次": "人次", "人": "人数",
            "万人": "人数", "名": "人数", "户": "户数", "万户": "户数", "吨": "数量", "公斤": "数量", "千克": "数量"}
_MAX_PHRASE = 10
_MAX_QUANTITIES = 3


@dataclass(frozen=True)
class Quantity:
    phrase: str
    """What is done or counted, the words before the number (养护县乡道)."""
    number: float
    unit: str
    thing: str = ""
    """The thing a 个 counts, the character after it (村 in 12个村)."""
    text: str = ""
    """The words of the content it was read from."""

    def name(self) -> str:
        measure = _MEASURE.get(self.unit, "数量")
        if self.unit in ("个", "所", "家", "座", "处") and self.thing:
            return f"{self.phrase}{self.thing}数"  # 覆盖12个村 → 覆盖村数
        if measure == "人次" and self.phrase.endswith("人次"):
            return self.phrase
        return f"{self.phrase}{measure}"

    def value(self) -> str:
        return f"≥{number_text(self.number)}{self.unit}"


def quantities_in(text: str) -> list[Quantity]:
    """Quantities of work the text names, in order, at most three; none without words saying what."""
    out: list[Quantity] = []
    for match in _PATTERN.finditer(text or ""):
        before = text[:match.start()]
        if before.endswith(("第", "前", "截至", "-", "～", "~")):
            continue
        phrase = _PHRASE.search(before)
        words = _FILLER.sub("", phrase.group(0))[-_MAX_PHRASE:] if phrase else ""
        if len(words) < 2:
            continue  # "320公里" alone names no work: a row would have no name
        thing = match.group("thing") if match.group("unit") in ("个", "所", "家", "座", "处") else ""
        out.append(Quantity(words, float(match.group("number")), match.group("unit"), thing,
                            text=f"{phrase.group(0) if phrase else ''}{match.group(0)}"))
        if len(out) == _MAX_QUANTITIES:
            break
    return out
