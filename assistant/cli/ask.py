"""The ask command: a question about past targets, answered with the rows it cites."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli._app import CorpusOpt, app, err, open_corpus, out
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.ask import Answer
    from assistant.index.hybrid import Index


def open_index(settings) -> Index | None:
    """The index when it has been built; None makes retrieval rank by phrase match alone."""
    from assistant.index.hybrid import Index

    index = Index.open(settings)
    return index if any(index.counts().values()) else None


def answer_json(answer: Answer) -> str:
    keys = ("id", "form", "project", "group", "level1", "level2", "name", "value", "source")
    payload = {"answer": answer.text, "found": answer.found, "closest": answer.closest, "path": answer.path,
               "citations": [{k: getattr(c, k) for k in keys} for c in answer.citations], "notes": answer.notes}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


@app.command("ask")
def ask(
    question: Annotated[str, typer.Argument(metavar="问题", help="问题，如“大连高新区哪些项目设了时效指标？”")],
    fmt: Annotated[str, typer.Option("--format", help="text 或 json")] = "text",
    today: Annotated[str | None, typer.Option("--today", help="推算“去年”“今年”的参考日期，如 2024-06-30（默认今天）")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="不用大模型，按模板作答")] = False,
    sector: Annotated[str | None, typer.Option("--sector", help="只查某一行业的表，如 卫生健康、教育")] = None,
    corpus: CorpusOpt = None,
) -> None:
    """就历年绩效目标提问，回答附引用的行。

    统计类问题按语料库数据计算，查找类问题走检索。
    """
    from assistant.ask import Asker
    from assistant.settings import get_settings

    if fmt not in ("text", "json"):
        raise InputError(f"不支持的输出格式“{fmt}”", hint="可选 text、json")
    try:
        reference = date.fromisoformat(today) if today else None
    except ValueError:
        raise InputError(f"参考日期“{today}”无法识别", field="--today", hint="请写成 2024-06-30 的形式") from None
    settings = get_settings()
    if offline:
        settings = settings.model_copy(update={"llm_base_url": None})
    forms = open_corpus(corpus).forms()
    if not forms:
        raise InputError("语料库里还没有表", hint="请先运行 assistant corpus build")
    sectors = sorted({f.sector for f in forms if f.sector})
    if sector is not None and sector not in sectors:
        raise InputError(f"语料库中没有“{sector}”行业的表", field="--sector", hint="可选：" + "、".join(sectors))
    index = open_index(settings)
    answer = Asker(forms, index, settings, today=reference, sector=sector).ask(question)
    if index is None:
        answer.notes.append("检索索引尚未建立，按名称匹配查找（运行 assistant index build 可建立索引）")
    if fmt == "json":
        sys.stdout.write(answer_json(answer))
        return
    out.print(answer.text, markup=False, highlight=False)
    if answer.citations:
        out.print("最接近的行（并非答案）：" if answer.closest else "引用的行：", markup=False, highlight=False)
        out.print(answer.table_text(), markup=False, highlight=False)
    for note in answer.notes:
        err.print(f"说明：{note}", markup=False, highlight=False)
