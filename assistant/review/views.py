"""What the web app shows, as plain data: the mode banner, findings, drafts and history
tables. Pure functions, so the gradio layer in app.py only places them in widgets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from assistant.review.store import DraftInfo, local_time
from assistant.review.workflow import REVIEW_MARK, DraftState, needs_review_count
from assistant.settings import Settings
from assistant.validate.findings import SEVERITY_TEXT, Finding, sort_findings

FINDING_COLUMNS = ("行", "级别", "规则", "问题", "建议")
DRAFT_COLUMNS = ("编号", "项目", "状态", "版本", "创建人", "创建时间", "最后修改人", "最后修改时间")
HISTORY_COLUMNS = ("时间", "草稿", "用户", "操作", "内容")
CITATION_COLUMNS = ("来源", "项目", "二级指标", "三级指标", "指标值")

# Markdown's own marks (a backslash before each shows it as itself); a line break would end a table row.
_MARKDOWN_MARKS = re.compile(r"([\\`*_\[\]|~#$])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def plain(value: object) -> str:
    """Text from data (a name, a value, an uploaded file's name, a message quoting them) as Markdown
    that shows it exactly as written: `& < >` become HTML entities, so `<img src=…>` is read, never
    rendered or fetched; Markdown's marks are escaped, so data never formats text or breaks a table."""
    text = html.escape("" if value is None else str(value), quote=False)
    return _MARKDOWN_MARKS.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


_ACTION_TEXT = {"create": "新建", "save": "保存新版本", "rename": "改名", "status": "改状态", "approve": "审核通过",
                "delete": "删除", "decide": "行审核"}
_DECISION_TEXT = {"keep": "保留", "delete": "删除", "redraft": "重新起草", "edit": "修改"}


def mode_banner(settings: Settings) -> str:
    if settings.llm_configured:
        return (f"**当前模式：大模型起草** —— 接口 `{settings.llm_base_url}`，模型 `{settings.llm_model}`。"
                "接口中途出错时，已填写的内容和已起草的部分都会保留，并用中文说明错误；可改用离线引擎重试。")
    return ("**当前模式：离线引擎起草** —— 未配置大模型（JXMB_LLM_BASE_URL），"
            "按语料库中相似项目的指标起草，每行都注明来源。")


def draft_status(state: DraftState, message: str = "") -> str:
    """The 起草 tab's status line for a stored version: id, version, status, engine, findings,
    then the message of the step, the engine's notes and its error."""
    draft = state.draft
    engine = f"大模型 {plain(draft.model)}".strip() if draft.engine == "llm" else "离线引擎"
    parts = [f"草稿 `{state.id}` · 第 {state.version} 版 · {state.info.status} · {engine} · "
             f"{findings_summary(state.findings)}"]
    if message:
        parts.append(plain(message))
    marked = needs_review_count(draft.rows)
    if marked:
        parts.append(f"**{marked} 行标了{REVIEW_MARK}**（黄色底）：数值照抄自其他项目或是占位值，请按本项目实际核定；"
                     "改过的行不再标出。")
    if draft.notes:
        parts.append(f"说明：{plain('；'.join(draft.notes))}")
    if draft.error:
        parts.append(f"**起草出错：** {plain(draft.error)}（已填写的内容已保存，可修改后重试）")
    return "\n\n".join(parts)


def findings_table(findings: Sequence[Finding]) -> list[list[Any]]:
    return [[f.position or "", SEVERITY_TEXT[f.severity], f.rule, f.message, f.suggestion or ""]
            for f in sort_findings(list(findings))]


def findings_summary(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_TEXT}
    if not findings:
        return "检查通过：没有发现问题"
    return "，".join(f"{SEVERITY_TEXT[s]} {n} 个" for s, n in counts.items())


def findings_by_project(findings: Sequence[Finding]) -> str:
    """Markdown: one section per project, each finding with its suggestion."""
    if not findings:
        return "检查通过：没有发现问题。"
    lines: list[str] = [f"共 {len(findings)} 条：{findings_summary(findings)}", ""]
    for project, items in groupby(sort_findings(list(findings)), key=lambda f: f.project or "（整张表）"):
        lines.append(f"### {plain(project)}")
        for f in items:
            tip = f" —— 建议：{plain(f.suggestion)}" if f.suggestion else ""
            lines.append(f"- 【{SEVERITY_TEXT[f.severity]} {plain(f.rule)}】{plain(f.row_message())}{tip}")
        lines.append("")
    return "\n".join(lines)


def drafts_table(drafts: Sequence[DraftInfo]) -> list[list[Any]]:
    return [[d.id, d.title, d.status, d.version, d.created_by, _time(d.created_at), d.updated_by, _time(d.updated_at)]
            for d in drafts]


def history_table(events: Sequence[dict[str, Any]], titles: dict[str, str] | None = None) -> list[list[Any]]:
    """Who changed what and when, newest first; `titles` (draft id → project name) names the draft."""
    rows = []
    for e in reversed(events):
        detail = e["detail"]
        if e["action"] == "decide":
            text = f"{detail.get('row', '')}：{_DECISION_TEXT.get(detail.get('decision'), detail.get('decision'))}"
        elif e["action"] == "save":
            text = f"第 {detail.get('version')} 版 {detail.get('note', '')}"
        elif e["action"] == "approve":
            reason = detail.get("override_reason")
            text = f"第 {detail.get('version')} 版" + (f"，带错误通过，理由：{reason}" if reason else "")
        else:
            text = "，".join(f"{v}" for v in detail.values() if v)
        draft_id = e.get("draft_id") or ""
        title = (titles or {}).get(draft_id)
        draft = f"{title}（{draft_id}）" if title else draft_id
        rows.append([_time(e["at"]), draft, e["user"], _ACTION_TEXT.get(e["action"], e["action"]), text])
    return rows


def _time(iso: str) -> str:
    return local_time(iso)


def approval_message(form_id: str, files: Sequence[str], rows_indexed: int | None) -> str:
    """What the approver reads after approving, in plain words."""
    learnt = f"，{rows_indexed} 行指标已可被检索" if rows_indexed else ""
    return (f"**已审核通过**，已加入语料库（{plain(form_id)}）{learnt}，以后的起草和问答可以引用它。"
            f"已导出到 data/exports：{plain('、'.join(files))}。")


def check_report(file_name: str, form: Any, findings: Sequence[Finding]) -> str:
    """The 检查 tab's Markdown for an uploaded file: its name, its projects, the findings by project."""
    count = len(form.projects) if form is not None else 0
    return f"**{plain(file_name)}**：{count} 个项目。\n\n" + findings_by_project(findings)


def answer_markdown(answer: Any) -> str:
    """An Ask answer as the chat shows it: the text, the cited rows as a table, the notes."""
    reply = plain(answer.text) + citations_markdown(answer)
    if answer.notes:
        reply += "\n\n" + plain("；".join(answer.notes))
    return reply


def citations_markdown(answer: Any) -> str:
    """The answer's cited rows (the first 12) as a Markdown table, every cell escaped."""
    if not answer.citations:
        return ""
    label = "最接近的行（不是确切答案）" if answer.closest else "引用"
    head = "| " + " | ".join(CITATION_COLUMNS) + " |\n|" + "---|" * len(CITATION_COLUMNS) + "\n"
    body = "".join("| " + " | ".join(plain(cell) for cell in (c.source or c.id, c.project, c.level2 or "", c.name,
                                                                 c.value)) + " |\n"
                   for c in answer.citations[:12])
    return f"\n\n**{label}：**\n\n{head}{body}"


def review_styles(rows_needing_review: Sequence[bool], columns: int, value_column: int) -> list[list[str]]:
    """Cell styles for the draft table: the 指标值 and 来源 cells of a row to check get a yellow ground."""
    mark = "background-color: #fff3b0; font-weight: 600;"
    return [[mark if needs and c in (value_column, columns - 1) else "" for c in range(columns)]
            for needs in rows_needing_review]
