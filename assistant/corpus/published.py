"""Forms as published: a page copied or saved as text, whatever became of its table cells.

The seeds' OCR text keeps a table row on a line with tabs between cells (`ocr` reads that). Pages
copied from the web come in other shapes, all seen in public forms:

- one cell a line, a `|` after each cell and a line of bare `|` between rows (HTML tables);
- whole rows on a line with `|` between cells (markdown-like);
- one cell a line with blank lines between cells, and no sign of where a row ends;
- whole rows on a line with spaces between cells.

`cells_of` turns any of them into one stream of cells, each knowing its line and, where the text
shows it, the row it belongs to. `read_published` then walks the stream with what every form
has, whatever its layout: the header words (项目名称, 年度资金总额 …), the table header (一级指标 /
二级指标 / 三级指标 / 指标值 …) and the level vocabulary; a cell that is neither a label nor a
value is a 三级 name, and the next cell its value. Pure: text in, Form out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from assistant.corpus import levels
from assistant.corpus.schema import Form, FormKind, Indicator, IndicatorGroup, Money, Project, SourceRef
from assistant.corpus.values import (
    ACCEPTED_PHRASES,
    COUNT_UNITS,
    MONEY_UNITS,
    TIME_UNITS,
    UNIT_ALIASES,
    parse_split,
    parse_value,
)
from assistant.errors import InputError

_NOISE = re.compile(r"^(扫描全能王\s*创建|填报单位.*|单位[:：]\s*(万)?元|\(?盖章\)?)$")
_COMPARATOR_ONLY = re.compile(r"^(≥|≤|>=|<=|>|<|＞|＜|=|≧|≦|═|约|大于等于|小于等于|大于|小于|等于)$")
_UNIT_ONLY = re.compile(r"^(%|％|‰|人|人次|个|次|天|年|万元|亿元|元|户|家|台|份|件|套|所|项|亩|公里|米|平方米|小时|个月|场|场次|批次|篇|册|辆|座|处|条|种|例|只|头|名|位|周|期|间|吨|公顷|立方米)$")
_PLACEHOLDER = re.compile(r"[(（]\s*[≥≤><=]*\s*\*+[^()（）]*[)）]")
_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(\.\d+)?$")
_AMOUNT = re.compile(r"(-?\d[\d,，]*(?:\.\d+)?)\s*(万元|万|元)?")
_FOOTER = re.compile(r"(^总分$|^合计$|^注[:：]|^说明[:：]|^附件(下载)?\d*[:：]|审核意见|审批意见|财政部门|填报人|联系电话|负责人[:：]|ICP|版权所有|主办单位|网站标识码|公网安备|"
                     r"主办[:：]|承办|内容保障|打印本页|关闭窗口|上一篇|下一篇|扫一扫|扫码|联系客服|^qrcode$|盖章|"
                     r"^其他需(要)?说明的?(问题|事项)|绩效(目标|自评)(申报|批复|审批)?表$|^第[一二三四五六七八九十]+部分|^名词解释)")
"""What ends a table: totals, notes, the template's closing rows (其他需说明的问题, 盖章), the next form's
title, and the page around the form (site footers, share buttons)."""
_WORD_COMPARATORS = (("大于等于", "≥"), ("小于等于", "≤"), ("大于", ">"), ("小于", "<"), ("等于", "="))
_HEADER_LEVEL = re.compile(r"^(一级指标|二级指标|三级指标|一级|二级|三级)$")
_VALUE_HEADER = re.compile(r"(指标值|目标值|年度数值|年度指标值|预期目标|指标值及单位|绩效目标值|全年指标值|年度目标值)")
_DONE_HEADER = re.compile(r"(指标内容|评[(（]?扣?[)）]?分|指标描述|绩效指标描述|指标解释|实际完成|完成值|实际值|分值|得分|偏差|原因|备注|绩效标准|指标值设定依据|评分|权重|完成情况|解释|改进措施)")
_SPLIT_HEADERS = {"计算符号": "comparator", "符号": "comparator", "度量单位": "unit", "计量单位": "unit", "单位": "unit",
                  "指标性质": "nature", "指标值类型": "nature", "指标类型": "nature", "值类型": "nature"}
"""Headers of a value split over columns. 指标值类型 (定量/定性) names the value's nature, not the value."""


@dataclass
class Cell:
    text: str
    line: int
    row: int | None
    """Rows are numbered where the text shows them; None where cells stand one a line."""


def _clean(cell: str) -> str:
    cell = cell.replace("\u3000", " ").replace("\xa0", " ").strip()
    return re.sub(r"\s+", " ", cell)


def cells_of(text: str) -> list[Cell]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pipe_lines = sum("|" in ln for ln in lines)
    tab_lines = sum("\t" in ln for ln in lines)
    spaced = sum(len(re.findall(r"\S\s{1,}\S", ln)) >= 2 for ln in lines)
    single_cells = sum(ln.rstrip().endswith("|") and len([p for p in ln.split("|") if p.strip()]) == 1 for ln in lines)
    if pipe_lines >= 3 and single_cells * 2 >= pipe_lines:
        lines = _join_broken_cells(lines)
    cells: list[Cell] = []
    row = 0
    open_row = False  # a one-cell-a-line HTML row that has not seen its closing line of pipes

    def add(parts: list[str], no: int, row_id: int | None) -> None:
        for part in parts:
            part = _clean(part)
            if part and not _NOISE.match(part):
                cells.append(Cell(part, no, row_id))

    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if "|" in line and pipe_lines >= 3:
            parts = line.split("|")
            filled = [p for p in parts if _clean(p)]
            if not filled:
                row += 1
                open_row = False
                continue
            if len(filled) == 1 and line.rstrip().endswith("|"):
                # HTML layout: a cell a line, a run of pipes closing the row.
                if not open_row:
                    row += 1
                    open_row = True
                add(filled, no, row)
                continue
            row += 1
            open_row = False
            add(parts, no, row)
            continue
        if "\t" in line and tab_lines >= 3:
            row += 1
            add(line.split("\t"), no, row)
            continue
        if spaced >= 3 and re.search(r"\S\s{1,}\S", line):
            row += 1
            add(_join_split_values(re.split(r"\s+", _PLACEHOLDER.sub("", line))), no, row)
            continue
        if len(line) > 200 and len(re.findall(r"\s+", line)) >= 10:
            # A page flattened into one paragraph: spaces are all that is left between cells, and no
            # line is a row any more.
            add(_join_split_values(re.split(r"\s+", _PLACEHOLDER.sub("", line))), no, None)
            continue
        row += 1 if open_row else 0
        add([line], no, row if open_row else None)
    return cells


def _join_broken_cells(lines: list[str]) -> list[str]:
    """A cell a line with a pipe closing each cell: a line without a pipe is the start of a cell the
    page wrapped ("打造金安国际网球" / "公开赛等系列品牌赛事 |"), joined to the line that closes it.
    The joined text stands on the closing line, so the others keep their numbers."""
    out = list(lines)
    carry: list[int] = []
    for no, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            carry = []
        elif "|" not in line:
            carry.append(no)
        else:
            filled = [p for p in line.split("|") if p.strip()]
            start = "".join(lines[k].strip() for k in carry)
            if carry and len(filled) == 1 and line.endswith("|") and len(start) <= 40:
                out[no] = _glue(start, line)
                for k in carry:
                    out[k] = ""
            carry = []
    return out


def _glue(left: str, right: str) -> str:
    # Chinese wraps without a space; Latin words and numbers keep one.
    return left + ("" if re.search(r"[\u4e00-\u9fff（(]$", left) or re.match(r"^[\u4e00-\u9fff)）]", right) else " ") + right


_LEAD_COMPARATOR = re.compile(r"^(≥|≤|>=|<=|>|<|＞|＜|=|≧|≦|约|不少于|不低于|不高于|不超过|不多于|大于等于|小于等于|大于|小于|达到)")


def _join_split_values(parts: list[str]) -> list[str]:
    """Space-split rows cut "≥ 95%" and "100 %" apart: glue them back."""
    out: list[str] = []
    for part in parts:
        if out and (_COMPARATOR_ONLY.match(out[-1]) or (_UNIT_ONLY.match(part) and _NUMBER.match(_LEAD_COMPARATOR.sub("", out[-1])))):
            out[-1] += part
        else:
            out.append(part)
    return out


_OUTLINE = re.compile(r"^\s*([(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}\s*[、.．)）])\s*")
"""Outline numbering a report puts before a heading or an item: "(一)", "1、", "2.", "1)"."""


def _label(cell: str) -> tuple[str | None, str | None]:
    cell = _OUTLINE.sub("", cell)
    cell = re.sub(r"\s*[(（]\s*\d+(\.\d+)?\s*([-~—至]\s*\d+(\.\d+)?)?\s*分?\s*[)）]\s*分?$", "", cell)  # "成本指标(0-20)分"
    pair = levels.split_pair(cell)
    if pair:
        return pair
    key = levels.clean_label(cell)
    if key in ("成本指标", "成本", "成本值"):
        return None, levels.UNIT_COST
    level1 = levels.normalize_level1(cell)
    if level1:
        return level1, None
    level2 = levels.normalize_level2(cell)
    if level2:
        return None, level2
    # "产出指标数量指标" in one cell (two merged cells pasted together)
    for variant in sorted(levels.LEVEL1_NAMES, key=len, reverse=True):
        if key.startswith(variant) and len(key) > len(variant):
            rest = levels.normalize_level2(key[len(variant):])
            if rest:
                return variant, rest
    if garbled := _garbled_level(key):
        return _label(garbled)
    return None, None


def _garbled_level(key: str) -> str | None:
    """A level name OCR misread by one character ("产岀指标", "质虽指标", "时效指杨"): the one level name of the
    same length that differs from it in a single character, when only one does."""
    if not 4 <= len(key) <= 14 or not re.fullmatch(r"[\u4e00-\u9fff]+", key):
        return None
    near = {v for v in levels.LEVEL_VARIANTS if _one_edit(v, key)}
    return near.pop() if len(near) == 1 else None


def _one_edit(variant: str, key: str) -> bool:
    """One character changed; for a name of five or more, also one added or dropped ("服务对象满意度指标等")."""
    if len(variant) == len(key):
        return sum(a != b for a, b in zip(variant, key, strict=True)) == 1
    if len(variant) < 5 or abs(len(variant) - len(key)) != 1:
        return False
    short, long = sorted((variant, key), key=len)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


_SENTENCE_ROW = re.compile(r"^(?P<name>[^,，;；。]{2,60}?)[,，;；]\s*(?:年度)?(?:目标值|指标值)[:：为是]?\s*(?P<value>[^,，;；。]+)")
"""A report listing each indicator as a sentence: "1)项目完成及时率(%),目标值90,完成值100,分值8,得分8。"."""


def _sentence_row(cell: str) -> tuple[str, str] | None:
    match = _SENTENCE_ROW.match(_OUTLINE.sub("", cell))
    if not match:
        return None
    return match.group("name").strip(), match.group("value").strip()


def _value_text(cell: str) -> str:
    for words, sign in _WORD_COMPARATORS:
        if cell.startswith(words):
            return sign + cell[len(words):]
    return cell


_NUMBERED_NAME = re.compile(r"^指标\s*\d+\s*[:：.、]?\s*[\u4e00-\u9fff]")


def _value_like(cell: str) -> bool:
    if _NUMBERED_NAME.match(cell):
        return False  # "指标2工程验收合格率": a numbered name
    value = parse_value(_value_text(cell))
    if value.kind == "quantitative" and "prefix_text" in value.flags and \
            len(re.findall(r"[\u4e00-\u9fff]", value.suffix or "")) >= 4:
        return False  # a number inside a name ("0-6岁儿童健康管理数"), not a value
    if value.kind in ("quantitative", "date"):
        return True
    return value.kind == "qualitative" and "unknown_phrase" not in value.flags


def _amount(text: str, in_yuan: bool = False) -> float | None:
    match = _AMOUNT.search(text.replace(" ", ""))
    if not match or text.replace(" ", "")[match.end():].startswith("分"):
        return None  # "预算执行 10分" is a score, not money
    number = float(match.group(1).replace(",", "").replace("，", ""))
    unit = match.group(2) or ("元" if in_yuan else "万元")
    return round(number / 10000, 6) if unit == "元" else number


def _in_yuan(text: str) -> bool:
    """The form states its money in 元 ("单位：元", "金额(元)") rather than 万元."""
    head = text[:3000].replace(" ", "")
    return bool(re.search(r"单位[:：]元|[(（]元[)）]", head)) and not re.search(r"单位[:：]万元|[(（]万元[)）]", head)


@dataclass
class _Table:
    extra: int = 1
    """How many cells follow a 三级 name on a row (value, then basis, scores …)."""
    split: list[str] = field(default_factory=list)
    """Roles of the cells after the name when the value is split (comparator, value, unit)."""
    glued: bool = False
    """The header's cells came pasted together, so the rows' cells will be too."""
    value_at: int = 0
    """Where the value stands among the cells after the name (a 分值 or 指标描述 column may come first)."""
    scores: tuple[int, ...] = ()
    """Where score columns (分值, 得分, 权重) stand among the cells after the name."""


# Header words, most specific first; a cell names a field when it starts with one (after "一、"-style
# numbering) and is short: a long cell is a sentence that happens to start with the word.
_HEAD_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((key, re.compile(pattern)) for key, pattern in (
    ("name", r"^(项目|专项|资金)(\(专项\)|（专项）)?(支出)?(资金)?名称"),
    ("implementer", r"^(项目)?(具体)?实施单位"),
    ("unit", r"^(主管)?(预算)?(部门|单位)(\((单位|部门)\))?(名称)?(及(其)?(代码|编码))?(?=[:：(]|$)|^(项目)?主管部门|^申报单位"),
    ("fiscal", r"^(其中[:：]?)?(当年)?(本年)?财政拨款|^(其中[:：]?)?\d?[.、]?(中央|市级|省级|区级|县级)?预算资金[:：]"),
    ("other", r"^(其中[:：]?)?\d?[.、]?(其他资金|自有资金|其他[:：])"),
    ("period_total", r"^(项目)?中期(资金|预算)(资金)?(总额|金额|数)?|^项目总预算|^实施期(资金|金额)"),
    ("total", r"^(项目)?(年度|本年度|全年)?(本级)?(资金|预算)(资金)?(总额|金额|数)|^(项目)?(年度)?资金总额|"
              r"^项目(预算)?资金|^本年度申请.*预算资金|^年度金额|^(项目)?预算金额|^全年预算数|^年初预算数|"
              r"^(年度)?财政资金总额|^当年(年度)?预算"),
    ("period", r"^(项目)?(实施期|期限|起止时间|实施周期)"),
))


_MONEY_KEYS = ("total", "fiscal", "other", "period_total")


_MONEY_COLUMN = re.compile(r"^(年初预算数?|全年预算数?|调整后预算数?|预算数|预算安排数|全年执行数?|执行数|实际执行数|执行率|"
                           r"分值|得分|预算执行率)(\([^()]*\))?$")
_MONEY_COLUMN_RANK = ("全年预算", "调整后预算", "预算安排", "年初预算", "预算数")
"""A self-evaluation's money grid: one column per stage (年初预算数, 全年预算数, 全年执行数, then 分值, 执行率,
得分), one row per source (年度资金总额, 其中财政拨款, 其他资金). The year's money is the 全年预算数 column's."""


def _money_column(cell: str) -> str | None:
    compact = cell.replace(" ", "").replace("（", "(").replace("）", ")")
    return compact if _MONEY_COLUMN.match(compact) else None


def _grid_amount(columns: list[str], cells: list[Cell], at: int) -> tuple[str, int] | None:
    """The amount of a money row in a grid of `columns`, its cells starting at `at`: the cell under the best
    budget column, counting from an 执行率 percentage where blank cells were left out; and where the row ends."""
    row: list[str] = []
    k = at
    while k < len(cells) and len(row) < len(columns) and \
            re.fullmatch(r"[-+]?\d[\d,，]*(\.\d+)?(万?元)?%?|[-—/／无]+|\d+(\.\d+)?%", cells[k].text.replace(" ", "")):
        row.append(cells[k].text)
        k += 1
    if not row:
        return None
    budget = next((c for word in _MONEY_COLUMN_RANK for c, name in enumerate(columns) if name.startswith(word)), None)
    if budget is None:
        return None
    shift = 0
    if len(row) < len(columns):
        rate_col = next((c for c, name in enumerate(columns) if "执行率" in name), None)
        rate_cell = next((c for c, text in enumerate(row) if text.endswith("%")), None)
        if rate_col is None or rate_cell is None:
            return None
        shift = rate_col - rate_cell
    index = budget - shift
    if not 0 <= index < len(row) or _amount(row[index]) is None:
        return None
    return row[index], k


def _head_key(cell: str) -> tuple[str, str] | None:
    """(key, rest): a header word, and what follows it in the same cell ("资金总额: 250")."""
    compact = cell.replace(" ", "").replace("（", "(").replace("）", ")")
    compact = _OUTLINE.sub("", compact)
    if len(compact) > 40:
        return None
    for key, pattern in _HEAD_KEYS:
        match = pattern.match(compact)
        if match:
            rest = re.sub(r"^[:：]*(\(万?元\)|万?元)?[:：]*", "", compact[match.end():])
            rest = re.sub(r"^[^:：\d]{0,8}[:：]", "", rest) if key != "name" else rest.lstrip(":：")
            if key in _MONEY_KEYS and not re.search(r"\d", rest):
                rest = ""  # "财政拨款小计": the amount is in the next cell
            return key, rest
    return None


def detect_kind(text: str) -> tuple[FormKind, str | None]:
    """The kind a text's title says, or an inferred one with the reason."""
    head = text[:3000]
    if "自评" in head:
        return "self_evaluation", None
    if re.search(r"整体支出|整体绩效|部门整体|单位整体", head):
        return "whole_unit", None
    if re.search(r"项目支出|项目绩效|项目.{0,12}(申报|批复|审批)表", head):
        return "project", None
    if "项目名称" in head.replace(" ", ""):
        return "project", "标题未写明表的类别；有“项目名称”，按项目支出绩效目标表读取"
    return "project", "标题未写明表的类别，按项目支出绩效目标表读取"


_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def simplified(text: str) -> tuple[str, list[str]]:
    """Pages in traditional characters (some with pinyin injected after each character) read as
    simplified, so the level and header vocabulary applies; the change is noted."""
    notes = []
    if len(_PINYIN.findall(text)) >= 5:
        text = _PINYIN.sub("", text)
        notes.append("页面在字后夹注了拼音，已去掉")
    from hanziconv import HanziConv

    converted = HanziConv.toSimplified(text)
    if sum(a != b for a, b in zip(text, converted, strict=True)) >= 10:
        notes.append("繁体字已转为简体")
        text = converted
    return text, notes


def read_published(text: str, *, form_id: str, source_file: str) -> Form:
    text, script_notes = simplified(text)
    cells = cells_of(text)
    kind, kind_note = detect_kind(text)
    form = Form(id=form_id, kind=kind, source_file=source_file)
    form.notes.extend(script_notes)
    if kind_note:
        form.notes.append(kind_note)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    form.title = next((re.sub(r"\s+", "", ln) for ln in lines[:15] if re.search(r"绩效目标|自评表|绩效自评|绩效指标", ln)), "")
    years = re.findall(r"(20\d{2})\s*年", text[:2000])
    form.year = int(years[0]) if years else None
    if _in_yuan(text):
        form.notes.append("金额以元填报，已换算为万元")
    _walk(form, cells, source_file)
    for project in form.projects:
        _complete_money(project.money)
        if _levels_from_order(project):
            form.notes.append(f"{project.name or '项目'}：表头前几行没有一级、二级标签，按模板顺序推定")
        whole_unit = form.kind == "whole_unit" or bool(re.search(r"(部门|单位)整体", form.title or ""))
        if whole_unit and project.name in (form.title, "") and (unit := form.unit or _title_unit(form.title, text)):
            project.name = unit  # a whole-unit form with no 项目名称 is about its unit
        elif form.title and project.name == form.title:
            project.name = _title_name(form.title) or project.name
    if not any(p.indicators for p in form.projects):
        raise InputError("没有找到指标表（找不到“一级指标”“二级指标”等表头，也没有可辨认的指标行）", file=source_file,
                         hint="请确认文件包含绩效指标表（一级指标、二级指标、三级指标、指标值）")
    return form.assign_ids()


_TITLE_KIND = re.compile(r"((部门|单位)?整体)?(支出)?(区域|整体)?绩效(目标|指标)?(自评|评价|申报|批复|审批|考核)?(表|报告|情况)+$")
_TITLE_NOTE = re.compile(r"\s*[(（](\d{4}\s*年度?|修改|修订|调整|草案|公开|[^()（）]{0,3}表)[)）]\s*$")
_GENERIC_NAME = re.compile(r"^([^年]{0,12}20\d{2}\s*年度?)?(中央|省|市|县|区|省级|市级|县级|区级|本级|部门|单位)?(财政)?(预算)?(专项)?"
                           r"项目$")


def _title_name(title: str) -> str | None:
    """A project form with no 项目名称 field names its project in its title: the title without the form's kind
    ("农村公路养护项目支出绩效目标表" → 农村公路养护项目, "(临时救助)绩效目标自评表" → 临时救助), or the name a report
    puts in brackets after it ("…项目绩效自评报告(标准化工作专项补助经费)"). None when what is left names no
    project ("2023年度市级项目")."""
    text = re.split(r"[›»>]", re.sub(r"\s+", "", title))[-1]  # a page's breadcrumb ("当前位置:首页›…")
    text = _TITLE_NOTE.sub("", text)
    bracket = re.match(r"^(?P<head>.*?(表|报告))[(（](?P<name>[^()（）]{4,60})[)）]$", text)
    if bracket and _TITLE_KIND.search(bracket.group("head")):
        return bracket.group("name")
    name = _TITLE_KIND.sub("", text)
    if name == text:
        return None
    name = re.sub(r"^[(（](?P<n>[^()（）]+)[)）]$", r"\g<n>", name)
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2 or _GENERIC_NAME.match(name):
        return None
    return name


def _title_unit(title: str, page: str = "") -> str | None:
    """A whole-unit form's unit, as its title starts: "桃源县科学技术局2021年度部门整体支出绩效目标申报表"; in full
    where the page's publisher line names it ("2021年林业局部门整体…" published by 零陵区林业局)."""
    title = re.split(r"[›»>]", re.sub(r"\s+", "", title))[-1]
    match = re.match(r"^(20\d{2}年度?)?(?P<unit>[\u4e00-\u9fff（）()]{3,40}?)(20\d{2}\s*年度?)?(部门|单位)?整体", title)
    if not match or re.match(r"^(20\d{2}|部门|单位)", match.group("unit")):
        return None
    unit = match.group("unit")
    for publisher in re.findall(r"(?:发布机构|信息来源|来源)[:：]\s*([\u4e00-\u9fff]{2,30})", page[:3000]):
        if publisher.endswith(unit) and len(publisher) > len(unit):
            return publisher
    return unit


def _new_project(form: Form, name: str, line: int, source_file: str) -> Project:
    project = Project(name=name, source=SourceRef(file=source_file, line=line))
    project.groups.append(IndicatorGroup(kind="project", title=name))
    form.projects.append(project)
    return project


def _walk(form: Form, cells: list[Cell], source_file: str) -> None:
    project: Project | None = None
    table: _Table | None = None
    levels_now: list[str | None] = [None, None]
    row_cells: list[Cell] = []
    pending_key: str | None = None
    has_header = any(re.search(r"[一二三]级指标", c.text.replace(" ", "")) for c in cells)
    money_columns: list[str] = []
    fresh_rows = itertools.count(10**9)

    def flush() -> None:
        if row_cells and project is not None and table is not None:
            _read_row(project, table, levels_now, row_cells, source_file)
        row_cells.clear()

    i = 0
    while i < len(cells):
        cell = cells[i]
        text = cell.text
        compact = text.replace(" ", "")
        i += 1
        if table is None:
            if column := _money_column(text):
                after_column = i >= 2 and bool(_money_column(cells[i - 2].text))
                if after_column or (i < len(cells) and _money_column(cells[i].text)):
                    # a money grid's column headings, in a run (a lone 全年预算数 is a label)
                    if not after_column:
                        money_columns = []
                    money_columns.append(column)
                    continue
            head = _head_key(text)
            if head and money_columns and head[0] in ("total", "fiscal", "other") and not head[1] \
                    and (grid := _grid_amount(money_columns, cells, i)):
                _set_head(form, project, head[0], grid[0], cell, source_file)
                project = form.projects[-1] if form.projects else None
                i = grid[1]
                continue
            if head:
                key, rest = head
                if rest:
                    _set_head(form, project, key, rest, cell, source_file)
                    project = form.projects[-1] if form.projects else None
                    pending_key = None
                else:
                    pending_key = key
                continue
            if pending_key:
                if pending_key == "name":
                    project = _new_project(form, text, cell.line, source_file)
                else:
                    _set_head(form, project, pending_key, text, cell, source_file)
                    project = form.projects[-1] if form.projects else None
                pending_key = None
                continue
            table_at = i - 1
            if match := re.search(r"一级指标?二级指标?", compact):
                table = _Table(glued=True)
                run = _GLUED_HEADER_TAIL.sub("", re.sub(r"^三级指标?", "", compact[match.end():]))
                if len(run) > 8:
                    # the whole table pasted into the header's cell: its rows, cut at the level names
                    cells[i:i] = [Cell(piece, cell.line, None) for piece in unglue_run(run)]
            elif _HEADER_LEVEL.match(_strip_note(compact)) or compact.startswith("一级指标"):
                table, i = _read_table_header(cells, i - 1)
            elif _label(text)[0] or (not has_header and _label(text)[1]):
                # A table with no header row starts at its first 一级 label; a report with no table
                # header at all ("(二) 成本指标 / 1、经济成本指标 / 1)…,目标值200") at its first level name.
                table, i = _Table(), i - 1
            else:
                continue
            levels_now[:] = [None, None]
            if project is None and (listed := _listed_project(cells, table_at)):
                # no 项目名称 field: a budget listing (单位 / 项目 / 金额) names the project and its money
                project = _new_project(form, listed[0].text, listed[0].line, source_file)
                project.money.total = _amount(listed[1].text, "金额以元填报，已换算为万元" in form.notes)
            if project is None:
                project = _new_project(form, form.title or form.unit or "", cell.line, source_file)
            continue
        # inside a table: rows end where the text shows it, or after the header's count of cells
        head = _head_key(text)
        if _FOOTER.search(text) or (head and head[0] == "name" and len(compact) < 60):
            flush()
            table = None
            if head and head[0] == "name":
                i -= 1
            continue
        if _HEADER_LEVEL.match(_strip_note(compact)) or compact in ("指标值", "目标值", "绩效指标", "指标"):
            continue  # header cells, and the 指标 a label's cell left on a line of its own
        if re.fullmatch(r"[.…。·\-—]+|[(（]\d+(-\d+)?分?[)）]", compact):
            continue  # ellipses, and a level's score standing in a cell of its own ("(50)")
        if cell.row is None and i < len(cells) and not any(_label(text)) and len(compact) <= 6 \
                and not any(_label(cells[i].text)) and any(_label(compact + cells[i].text.replace(" ", ""))):
            # a level name the page wrapped over two lines: "经济效" / "益指标", "项目完成" / "指标"
            cell = Cell(compact + cells[i].text.replace(" ", ""), cell.line, None)
            text, compact = cell.text, cell.text
            i += 1
        split_off = None
        if row_cells and (cell.row is None or cell.row == row_cells[-1].row) and not any(_label(row_cells[-1].text)) \
                and i < len(cells) and _value_like(cells[i].text) and (split_off := _value_then_name(text)):
            # "≥320公里桥梁检测" / "≥12座": a value run into the next row's name (the cell break lost)
            moved = next(fresh_rows) if cell.row is not None else None
            for k in range(i, len(cells)):
                if cell.row is None or cells[k].row != cell.row:
                    break
                cells[k] = Cell(cells[k].text, cells[k].line, moved)
            cells[i - 1:i] = [Cell(split_off[0], cell.line, cell.row), Cell(split_off[1], cell.line, moved)]
            cell = cells[i - 1]
            text, compact = cell.text, cell.text
            if cell.row is None:
                row_cells.append(cell)
                flush()
                continue
        if cell.row is not None and not row_cells:
            span = i - 1
            while span < len(cells) and cells[span].row == cell.row:
                span += 1
            if span - (i - 1) > 2 * (3 + table.extra):
                # A "row" longer than the header allows: the page closed no rows inside the table (a cell
                # a line, no line of bare pipes between rows), so its cells are read as a stream.
                for k in range(i - 1, span):
                    cells[k] = Cell(cells[k].text, cells[k].line, None)
                cell = cells[i - 1]
        if cell.row is not None:
            if row_cells and row_cells[0].row != cell.row and not _continues(row_cells, cell):
                flush()
            row_cells.append(cell)
            continue
        # a cell a line, no row marks: a label, or a name and the cells the header puts after it
        pieces = unglue(text) if table.glued else [text]
        if len(pieces) > 1:
            flush()
            row_cells.extend(Cell(piece, cell.line, -cell.line) for piece in pieces)
            flush()
            continue
        label1, label2 = _label(text)
        if (label1 or label2) and not (levels_now[1] and _names_a_row(text, cells[i].text if i < len(cells) else "",
                                                                        levels_now)):
            flush()
            _set_levels(levels_now, label1, label2)
            continue
        sentence = _sentence_row(text)
        if sentence and project is not None:
            flush()
            _emit(project, levels_now[0], levels_now[1], Cell(sentence[0], cell.line, None), sentence[1], source_file)
            continue
        if row_cells and _NUMBERED_NAME.match(text):
            flush()  # "指标3.化妆品抽验平均标准": a numbered name starts a row even where a value is missing
        if not row_cells:
            if _value_like(text) and not re.search(r"[\u4e00-\u9fff]{4,}", text):
                continue  # a stray score or value with nothing to belong to
            row_cells.append(cell)
            continue
        row_cells.append(cell)
        after_name = len(row_cells) - 1
        if after_name > table.value_at + 1 and not _cell_after_value(text):
            # Past the value, a cell that reads as a name starts the next row.
            row_cells.pop()
            flush()
            i -= 1
        elif after_name >= table.extra:
            flush()
    flush()


def _assemble(cells: list[str], at: int) -> str:
    """A value spread over cells without split headers: "≧ | 100 | %" is one value."""
    value = cells[at]
    if _COMPARATOR_ONLY.match(value) and at + 1 < len(cells):
        value += cells[at + 1]
        at += 1
    if at + 1 < len(cells) and _UNIT_ONLY.match(cells[at + 1]) and _NUMBER.match(value.lstrip("≥≤<>=≧≦═＞＜约")):
        value += cells[at + 1]
    return value


_GLUED_VALUE = re.compile(r"(?:(?:≥|≤|>=|<=|>|<|＞|＜|=|≧|≦|═|约)?\d+(?:\.\d+)?(?:%|‰|[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2})*)?"
                         r"(?:以上|以下|以内)?)$")


def unglue(text: str) -> list[str]:
    """Cells pasted together with nothing between them ("产出指标数量指标培训人数200人") split back
    into labels, the name and a value the grammar accepts; a text that does not end in a value stays whole."""
    compact = text.replace(" ", "")
    if any(_label(compact)):
        return [text]  # a level name whole ("服务对象满意度指标"), not a shorter one with "指标" after it
    parts: list[str] = []
    while True:
        head = next((v for v in sorted(levels.LEVEL_VARIANTS, key=len, reverse=True)
                     if compact.startswith(v) and len(compact) > len(v)), None)
        if head is None:
            break
        parts.append(head)
        compact = compact[len(head):]
    value = None
    match = _GLUED_VALUE.search(compact)
    if match and len(compact) - len(match.group(0)) >= 2 and not compact[:match.start()].endswith(("第", "近")):
        value = match.group(0)
    else:
        value = next((p for p in sorted(ACCEPTED_PHRASES, key=len, reverse=True)
                      if len(p) >= 2 and compact.endswith(p) and len(compact) - len(p) >= 2), None)
    if value is None:
        return [text] if not parts else parts + ([compact] if compact else [])
    return parts + [compact[: len(compact) - len(value)], value]


_VALUE_HEAD = re.compile(r"^(?:≥|≤|>=|<=|>|<|＞|＜|=|≧|≦|约)?\d+(?:\.\d+)?")
_HEAD_UNITS = sorted({*COUNT_UNITS, *TIME_UNITS, *MONEY_UNITS, *UNIT_ALIASES, "%", "％", "‰", "人次", "万人次", "公里"},
                     key=len, reverse=True)


def _value_then_name(text: str) -> tuple[str, str] | None:
    """A value with the next row's name run into it ("≥320公里桥梁检测"): the value, and the name. The name
    must read as one: Chinese, not a value's tail ("12月底前完成"), not a level."""
    compact = text.replace(" ", "")
    match = _VALUE_HEAD.match(compact)
    if not match:
        return None
    rest = compact[match.end():]
    unit = next((u for u in _HEAD_UNITS if rest.startswith(u)), "")
    rest = rest[len(unit):]
    rest = re.sub(r"^(以上|以下|以内)", "", rest)
    if not re.match(r"[\u4e00-\u9fff]", rest) or rest[0] in "底前内后左右起止之的及或和/" \
            or len(re.findall(r"[\u4e00-\u9fff]", rest)) < 3 or any(_label(rest)) or _value_like(rest):
        return None
    return compact[: len(compact) - len(rest)], rest


def _continues(row: list[Cell], cell: Cell) -> bool:
    """A row that ends at its name ("| 经济效益指标 | 减轻贫困学生家庭经济负担 |") goes on in the next
    marked row when that starts with a value ("| 有效 |")."""
    content = [c for c in row if not any(_label(c.text))]
    return len(content) == 1 and not any(_label(cell.text)) and _value_like(cell.text) \
        and not _NUMBER.match(cell.text.strip())


def _names_a_row(label: str, after: str, levels_now: list[str | None]) -> bool:
    """A level word that repeats the level it stands in, right before a value, is a 三级 name
    ("服务对象满意度" / "100%" under 服务对象满意度指标; a project-library row whose 三级 is the 二级's own
    name): a level is followed by a level or a name, never by a value. Bare numbers are left out:
    they are a level's score."""
    level1, level2 = _label(label)
    if not ((level2 and level2 == levels_now[1]) or (level1 and not level2 and level1 == levels_now[0])):
        return False
    return (not any(_label(after)) and not _NUMBER.match(after.strip())
            and (after.strip() in ("定量", "定性") or (bool(re.search(r"\d", after)) and _value_like(after)))
            and not _cell_after_value_only(after))


def _cell_after_value_only(text: str) -> bool:
    return bool(re.fullmatch(r"[(（]?\d+(\.\d+)?分?[)）]?", text.strip()))


_GLUED_HEADER_TAIL = re.compile(r"^(指标目标值|年度指标值|指标值|目标值|指标名称|指标内容|指标|分值|备注|评分标准)+")
_RUN_LEVELS = sorted((v for v in levels.LEVEL_VARIANTS if v.endswith(("指标", "满意度"))), key=len, reverse=True)


def unglue_run(text: str) -> list[str]:
    """A table whose cells all ran together ("产出指标数量指标免费开放天数=300天质量指标…"): cut at
    every level name, and each stretch between two level names into its name and value."""
    pieces: list[str] = []
    rest = text
    while rest:
        head = next((v for v in _RUN_LEVELS if rest.startswith(v)), None)
        if head:
            pieces.append(head)
            rest = rest[len(head):]
            continue
        ends = [at for v in _RUN_LEVELS if (at := rest.find(v, 2)) > 0]
        stretch = rest[: min(ends)] if ends else rest
        rest = rest[len(stretch):]
        pieces.extend(unglue(stretch))
    return pieces


def _strip_note(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]$", "", text)


def _cell_after_value(text: str) -> bool:
    """Cells that follow a value on a row: scores, completed values, bases, short remarks."""
    return _value_like(text) or len(text) <= 4 or bool(re.match(r"^(计划|行业|历史|其他)标准$", text))


def _set_levels(levels_now: list[str | None], label1: str | None, label2: str | None) -> None:
    if label1:
        levels_now[:] = [label1, label2]
    elif label2:
        current = levels_now[0]
        levels_now[:] = [current if current and levels.allowed(current, label2) else
                         (levels.parent_of(label2) or current), label2]


def _read_row(project: Project, table: _Table, levels_now: list[str | None], row: list[Cell],
              source_file: str) -> None:
    # A level label after content starts another row (rows flattened together, or "效益指标(30分)"
    # standing where the previous row's value should be).
    for k in range(1, len(row)):
        if _label(row[k].text)[0] and not _label(row[k - 1].text)[0]:
            _read_row(project, table, levels_now, row[:k], source_file)
            _read_row(project, table, levels_now, row[k:], source_file)
            return
    cells = list(row)
    while cells:
        label1, label2 = _label(cells[0].text)
        if not (label1 or label2):
            break
        if levels_now[1] and len(cells) > 1 and _names_a_row(cells[0].text, cells[1].text, levels_now):
            break
        _set_levels(levels_now, label1, label2)
        cells.pop(0)
    if not cells:
        return
    name, rest = cells[0], [c.text for c in cells[1:]]
    if table.split:
        roles = dict(zip(table.split, rest, strict=False))
        if _COMPARATOR_ONLY.match(roles.get("nature", "")):
            roles["comparator"] = roles["nature"]
        unit = roles.get("unit", "").replace(" ", "")
        if len(unit) > 6 or re.search(r"\d|指标|[,，;；。]", unit):
            roles.pop("unit")  # a blank unit cell left out: what stands there is the next column's (a description)
        value = "".join(roles.get(k, "") for k in ("comparator", "value", "unit") if roles.get(k, "") not in ("无",))
        if not value and len(rest) < len(table.split):
            # Fewer cells than the split header (a merged value cell): the one that reads as a value.
            value = next((c for c in rest if _value_like(c) and c not in ("定量", "定性")), "")
    elif not rest:
        value = ""
    elif 2 <= len(rest) <= len(table.scores) < table.extra and table.value_at not in table.scores \
            and all(_NUMBER.match(c.strip()) for c in rest):
        value = ""  # a parent row with only its scores ("补助各类作物种植面积 | 10 | 10"): no value of its own
    elif len(rest) < table.extra and 0 < table.value_at and all(k in table.scores for k in range(table.value_at)) \
            and not _NUMBER.match(rest[0].strip()) and _value_like(rest[0]):
        value = _assemble(rest, 0)  # the score cells before the value left blank (merged with the row above)
    elif len(rest) >= table.extra or table.value_at == 0:
        value = _assemble(rest, min(table.value_at, len(rest) - 1))
    elif cells[0].row is not None and len(rest) > table.value_at and _value_like(rest[table.value_at]):
        # Fewer cells than the header on a row the text marks: merged cells stand left of the name and
        # blank cells trail, so the columns after the name still count from it.
        value = _assemble(rest, table.value_at)
    else:
        # Fewer cells than the header (merged or empty ones left out): the first that reads as a value,
        # past a bare score where the header puts a score before the value.
        candidates = rest[table.value_at:] if len(rest) > table.value_at and _NUMBER.match(rest[0]) else rest
        value = next((c for c in candidates if _value_like(c)), candidates[0])
    _emit(project, levels_now[0], levels_now[1], name, value, source_file)


_HEADER_HALVES = ("年度", "实际", "全年", "计划", "预期", "年初")


def _header_word(text: str) -> bool:
    return bool(_HEADER_LEVEL.match(text) or text in _SPLIT_HEADERS or _VALUE_HEADER.search(text)
                or _DONE_HEADER.search(text))


def _read_table_header(cells: list[Cell], start: int) -> tuple[_Table, int]:
    """Read the header cells (一级指标 二级指标 三级指标 指标值 …) and count the columns after 三级."""
    table = _Table(extra=0)
    i = start
    after_name: list[str] = []
    halves: list[int] = []
    """Columns whose header stands on two lines, a row of first halves above a row of second halves
    ("年度 实际" over "指标值 完成值"): where the first halves stand, waiting for the second."""
    while i < len(cells) and i < start + 16:
        text = _strip_note(cells[i].text.replace(" ", "")).lstrip("*★")  # "*指标值": a required column
        if i + 1 < len(cells) and not _header_word(text) and _header_word(joined := text + cells[i + 1].text.replace(" ", "")):
            text, i = joined, i + 1  # a header cell the page wrapped: "年度" / "指标值", "实际" / "完成值"
        if _HEADER_LEVEL.match(text) or text in ("绩效指标", "本年度绩效指标", "年度绩效指标", "指标"):
            i += 1
            continue
        if halves and cells[i].line > cells[start].line and cells[i].row != cells[halves[0]].row \
                and _header_word(after_name[halves[0]] + text):
            after_name[halves.pop(0)] += text
            i += 1
            continue
        if text in _SPLIT_HEADERS or _VALUE_HEADER.search(text) or _DONE_HEADER.search(text) or text == "指标方向":
            after_name.append(text)
            i += 1
            continue
        if text in _HEADER_HALVES and any(_header_word(text + w) for w in ("指标值", "完成值", "目标值")):
            halves.append(len(after_name))
            after_name.append(text)
            i += 1
            continue
        break
    table.extra = max(len(after_name), 1)
    table.scores = tuple(k for k, text in enumerate(after_name) if re.fullmatch(r"(分值|得分|权重|指标分值|评分|自评得分)", text))
    table.value_at = next((k for k, text in enumerate(after_name) if _VALUE_HEADER.search(text)
                           and text not in _SPLIT_HEADERS and not re.search(r"实际|完成", text)), 0)
    roles = []
    for text in after_name:
        if text in _SPLIT_HEADERS:
            roles.append(_SPLIT_HEADERS[text])
        elif _VALUE_HEADER.search(text) and "value" not in roles:  # the first value column, not 实际完成值
            roles.append("value")
        else:
            roles.append("other")
    if "comparator" in roles or "unit" in roles:
        table.split = roles[: max(k for k, r in enumerate(roles) if r in ("comparator", "value", "unit", "nature")) + 1]
    return table, i


def _set_head(form: Form, project: Project | None, key: str, text: str, cell: Cell, source_file: str) -> None:
    text = text.strip()
    if key == "name":
        _new_project(form, text, cell.line, source_file)
        return
    if key == "unit":
        form.unit = form.unit or re.sub(r"\s*\d{3,}$", "", text).strip() or None
        return
    if project is None:
        if key in ("total", "fiscal", "other", "period_total"):
            project = _new_project(form, form.title or "", cell.line, source_file)
        else:
            return
    if key == "implementer":
        project.implementer = text
    elif key == "period":
        project.period = text.replace(" ", "")
    elif key in ("total", "fiscal", "other", "period_total"):
        number = _amount(text, form.notes.count("金额以元填报，已换算为万元") > 0)
        if number is None:
            return
        money: Money = project.money
        if key == "total" and money.total is None:
            money.total = number
        elif key == "fiscal" and money.fiscal is None:
            money.fiscal = number
        elif key == "other" and money.other is None:
            money.other = number
        elif key == "period_total" and money.period_total is None:
            money.period_total = number


_NAME_WITH_VALUE = re.compile(r"^(?P<name>.+?)[(（](?P<value>[^()（）]+)[)）]$")


def _value_in_name(text: str) -> tuple[str, str] | None:
    """List layouts write "指标1:机柜数量(≥77台)": with no value cell, a value in the name's closing
    brackets is the value (a bare unit such as "(万元)" is not)."""
    match = _NAME_WITH_VALUE.match(text.strip())
    if not match:
        return None
    inner = match.group("value").strip()
    if _UNIT_ONLY.match(inner) or re.fullmatch(r"万?元|%|％|[\u4e00-\u9fff]/[\u4e00-\u9fff]", inner):
        return None
    numbered = re.match(r"^指标\s*\d+", text.strip())
    if not (numbered or (_value_like(inner) and re.search(r"\d", inner))):
        return None
    return match.group("name"), inner


def _listed_project(cells: list[Cell], table_at: int) -> tuple[Cell, Cell] | None:
    """The last name followed by a bare amount before the table, within a few cells of it: a budget
    listing's 项目 row ("狂犬、乙肝、流感等疫苗及美沙酮药物" / "3000000")."""
    for k in range(table_at - 1, max(table_at - 8, 0), -1):  # table_at: the table's first cell
        name, amount = cells[k - 1], cells[k]
        if re.fullmatch(r"\d+(\.\d+)?", amount.text.replace(",", "")) and len(name.text) <= 60 \
                and len(re.findall(r"[\u4e00-\u9fff]", name.text)) >= 4 and not _head_key(name.text) \
                and not any(_label(name.text)):
            return name, amount
    return None


def _levels_from_order(project: Project) -> bool:
    """Rows read before the table's first level name (its label cells lost in a flattened page) stand
    where the template puts them: before the first labelled 二级, so in the 二级 the template lists just
    before it under the same 一级 (rows before 质量指标 are 数量指标)."""
    rows = [ind for group in project.groups for ind in group.indicators]
    first = next((k for k, ind in enumerate(rows) if ind.level2), None)
    if not first:
        return False
    level1, level2 = rows[first].level1, rows[first].level2
    children = levels.HIERARCHY.get(level1 or "", ())
    if level2 not in children:
        return False
    before = children[max(children.index(level2) - 1, 0)]
    for ind in rows[:first]:
        if ind.level1 or ind.level2:
            return False
    for ind in rows[:first]:
        ind.level1, ind.level2 = level1, before
        ind.level1_raw, ind.level2_raw = "", ""
    return True


def _complete_money(money: Money) -> None:
    """A year's total the form leaves unstated is its parts (财政拨款 + 其他资金); with no parts either,
    the whole period's amount (a one-year project's 中期 equals its year)."""
    if money.total is not None:
        return
    if money.fiscal is not None:
        money.total = round(money.fiscal + (money.other or 0), 6)
    elif money.period_total is not None:
        money.total = money.period_total


_SCORING_NOTE = re.compile(r"(记满分|得满分|酌情扣分|不得分|按.{0,30}(记|计|扣|得)分|扣\d+(\.\d+)?分|^(定量|定性)指标(计算|评分|得分)|^评分(标准|规则|办法)[:：])")
"""The scoring rules a self-evaluation writes under or beside its rows (评(扣)分标准, 定量指标计算: …)."""


def _names_an_indicator(name: str, value: str) -> bool:
    """What stands where a name should is a row's name: not a lone value or score left over from a row
    (a self-evaluation's 实际完成值 or 分值 on a line of its own, "生态效益指标 | 0"), not a pair of scores
    ("7 | 7"), not a scoring rule."""
    compact = name.replace(" ", "")
    if not compact or _SCORING_NOTE.search(compact):
        return False
    if not value and (not re.search(r"[\u4e00-\u9fffA-Za-z]", compact) or compact in ACCEPTED_PHRASES
                      or parse_value(compact).kind in ("quantitative", "date")):
        return False
    return not (_NUMBER.match(compact) and _NUMBER.match(value))


def _emit(project: Project, level1: str | None, level2: str | None, name_cell: Cell, value: str,
          source_file: str) -> None:
    if not value.strip() and (split := _value_in_name(name_cell.text)):
        name_cell, value = Cell(split[0], name_cell.line, name_cell.row), split[1]
    elif not value.strip() and len(pieces := unglue(name_cell.text)) == 2 and not any(_label(pieces[0])) \
            and re.search(r"\d", pieces[1]):
        # "养护里程≥320公里" with no value cell: the value run into the name (the cell break lost)
        name_cell, value = Cell(pieces[0], name_cell.line, name_cell.row), pieces[1]
    name = re.sub(r"^指标\s*\d+\s*[:：.、]?\s*", "", name_cell.text)
    name = _PLACEHOLDER.sub("", name.replace("★", "")).strip().lstrip("*").strip()
    written = value.replace(" ", "")
    if not _names_an_indicator(name, written):
        return
    parsed = parse_value(_value_text(written), name=name)
    parsed.raw = written
    if level2 and not level1:
        level1 = levels.parent_of(level2)
    if level1 == levels.SATISFACTION and not level2:
        level2 = levels.SERVICE_SATISFACTION  # the one 二级 most forms have under 满意度
    indicator = Indicator(level1=level1, level2=level2, level1_raw=level1 or "", level2_raw=level2 or "",
                          name=name, name_raw=name_cell.text, value=parsed,
                          source=SourceRef(file=source_file, line=name_cell.line))
    project.groups[-1].indicators.append(indicator)


__all__ = ["Cell", "cells_of", "detect_kind", "read_published", "parse_split"]
