"""LLM commands: check the configured endpoint, show the call log.

The LLM stack (openai, langchain) is imported inside the commands, so that registering
them costs nothing for the other commands and for `assistant --help`.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Annotated

import typer

from assistant.cli._app import app, out
from assistant.cli.chinese import ChineseTyper
from assistant.errors import UserError

llm_app = ChineseTyper(help="大模型服务（OpenAI 兼容接口）。")
app.add_typer(llm_app, name="llm")

PURPOSE_TEXT = {"draft": "起草", "repair": "修正", "suggest": "建议", "goal": "绩效目标", "ask_plan": "问答查询计划",
                "ask_answer": "问答", "extraction": "抽取", "check": "连接检查"}


@llm_app.command("check")
def llm_check() -> None:
    """按当前设置向大模型服务发一次简短请求，报告是否可用、用时和令牌数。"""
    from assistant.llm.client import OpenAIChatModel, check

    model = OpenAIChatModel.from_settings()
    completion = check(model)
    usage = completion.usage
    tokens = (f"{usage.total_tokens}（提示 {usage.prompt_tokens} + 生成 {usage.completion_tokens}）"
              if usage else "服务未报告")
    out.print(f"大模型服务可用：{model.base_url}", highlight=False)
    out.print(f"模型：{completion.model}；结构化输出：{model.structured}（答复格式正确）；用时 {completion.latency:.1f} 秒；"
              f"令牌：{tokens}", highlight=False)
    out.print(f"答复：{completion.text.strip()}", highlight=False)


@llm_app.command("log")
def llm_log(limit: Annotated[int, typer.Option("--limit", min=1, help="显示最近多少次调用")] = 20,
            draft: Annotated[str | None, typer.Option("--draft", help="只显示这个草稿编号的调用")] = None) -> None:
    """显示最近的大模型调用。

    每行一次调用，以制表符分隔：时间、用途、草稿、模型、结果、令牌和用时。"""
    from assistant.llm.call_log import CallLog
    from assistant.settings import get_settings

    path = get_settings().database
    try:
        calls = CallLog(path).recent(limit=limit, draft_id=draft)
    except sqlite3.Error as exc:
        raise UserError(f"无法读取大模型调用记录 {path}（{exc}）", hint="请检查 JXMB_DB_PATH 指向的数据库文件") from None
    if not calls:
        out.print("还没有大模型调用记录" + (f"（草稿 {draft}）" if draft else ""), highlight=False)
        return
    # One tab-separated line per call: a log is read with grep and cut, not in a wrapped table.
    lines = ["\t".join(("编号", "时间", "用途", "草稿", "模型", "结果", "令牌", "用时（秒）", "重试"))]
    for c in calls:
        result = "成功" if c.outcome == "ok" else f"失败：{c.error or c.outcome}"
        tokens = str(c.usage.total_tokens) if c.usage and c.usage.total_tokens is not None else "—"
        lines.append("\t".join((str(c.id), c.at, PURPOSE_TEXT.get(c.purpose, c.purpose), c.draft_id or "—", c.model,
                                result, tokens, f"{c.seconds:.1f}", str(c.retries))))
    sys.stdout.write("\n".join(lines) + "\n")
