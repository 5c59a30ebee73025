"""A real corpus project laid out as the standard 项目支出绩效目标表 that finance systems export and
units publish: the header block, then the indicator table with merged 一级 / 二级 cells. The file
tests render this grid into xlsx, docx, PDF, HTML and images, and expect to read the project back."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.corpus.schema import Form, Project

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
WIDTH = 5


@dataclass
class Grid:
    rows: list[list[object]]
    """WIDTH cells a row; a merged range's text stands in its first cell, the others are ""."""
    merges: list[tuple[int, int, int, int]]
    """(first row, first column, last row, last column), 0-based and inclusive."""

    def spans(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(row, column) of each merge's first cell → (rows, columns) it covers."""
        return {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in self.merges}

    def covered(self) -> set[tuple[int, int]]:
        return {(r, c) for r0, c0, r1, c1 in self.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                if (r, c) != (r0, c0)}


def standard_grid(form: Form, project: Project, *, numbers: bool = False) -> Grid:
    """`numbers`: money as numbers, as a spreadsheet holds it; otherwise as the text a page shows."""
    money = project.money

    def amount(value: float | None) -> object:
        value = value or 0.0
        return value if numbers else f"{value:g}"

    rows: list[list[object]] = [
        ["项目支出绩效目标表", "", "", "", ""],
        [f"（{form.year}年度）", "", "", "", ""],
        ["项目名称", project.name, "", "", ""],
        ["主管部门", project.supervisor or "", "", "实施单位", project.implementer or ""],
        ["项目资金（万元）", "年度资金总额", amount(money.total), "实施期", project.period or ""],
        ["", "其中：财政拨款", amount(money.fiscal), "", ""],
        ["", "其他资金", amount(money.other), "", ""],
        ["总体目标", "年度目标", "", "", ""],
        ["", project.annual_goal or project.content, "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "备注"],
    ]
    merges = [(0, 0, 0, 4), (1, 0, 1, 4), (2, 1, 2, 4), (3, 1, 3, 2), (4, 0, 6, 0), (7, 0, 8, 0),
              (7, 1, 7, 4), (8, 1, 8, 4)]
    first = len(rows)
    indicators = project.indicators
    for k, ind in enumerate(indicators):
        new1 = k == 0 or indicators[k - 1].level1 != ind.level1
        new2 = new1 or indicators[k - 1].level2 != ind.level2
        rows.append([ind.level1 if new1 else "", ind.level2 if new2 else "", ind.name, ind.value.raw, ""])
    for column, key in ((0, lambda i: (i.level1,)), (1, lambda i: (i.level1, i.level2))):
        start = 0
        for k in range(1, len(indicators) + 1):
            if k == len(indicators) or key(indicators[k]) != key(indicators[start]):
                if k - 1 > start:
                    merges.append((first + start, column, first + k - 1, column))
                start = k
    return Grid(rows, merges)


def project_rows(project: Project) -> list[tuple[str | None, str | None, str, str]]:
    return [(i.level1, i.level2, i.name, i.value.raw) for i in project.indicators]


def assert_read_back(read: Form, source: Form, projects: list[Project]) -> None:
    """Every project comes back with its name, money, period, unit and exactly its indicator rows."""
    assert [p.name for p in read.projects] == [p.name for p in projects]
    for got, want in zip(read.projects, projects, strict=True):
        assert project_rows(got) == project_rows(want), got.name
        assert (got.money.total, got.money.fiscal, got.money.other) == (
            want.money.total, want.money.fiscal, want.money.other)
        assert got.period == want.period and got.implementer == want.implementer
    assert read.unit == projects[0].supervisor
    assert read.year == source.year and read.kind == "project"


def render_image(grid: Grid, *, size: int = 16):
    """The grid drawn as a printed form (ruled cells, a CJK font), as a scan or screenshot shows it.
    Merged cells are drawn as one cell with their text at the top left; text wider than its cell wraps."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    pad, leading = size // 2 + 4, size + 8
    spans, covered = grid.spans(), grid.covered()
    widths = [4 * size] * WIDTH
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if (r, c) not in covered and spans.get((r, c), (1, 1))[1] == 1:
                widths[c] = max(widths[c], int(font.getlength(str(text))) + 2 * pad)
    lefts = [40 + sum(widths[:c]) for c in range(WIDTH + 1)]

    def wrap(text: str, width: int) -> list[str]:
        lines = [""]
        for ch in text:
            if font.getlength(lines[-1] + ch) > width - 2 * pad:
                lines.append("")
            lines[-1] += ch
        return lines

    cells = {}
    heights = []
    for r, row in enumerate(grid.rows):
        most = 1
        for c, text in enumerate(row):
            if (r, c) not in covered:
                columns = spans.get((r, c), (1, 1))[1]
                cells[(r, c)] = wrap(str(text), lefts[c + columns] - lefts[c])
                most = max(most, len(cells[(r, c)]) if spans.get((r, c), (1, 1))[0] == 1 else 1)
        heights.append(most * leading + 2 * pad)
    tops = [40 + sum(heights[:r]) for r in range(len(heights) + 1)]
    image = Image.new("RGB", (lefts[-1] + 40, tops[-1] + 40), "white")
    draw = ImageDraw.Draw(image)
    for (r, c), lines in cells.items():
        rows, columns = spans.get((r, c), (1, 1))
        box = (lefts[c], tops[r], lefts[c + columns], tops[r + rows])
        draw.rectangle(box, outline="black", width=2)
        for k, text in enumerate(lines):
            draw.text((box[0] + pad, box[1] + pad + k * leading), text, font=font, fill="black")
    return image
