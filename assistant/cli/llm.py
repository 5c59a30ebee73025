"""LLM commands: check the configured endpoint."""

from __future__ import annotations

from assistant.cli._app import app, out
from assistant.cli.chinese import ChineseTyper

llm_app = ChineseTyper(help="大模型服务（OpenAI 兼容接口）。")
app.add_typer(llm_app, name="llm")


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
    out.print(f"模型：{completion.model}；结构化输出：{model.structured}；用时 {completion.latency:.1f} 秒；"
              f"令牌：{tokens}", highlight=False)
    out.print(f"答复：{completion.text.strip()}", highlight=False)
