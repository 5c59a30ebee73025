"""What questions can name, drawn from the forms: items ("项目" in a question), unit aliases,
years and indicator rows (pure core).

"项目" is read three ways, by what each form holds: a project of a project form (seed 003),
a budget task of a whole-unit or self-evaluation form's task table (000, 001, 002), and,
for a whole-unit form without a task table, its 职能 / 目标 groups (004). `Item.kind` says
which, and answers name it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.corpus.folder import IndicatorRecord, indicator_records
from assistant.corpus.schema import Form
from assistant.corpus.units import clean_unit

ItemKind = Literal["project", "task", "group"]
NEAREST_UNITS = 3
"""How many units a miss names as the nearest to an unknown one."""

ITEM_KIND_TEXT = {"project": "项目", "task": "预算任务", "group": "职能/目标分组"}

# Common short forms of place and agency names, as people say them (大连高新技术产业园区 → 大连高新区,
# 市场监督管理局 → 市场监管局); a unit is also named by its name with these applied.
_ABBREVIATIONS = (("高新技术产业园区", "高新区"), ("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"),
                  ("经济开发区", "经开区"), ("市场监督管理局", "市场监管局"), ("卫生健康委员会", "卫健委"),
                  ("卫生健康局", "卫健局"), ("卫生和计划生育委员会", "卫计委"), ("文化和旅游局", "文旅局"),
                  ("文化旅游体育局", "文旅体局"), ("文化广电和旅游局", "文广旅局"), ("发展和改革委员会", "发改委"),
                  ("发展和改革局", "发改局"), ("科学技术局", "科技局"), ("管理委员会", "管委会"),
                  ("人力资源和社会保障局", "人社局"), ("住房和城乡建设局", "住建局"), ("住房和建设局", "住建局"),
                  ("林业和草原局", "林草局"), ("应急管理局", "应急局"), ("交通运输局", "交通局"),
                  ("教育体育局", "教体局"), ("城市管理和综合执法局", "城管局"), ("民族宗教事务局", "民宗局"),
                  ("残疾人联合会", "残联"), ("供销合作社联合社", "供销社"), ("疾病预防控制中心", "疾控中心"),
                  ("自然资源和规划局", "自然资源局"), ("生态环境局", "环保局"), ("农业农村局", "农业局"))
# the provinces, which a unit's name may begin with and people leave out (安徽金寨经济开发区 → 金寨经开区)
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
              "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆")
# a note in a unit field that names another unit of the form (实施单位: 嘉峪关城市博物馆, 主管部门: …)
_UNIT_NOTE = re.compile(r"[(（](?:[^()（）:：]*(?:单位|部门))\s*[:：]\s*(?P<unit>[^()（）]+)[)）]")
_CITY_DISTRICT = re.compile(r"^(?:.+?省)?(?P<city>.+?市)(?P<district>.+?[区县])$")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_GENERIC_SUFFIXES = ("专项经费", "工作经费", "业务经费", "运行经费", "补助经费", "工作业务经费", "经费", "专项资金",
                     "资金", "专项", "项目", "部门整体支出")
_GROUP_PREFIX = re.compile(r"^(?:职能|长期目标|年度指标|年度目标|目标)\s*\d+\s*[:：]\s*")
_NAME_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?|^(?:19|20)\d{2}(?!\d)")
# a unit's name is its place, level by level (省 / 市 / 区 …), then its agency (人民法院, 体育局)
# (池州市 and 原州区: 州 ends a place only as 自治州)
_PLACE_LEVEL = r"[^省市区县旗镇乡]{%d,8}?(?:自治区|自治州|省|市|盟|区|县|旗|镇|乡|街道)"


@dataclass(frozen=True)
class Item:
    id: str
    kind: ItemKind
    form: str
    year: int | None
    unit: str | None
    project_id: str
    project: str
    name: str
    money: float | None
    source: str | None
    group: str | None = None
    """For a group item: the group title its indicator rows carry."""
    fiscal: float | None = None
    other: float | None = None
    places: tuple[str, ...] = ()
    """The unit's place names (岳阳县), which a name may begin with and a question says apart."""

    @functools.cached_property
    def core(self) -> str:
        """The name without brackets, numbering, years, the unit's place and generic endings: the
        part a person says (岳阳县2022年高标准农田建设项目 → 高标准农田建设)."""
        name = _GROUP_PREFIX.sub("", _BRACKETS.sub("", self.name)).strip("。. ")
        name = _NAME_YEAR.sub("", name)
        for place in sorted(self.places, key=len, reverse=True):
            if name.startswith(place) and len(name) > len(place) + 3:
                name = name[len(place):]
                break
        stripped = True
        while stripped:  # 标准化工作专项补助经费 → 标准化工作
            stripped = False
            for suffix in sorted(_GENERIC_SUFFIXES, key=len, reverse=True):  # 工作业务经费 before 业务经费
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    name, stripped = name[: -len(suffix)], True
                    break
        return name


@dataclass
class Catalog:
    forms: list[Form]
    items: list[Item]
    records: list[IndicatorRecord]
    aliases: dict[str, set[str]] = field(default_factory=dict)
    """unit alias (福田, 大连高新区 …) → form ids."""
    weights: dict[str, float] = field(default_factory=dict)
    """How distinctive each character is among the items' names (inverse document frequency):
    项 / 目 / 建 / 设 / 经 / 费 weigh little, 岳 / 农 / 田 much."""

    @classmethod
    def from_forms(cls, forms: list[Form]) -> Catalog:
        aliases: dict[str, set[str]] = {}
        for form in forms:
            for alias in unit_aliases(form):
                aliases.setdefault(alias, set()).add(form.id)
        items = [i for f in forms for i in form_items(f)]
        return cls(forms=list(forms), items=items, records=indicator_records(forms), aliases=aliases,
                   weights=char_weights([i.core for i in items]))

    def weight(self, text: str) -> float:
        """The summed distinctiveness of a text's characters (an unseen character weighs most)."""
        top = max(self.weights.values(), default=1.0)
        return sum(self.weights.get(ch, top) for ch in text if not ch.isspace())

    @functools.cached_property
    def units(self) -> dict[str, str]:
        """form id → the unit's name without codes and notes (六安市金安区体育局)."""
        return {f.id: clean_unit(f.unit) for f in self.forms if f.unit}

    @property
    def years(self) -> list[int]:
        """Every year a form is for or states money for (seed 001 gives 2019 beside 2020)."""
        return self.years_of({f.id for f in self.forms})

    def years_of(self, form_ids: set[str]) -> list[int]:
        years = {f.year for f in self.forms if f.id in form_ids and f.year}
        years |= {b.year for f in self.forms if f.id in form_ids for b in f.budget if b.year}
        return sorted(years)

    def form(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def texts(self) -> list[str]:
        """Every name a question may quote, for telling an unknown place from a known word."""
        names = [f.unit or "" for f in self.forms] + [f.region or "" for f in self.forms]
        return names + [i.name for i in self.items] + [r["name"] for r in self.records]

    def nearest_units(self, words: list[str], form_ids: set[str], k: int = NEAREST_UNITS) -> list[str]:
        """The units (of `form_ids`) whose names share the most with the asked words, for a miss
        message that names a few, not every unit of the corpus."""
        from assistant.ask.match import subsequence_length

        def score(form_id: str) -> tuple[bool, int]:
            # a unit at the asked place first (福田区教育局 → 福田区卫生健康局), then by shared characters
            at_place = any(alias in w for alias, ids in self.aliases.items() if form_id in ids for w in words)
            return at_place, max((subsequence_length(w, self.units[form_id]) for w in words), default=0)

        scored = sorted(((score(f), self.units[f]) for f in form_ids if f in self.units),
                        key=lambda s: (not s[0][0], -s[0][1], s[1]))
        near = [name for (at_place, shared), name in scored if at_place or shared >= 2]
        return list(dict.fromkeys(near))[:k]

    @functools.cached_property
    def parts(self) -> dict[str, list[str]]:
        """A total row's id → its parts' ids, the rows listed under it (`row_parts`)."""
        return row_parts(self.records)

    @functools.cached_property
    def plain_texts(self) -> list[str]:
        """`texts()` without punctuation: 城中村住宅区 is in 城中村、住宅区任务完成套数."""
        return [re.sub(r"[\s、，,（）()“”]", "", t) for t in self.texts()]


PART_ENDING = 4
"""Characters of a heading's name its unmarked parts' names end with (种植面积, 养殖数量)."""


def row_parts(records: list[IndicatorRecord]) -> dict[str, list[str]]:
    """The rows a form lists as the parts of a total, by the total's id: the rows right after it
    marked 其中 (补助各类瓜果蔬菜种植面积 29.5亩 → 其中桃树种植面积 1.5亩, 其中露天蔬菜 20亩 …), or, under a
    heading without a value, the rows after it whose names end like its own (补助家畜家禽养殖数量 →
    猪养殖数量 80头, 鸡养殖数量 500只 …)."""
    parts: dict[str, list[str]] = {}
    for n, head in enumerate(records):
        if head["name"].startswith("其中"):
            continue
        ending = _BRACKETS.sub("", head["name"])[-PART_ENDING:]
        marked = None
        found = []
        for row in records[n + 1:]:
            if (row["form"], row["project_id"]) != (head["form"], head["project_id"]):
                break
            is_marked = row["name"].startswith("其中")
            unmarked = not head["value_raw"] and len(ending) == PART_ENDING and bool(row["value_raw"]) and (
                _BRACKETS.sub("", row["name"]).endswith(ending))
            if marked is None and (is_marked or unmarked):
                marked = is_marked
            if not (is_marked if marked else unmarked and not is_marked):
                break
            found.append(row["id"])
        if found:
            parts[head["id"]] = found
    return parts


def char_weights(names: list[str]) -> dict[str, float]:
    names = list(dict.fromkeys(names))
    counts: dict[str, int] = {}
    for name in names:
        for ch in set(name):
            counts[ch] = counts.get(ch, 0) + 1
    return {ch: math.log((len(names) + 1) / n) for ch, n in counts.items()}


def split_unit(unit: str) -> tuple[list[str], str]:
    """A clean unit name as its places, level by level, and its agency:
    天津市河北区人民法院 → ([天津市, 河北区], 人民法院); 扎赉特旗人民检察院 → ([扎赉特旗], 人民检察院)."""
    places: list[str] = []
    rest = unit
    while len(places) < 4:
        match = re.match(_PLACE_LEVEL % (1 if not places else 2), rest)
        # the place is followed by an agency of two characters at least (湘潭市城市管理… is not 城市)
        if not match or len(rest) - match.end() < 2 or match.group(0).startswith("自治"):
            break
        places.append(match.group(0))
        rest = rest[match.end():]
    return places, rest


def unit_places(form: Form) -> list[str]:
    """The places a form's unit is of (its region's levels and its own name's), also said short (金安)."""
    places, _ = split_unit(clean_unit(form.unit))
    match = _CITY_DISTRICT.match(form.region or "")
    if match:
        places += [match["city"], match["district"]]
    elif form.region:
        places.append(form.region)
    places += [_short_place(p) for p in places] + [s for p in places for s in sorted(_autonomous_short(p))]
    return list(dict.fromkeys(places))


def listed_units(unit: str | None) -> list[str]:
    """The units a form's unit field names, each as people say it: "县财政局 (主管部门); 安徽金寨经济开发区
    管理委员会 (实施单位)" → both; "嘉峪关市文化和旅游局 (项目实施单位: 嘉峪关城市博物馆)" → both."""
    if not unit:
        return []
    noted = [clean_unit(m["unit"]) for m in _UNIT_NOTE.finditer(unit)]
    parts = [clean_unit(_BRACKETS.sub("", part)) for part in re.split(r"[;；]", _UNIT_NOTE.sub("", unit))]
    return list(dict.fromkeys(u.replace(" ", "") for u in parts + noted if u.strip()))


def spellings(unit: str) -> list[str]:
    """A unit's name as written and with the common short forms applied (市场监督管理局 → 市场监管局), also
    without the party's prefix people leave out (中共宁德市委党史和地方志研究室 → 宁德市委党史和地方志研究室)."""
    names = [unit] + [unit[len(prefix):] for prefix in _PARTY_PREFIXES if unit.startswith(prefix)]
    shorts = []
    for name in names:
        for long, abbreviation in _ABBREVIATIONS:
            name = name.replace(long, abbreviation)
        shorts.append(name)
    return list(dict.fromkeys(names + shorts))


_PARTY_PREFIXES = ("中国共产党", "中共")


def agency_of(unit: str) -> str:
    """A unit's name after its places (遂宁市市场监督管理局经开区分局 → 市场监督管理局经开区分局)."""
    return split_unit(unit)[1]


def _without_province(place: str) -> str | None:
    for province in _PROVINCES:
        rest = place[len(province):]
        if place.startswith(province) and len(_short_place(rest)) >= 2 and not rest.startswith(("省", "市", "自治")):
            return rest
    return None


def unit_aliases(form: Form) -> set[str]:
    """The names a person may use for a form's unit: the unit, its region, their places and short
    forms (天津市河北区人民法院 → 河北区, 天津, 天津河北区), for each unit its field lists, also with
    the common short forms (遂宁市场监管局, 金寨经开区)."""
    names = {n for n in (form.unit, form.region, clean_unit(form.unit)) if n}
    for unit in listed_units(form.unit):
        for spelled in spellings(unit):
            names.add(spelled)
            places, agency = split_unit(spelled)
            bare = [p for p in map(_without_province, places) if p]
            if places and agency:  # 遂宁市场监管局, 甘孜州市场监管局, 金寨经开区管委会: the place said short
                for place in [places[-1]] + bare[-1:]:
                    shorts = _autonomous_short(place) | ({_short_place(place)} if place.endswith(("市", "县")) else set())
                    names.update(short + agency for short in shorts | {place} if len(short) >= 2)
            for place in places + bare:
                names.add(place)
                if len(place) > 2:
                    names.add(_short_place(place))
                names.update(_autonomous_short(place))
            if len(places) >= 2:  # 天津河北区, 六安金安区: the city said short before the district
                names.add(_short_place(places[-2]) + places[-1])
    region = form.region or ""
    for long, short in _ABBREVIATIONS:
        if long in region:
            names.add(region.replace(long, short))
            names.add(short)
    match = _CITY_DISTRICT.match(region)
    if match:
        city, district = match["city"], match["district"]
        names.update({city, district})
        if len(city) > 2:
            names.add(city[:-1])
        if len(district) > 2:
            names.add(district[:-1])
    elif region.endswith(("市", "县", "区")) and len(region) > 2:
        names.add(region[:-1])
    # a name that begins with a bare level (区疾控中心, 县农业农村局) says no place: any 区's 疾控中心
    return {n for n in names if len(n) >= 2 and n[0] not in _LEVEL_CHARS}


_LEVEL_CHARS = "省市区县旗镇乡"
# the peoples an autonomous place is named after (甘孜藏族自治州, 湘西土家族苗族自治州), which people leave out
_PEOPLES = ("藏|彝|苗|侗|土家|蒙古|回|维吾尔|哈萨克|柯尔克孜|壮|瑶|白|傣|哈尼|景颇|傈僳|朝鲜|布依|羌|黎|满|畲|土|"
            "撒拉|纳西|拉祜|佤|仡佬|水|仫佬|毛南|达斡尔|鄂温克|鄂伦春|锡伯|东乡|保安|裕固|独龙|怒|普米|阿昌|德昂|"
            "布朗|基诺|塔吉克")
_AUTONOMOUS = re.compile(r"^(?P<name>[\u4e00-\u9fa5]{2,4}?)(?:(?:" + _PEOPLES + r")族)+自治(?P<level>州|县|旗)$")


def _autonomous_short(place: str) -> set[str]:
    """An autonomous place said without its peoples: 甘孜藏族自治州 → 甘孜州, 甘孜."""
    match = _AUTONOMOUS.match(place)
    return {match["name"] + match["level"], match["name"]} if match else set()


def _short_place(place: str) -> str:
    for level in ("自治区", "自治州", "省", "市", "盟", "区", "县", "旗", "镇", "乡", "街道"):
        if place.endswith(level) and len(place) - len(level) >= 2:
            return place[: -len(level)]
    return place


def form_items(form: Form) -> list[Item]:
    items: list[Item] = []
    places = tuple(unit_places(form))
    for project in form.projects:
        base = functools.partial(Item, form=form.id, year=form.year, unit=form.unit, project_id=project.id,
                                 project=project.name, places=places)
        if form.kind == "project" or _is_named_project(project, form):
            items.append(base(id=project.id, kind="project", name=project.name, money=project.money.total,
                              fiscal=project.money.fiscal, other=project.money.other,
                              source=_label(project.source, form)))
        else:
            items.extend(base(id=f"{project.id}/t{n}", kind="task", name=task.name, money=task.money.total,
                              fiscal=task.money.fiscal, other=task.money.other, source=_label(task.source, form))
                         for n, task in enumerate(project.tasks, start=1))
            # 职能 / 目标 groups are items too: without a task table they are what “项目” means, and
            # beside one (seed 001) they are still what “年度指标1” names
            # a whole-unit form's one group is the whole of it (宁德市委党史和地方志研究室): its money is the form's
            whole = len(project.groups) == 1 and not project.tasks
            items.extend(base(id=f"{project.id}/g{n}", kind="group", name=group.title,
                              money=project.money.total if whole else None,
                              fiscal=project.money.fiscal if whole else None,
                              other=project.money.other if whole else None,
                              source=_group_source(group), group=group.title)
                         for n, group in enumerate(project.groups, start=1)
                         if not project.tasks or group.kind in ("function", "goal"))
    return items


def _is_named_project(project, form: Form) -> bool:
    """A self-evaluation or whole-unit form about one project (临时救助, 河西村特色种养补贴到户项目),
    not about its unit as a whole: no task table, no 职能 / 目标 groups, and a name that is not the unit's."""
    if project.tasks or any(g.kind != "project" for g in project.groups):
        return False
    name = project.name.replace(" ", "")
    unit = clean_unit(form.unit).replace(" ", "")
    return not (name == unit or name.endswith("整体支出") or unit and name.startswith(unit))


def _label(source, form: Form) -> str | None:
    """A task's or project's source line, with the raw/ folder its indicator rows carry."""
    if source is None:
        return None
    folder = form.source_file.rsplit("/", 1)[0] + "/" if "/" in form.source_file else ""
    label = source.label()
    return label if "/" in source.file or not folder else folder + label


def _group_source(group) -> str | None:
    first = next((i.source for i in group.indicators if i.source), None)
    return first.label() if first else None
