"""R1: output indicators follow from what the project says it does.

Source: the four review aspects (a 2018 city finance notice: "加强对绩效目标的可行性、相关性、
完整性和适当性等要素的审核力度"); DOMAIN.md (each main activity in 主要内容 / 年度目标 has
an output indicator, and nothing unrelated is added).

Main activities: on a project form, the items a reviewer would tick off in the content
and goal text — clauses that cite a basis (依据…要求) or state a purpose (确保…, 提高…)
are not activities; an enumeration (卫生健康宣传、医疗废物处置、卫生服务站基本运行) gives one
activity per item. On a whole-unit form, the budget tasks are the activities. A form
without either (seed 004 states only long duties) is not checked for coverage.
Words are related when a content word of one occurs in the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.corpus import levels
from assistant.validate.rules.kinds import OUTPUT_PARTS, compact
from assistant.validate.rules.registry import Issue, Row, Scope, rule
from assistant.validate.rules.words import content_words

_BASIS = re.compile(r"依据|根据|按照|按上级|要求|通知|文件|政策|规定|安排部署|需要|精神|指示|职责职能")
_PURPOSE = re.compile(r"^(提高|提升|促进|确保|缓解|推动|增强|改善|营造|实现|满足|保持|力争|以|从而|为了|使|让)")
_PURPOSE_MID = re.compile(r"(缓解|从而|以便|进而|以确保|以提高|提高|提升)")
_LEAD = re.compile(r"^(保障|扎实|做好|组织|开展|实施|进行|向|对|负责|用于|主要用于|支持|完成|落实|加强|推进|提供|继续|全面|"
                   r"积极|切实|认真)+")
_FOR_WHOM = re.compile(r"^为.{0,12}?提供")
_TAIL = re.compile(r"(等.*|顺利(有序)?开展$|工作$)")
_CLAUSE = re.compile(r"[。；;，,：:\n]")
_ITEM = re.compile(r"、|以及|及|和|与")
_MIN_ITEM = 4
_CONTENT_HITS = 2


@dataclass(frozen=True)
class Activity:
    label: str
    words: frozenset[str]
    context: frozenset[str] = frozenset()  # a budget task's 主要内容: weaker evidence, needs several hits


def _items(clause: str) -> list[str]:
    clause = re.sub(r"\s+", "", clause)
    if not clause or _BASIS.search(clause) or _PURPOSE.match(clause):
        return []
    clause = _PURPOSE_MID.split(clause)[0]
    clause = _FOR_WHOM.sub("", _LEAD.sub("", clause))
    clause = _TAIL.sub("", clause)
    parts = [p for p in _ITEM.split(clause) if p]
    if parts and "的" in parts[-1]:
        # 甲、乙、丙人员的健康检查: the items qualify one head noun, so the clause is one activity.
        return [clause] if len(clause) >= _MIN_ITEM else []
    return [item for p in parts if len(item := _LEAD.sub("", p)) >= _MIN_ITEM]


def activities(scope: Scope) -> list[Activity]:
    project = scope.project
    if project.tasks:
        return [Activity(task.name, content_words(task.name), content_words(task.content))
                for task in project.tasks if content_words(task.name)]
    texts = dict.fromkeys(t for t in (project.content, project.annual_goal) if t)
    seen: dict[str, Activity] = {}
    for text in texts:
        for clause in _CLAUSE.split(text):
            for item in _items(clause):
                words = content_words(item)
                if words and item not in seen:
                    seen[item] = Activity(item, words)
    return list(seen.values())


def _related(words: frozenset[str], text: str) -> bool:
    return any(word in text for word in words)


def _covers(activity: Activity, rows: list[Row]) -> bool:
    for row in rows:
        name = compact(row.name)
        ind_words = content_words(name)
        if _related(activity.words, name) or _related(ind_words, activity.label):
            return True
        if activity.context and len(ind_words & activity.context) >= _CONTENT_HITS:
            return True
    return False


def _project_text(scope: Scope) -> str:
    form, project = scope.form, scope.project
    parts = [project.text(), *(g.title for g in project.groups)]
    if not scope.is_project_form:
        parts += [*form.goals.values(), *form.functions]
    return compact("\n".join(p for p in parts if p))


@rule("R1", severity="warn", aspect="相关性", title="主要内容中的每项活动都有产出指标，产出指标都与内容相关",
      source="2018年市级财政通知：加强对绩效目标的可行性、相关性、完整性和适当性等要素的审核力度")
def output_follows_content(scope: Scope) -> Iterator[Issue]:
    outputs = [row for row in scope.rows if row.level1 == levels.OUTPUT and row.level2 in OUTPUT_PARTS]
    text = _project_text(scope)
    if not compact(scope.project.content + scope.project.annual_goal) and not scope.project.tasks \
            and not scope.form.goals:
        yield Issue("没有填写主要内容或年度目标，无法核对指标与项目内容是否相关", severity="info",
                    suggestion="填写项目的主要内容或年度目标")
        return
    if not scope.is_project_form and not scope.project.tasks:
        yield Issue("整体支出表没有预算任务表，无法逐项核对主要工作是否都有产出指标", severity="info",
                    suggestion="填写预算任务（任务名称、主要内容、金额）")
        return
    missing = [a for a in activities(scope) if not _covers(a, outputs)]
    if missing:
        names = "、".join(f"“{a.label}”" for a in missing)
        where = "预算任务" if scope.project.tasks else "主要内容"
        yield Issue(f"{where}中的{names}没有对应的产出指标", text="、".join(a.label for a in missing),
                    suggestion=f"为每项主要工作增加产出指标，如“{missing[0].label}”的数量、完成率或及时率")
    if not scope.is_project_form:
        return  # a unit's task table summarises; its sub-activities are rarely named there
    unrelated = [(row, words) for row in outputs
                 if (words := content_words(compact(row.name))) and not _related(words, text)]
    if outputs and len(unrelated) * 2 > len(outputs):
        # Most outputs unexplained: the content is too vague, not the indicators wrong.
        rows = "、".join(f"第{row.position}行" for row, _ in unrelated)
        yield Issue(f"主要内容没有写明具体工作：{len(unrelated)}条产出指标（{rows}）在项目名称、主要内容和目标中都找不到"
                    f"对应的工作", unrelated[0][0], text=unrelated[0][0].name,
                    suggestion=f"在主要内容中写明项目的具体工作（如{'、'.join(_subject(r) for r, _ in unrelated[:3])}），"
                               "使每条产出指标都有依据")
        return
    for row, words in unrelated:
        yield Issue(f"{row.label}：项目名称、主要内容和目标中都没有提到“{'、'.join(_main_words(words))}”，"
                    f"请核对这条指标是否属于本项目", row,
                    suggestion="若属于本项目，在主要内容中写明相应工作；若不属于，删去这一行")


def _main_words(words: frozenset[str]) -> list[str]:
    """The longest words only: 技术鉴定 rather than 技术, 鉴定 and 技术鉴定."""
    return sorted(w for w in words if not any(w != other and w in other for other in words))


def _subject(row: Row) -> str:
    """住宿场所检查数量 → “住宿场所检查”: what the indicator counts or rates."""
    return f"“{re.sub(r'(数量|人数|次数|个数|户数|完成率|覆盖率|准确率|合格率|率|数)$', '', compact(row.name))}”"
