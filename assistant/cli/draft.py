"""`assistant draft` (a first draft of a new task's indicator table) and `assistant suggest PATH`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli._app import app, emit, err, out
from assistant.errors import InputError, UserError

if TYPE_CHECKING:
    from assistant.draft.models import Draft
    from assistant.draft.suggest import Suggestion
    from assistant.index.hybrid import Index
    from assistant.validate.findings import Finding

_FIELDS = {"name": "项目名称（--name）", "content": "主要内容（--content）", "budget": "预算金额（--budget，万元）",
           "year": "年度（--year）", "unit": "单位名称（--unit）", "sector": "项目类型（--sector）"}
_FORMATS = ("table", "json", "csv", "xlsx")


def _open_index() -> Index:
    from assistant.index.hybrid import Index
    from assistant.settings import get_settings

    index = Index.open(get_settings())
    if not index.counts()["indicators"]:
        raise InputError("检索索引是空的，无法找到相似项目", hint="请先运行 assistant index build")
    return index


def draft_json(draft: Draft) -> dict[str, Any]:
    """The draft as the JSON output promises: indicators with their sources, findings, notes, timing."""
    return {
        "request": draft.request.model_dump(), "engine": draft.engine, "model": draft.model,
        "indicators": [{"level1": r.level1, "level2": r.level2, "name": r.name, "value": r.value, "basis": r.basis,
                        "needs_review": r.needs_review, "note": r.note,
                        "sources": [s.model_dump(exclude_none=True) for s in r.sources]} for r in draft.rows],
        "findings": [f.model_dump(exclude_none=True) for f in draft.findings],
        "notes": draft.notes, "timing": draft.timing, "error": draft.error,
    }


@app.command()
def draft(
    name: Annotated[str, typer.Option("--name", help="项目名称")] = "",
    content: Annotated[str, typer.Option("--content", help="主要内容 / 年度目标")] = "",
    budget: Annotated[float | None, typer.Option("--budget", help="预算金额（万元）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年度")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位名称")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="项目类型，如 购置、培训、会议、建设、补助、服务、宣传")] = None,
    engine: Annotated[str, typer.Option("--engine", help="auto（配置了大模型就用大模型）、offline 或 llm")] = "auto",
    fmt: Annotated[str, typer.Option("--format", help="table、json、csv 或 xlsx")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="写入这个文件（xlsx 必须指定）")] = None,
    batch: Annotated[Path | None, typer.Option("--batch", metavar="清单",
                                               help="项目清单 xlsx 或 csv，列为 项目名称、主要内容、金额，可选 "
                                                    "主管部门、实施单位、年度；逐个起草，写入 --out 指定的工作簿")] = None,
) -> None:
    """起草新项目的完整绩效目标表：表头、年度绩效目标和指标表。

    语料库中有本单位上年的同一项目时以上年表为底稿，否则按相似的历年项目起草；每行注明来源，并按审核规则检查。
    """
    from assistant.draft.form import draft_form
    from assistant.draft.models import build_request
    from assistant.settings import get_settings

    if batch is not None:
        _draft_batch(batch, out_file, year=year, engine=engine)
        return
    if fmt not in _FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”", field="--format", hint="可选 table、json、csv、xlsx")
    if engine not in ("auto", "offline", "llm"):
        raise InputError(f"不支持的起草方式“{engine}”", field="--engine", hint="可选 auto、offline、llm")
    if fmt == "xlsx" and out_file is None:
        raise InputError("xlsx 格式要写入文件", field="--out", hint="请加上 --out 文件名.xlsx")
    request = build_request(_FIELDS, name=name.strip(), content=content, budget=budget, year=year, unit=unit,
                            sector=sector)
    settings = get_settings()
    result = draft_form(request, _open_index(), settings, forms=_corpus_forms(),
                        engine=engine)  # type: ignore[arg-type]
    failed = bool(result.error and not result.rows)
    if failed and fmt != "json":  # no empty table written as if it were a draft
        raise UserError(f"起草失败：{result.error}", hint="可改用 --engine offline（离线引擎）起草")
    if fmt == "json":
        emit(json.dumps(draft_json(result), ensure_ascii=False, indent=1) + "\n", out_file)
        if failed:
            raise UserError(f"起草失败：{result.error}", hint="可改用 --engine offline（离线引擎）起草")
    elif fmt == "csv":
        from assistant.corpus.tables import form_to_csv

        emit(form_to_csv(result.to_form()), out_file)
    elif fmt == "xlsx":
        from assistant.corpus.files import atomic_write
        from assistant.corpus.xlsx import form_to_xlsx

        assert out_file is not None
        atomic_write(out_file, form_to_xlsx(result.to_form()))
        err.print(f"已写入 {out_file}")
    else:
        _print_draft(result)


def _corpus_forms() -> list[Any]:
    """The shipped forms and the user's own (ingested, approved): last year's form may be either."""
    from assistant.cli._app import open_corpus

    return open_corpus(None).forms()


def _draft_batch(path: Path, out_file: Path | None, *, year: int | None, engine: str) -> None:
    """Every project of the list drafted, a summary printed, one workbook written."""
    from rich.table import Table

    from assistant.corpus.files import atomic_write
    from assistant.draft.batch import batch_workbook, draft_batch, read_project_list, summary_rows
    from assistant.draft.form import draft_form
    from assistant.settings import get_settings

    if out_file is None or out_file.suffix.lower() != ".xlsx":
        raise InputError("批量起草要写入一个 xlsx 工作簿", field="--out", hint="请加上 --out 文件名.xlsx")
    if engine not in ("auto", "offline", "llm"):
        raise InputError(f"不支持的起草方式“{engine}”", field="--engine", hint="可选 auto、offline、llm")
    requests = read_project_list(path, year=year)
    settings = get_settings()
    index, forms = _open_index(), _corpus_forms()
    model = None
    if engine != "offline" and settings.llm_configured:
        from assistant.errors import LLMError
        from assistant.llm.client import OpenAIChatModel

        try:
            model = OpenAIChatModel.from_settings(settings)  # one client for the whole list
        except LLMError:
            model = None

    def report(done: int, total: int, name: str) -> None:
        if name:
            err.print(f"[{done + 1}/{total}] 起草 {name}", highlight=False, markup=False)

    drafts = draft_batch(requests, lambda r: draft_form(r, index, settings, forms=forms, model=model,
                                                        engine=engine),  # type: ignore[arg-type]
                         progress=report)
    atomic_write(out_file, batch_workbook(drafts))
    summary = summary_rows(drafts)
    table = Table(show_lines=False)
    for column in summary[0]:
        table.add_column(str(column), overflow="fold")
    for row in summary[1:]:
        table.add_row(*[_escape(str(c)) for c in row])
    out.print(table)
    err.print(f"已写入 {out_file}：{len(drafts)} 个项目，每个项目一张工作表，另有“目录”和“指标清单”",
              highlight=False, markup=False)


def _print_draft(result: Draft) -> None:
    from rich.table import Table

    req = result.request
    money = f"，预算 {req.budget:g} 万元" if req.budget is not None else ""
    out.print(f"[bold]{req.name}[/bold] 绩效指标初稿（{'离线引擎' if result.engine == 'offline' else '大模型'}{money}）",
              highlight=False)
    if result.error:
        err.print(f"[red]起草失败[/red]：{result.error}", highlight=False)
    table = Table(show_lines=False)
    for column in ("行", "一级指标", "二级指标", "三级指标", "指标值", "来源"):
        table.add_column(column, overflow="fold")
    for k, row in enumerate(result.rows, start=1):
        value = row.value + ("（需核实）" if row.needs_review else "")
        table.add_row(str(k), row.level1, row.level2, _escape(row.name), _escape(value),
                      _escape("\n".join(s.label() for s in row.sources)))
    out.print(table)
    for row in result.rows:
        if row.note:
            out.print(f"· {row.name}：{row.note}", highlight=False, markup=False)
    _print_findings(result.findings)
    for note in result.notes:
        out.print(f"说明：{note}", highlight=False, markup=False)


def _print_findings(findings: list[Finding]) -> None:
    from assistant.validate.findings import SEVERITY_TEXT

    if not findings:
        out.print("审核检查：未发现问题。")
        return
    out.print(f"审核检查：{len(findings)} 条", highlight=False)
    for f in findings:
        out.print(f"  [{SEVERITY_TEXT[f.severity]}] {f.rule} {f.row_message()}", highlight=False, markup=False)


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


@app.command("suggest")
def suggest_command(
    path: Annotated[Path, typer.Argument(metavar="文件", help="填了一部分的表：文本、表格、Word、PDF、网页、图片或 json")],
    fmt: Annotated[str, typer.Option("--format", help="table 或 json")] = "table",
) -> None:
    """指出表中缺少的必填二级指标，并给出可直接采用的指标和值。

    指标和值取自相似项目，注明来源。
    """
    from assistant.corpus.files import load_form
    from assistant.draft.suggest import suggest
    from assistant.draft.suggest_llm import phrase_hook
    from assistant.settings import get_settings

    if fmt not in ("table", "json"):
        raise InputError(f"不支持的输出格式“{fmt}”", field="--format", hint="可选 table 或 json")
    form = load_form(path)
    # With an endpoint configured the LLM rewords the rows for this project; any failure keeps them as drafted.
    suggestions = suggest(form, _open_index(), phrase=phrase_hook(get_settings()))
    if fmt == "json":
        sys.stdout.write(json.dumps([s.model_dump(exclude_none=True) for s in suggestions], ensure_ascii=False,
                                    indent=1) + "\n")
        return
    _print_suggestions(suggestions)


def _print_suggestions(suggestions: list[Suggestion]) -> None:
    if not suggestions:
        out.print("必填的二级指标都已齐全，没有需要补充的。")
        return
    for s in suggestions:
        out.print(f"\n[bold]{s.project}[/bold]：缺{s.level1}/{s.level2}（{s.reason}）", highlight=False)
        for row in s.rows:
            value = row.value + ("（需核实）" if row.needs_review else "")
            sources = "；".join(x.label() for x in row.sources)
            out.print(f"  · {row.name}  {value}    来源：{sources}", highlight=False, markup=False)
