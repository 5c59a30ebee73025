"""Corpus commands: ingest, corpus build/stats/export/show, and value."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli._app import CorpusOpt, app, emit, err, open_corpus, out
from assistant.cli.chinese import ChineseTyper
from assistant.errors import InputError

corpus_app = ChineseTyper(help="语料库：历年绩效目标表。")
app.add_typer(corpus_app, name="corpus")


@app.command()
def value(raws: Annotated[list[str], typer.Argument(metavar="指标值...", help="指标值原文，可写多个")],
          name: Annotated[str | None, typer.Option(help="三级指标名称（用于判断比率等）")] = None) -> None:
    """解析指标值，每个值输出一行 JSON。"""
    from assistant.corpus.values import FLAG_TEXT, parse_value

    for raw in raws:
        parsed = parse_value(raw, name=name)
        record = parsed.model_dump()
        record["flag_text"] = [FLAG_TEXT.get(f, f) for f in parsed.flags]
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(metavar="文件...", help="文本、表格、Word、PDF、网页、图片或 json 文件")],
           corpus: CorpusOpt = None) -> None:
    """把表导入语料库（写成规范 JSON）。"""
    store = open_corpus(corpus)
    for path in paths:
        form = store.ingest(path)
        n = sum(1 for _ in form.iter_indicators())
        out.print(f"已导入 {path.name} → forms/{form.id}.json：{len(form.projects)} 个项目，{n} 条指标")


@corpus_app.command("build")
def corpus_build(corpus: CorpusOpt = None,
                 only: Annotated[list[str] | None, typer.Option("--only", help="只重建这些表")] = None) -> None:
    """按 raw/ 与 reviews/ 重新生成 forms/ 下的规范 JSON。"""
    forms = open_corpus(corpus).rebuild(only=only)
    for form in forms:
        out.print(f"forms/{form.id}.json：{sum(1 for _ in form.iter_indicators())} 条指标")


@corpus_app.command("stats")
def corpus_stats(corpus: CorpusOpt = None,
                 fmt: Annotated[str, typer.Option("--format", help="table 或 json")] = "table") -> None:
    """语料库统计：各表的领域、项目与指标数，按领域与年度、按层级的计数。"""
    from rich.table import Table

    from assistant.corpus.folder import stats

    summary = stats(open_corpus(corpus).forms())
    if fmt == "json":
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table(title=f"语料库：{summary['forms']} 张表，{summary['projects']} 个项目，{summary['indicators']} 条指标")
    for col in ("表", "领域", "类型", "年度", "单位", "项目", "指标", "推断层级", "人工修正"):
        table.add_column(col)
    for f in summary["per_form"]:
        table.add_row(f["form"], f["sector"] or "", f["kind"], str(f["year"] or ""), f["unit"] or "",
                      str(f["projects"]), str(f["indicators"]), str(f["inferred"]), str(f["hand_fixed"]))
    out.print(table)
    sectors = Table(title="按领域与年度")
    for col in ("领域", "年度", "表数"):
        sectors.add_column(col)
    for row in summary["by_sector"]:
        sectors.add_row(row["sector"], str(row["year"] or "（未写明）"), str(row["forms"]))
    out.print(sectors)
    levels_table = Table(title="按一级/二级指标")
    for col in ("一级指标", "二级指标", "条数"):
        levels_table.add_column(col)
    for row in summary["by_level"]:
        levels_table.add_row(row["level1"], row["level2"], str(row["count"]))
    out.print(levels_table)


@corpus_app.command("export")
def corpus_export(fmt: Annotated[str, typer.Option("--format", help="jsonl、csv 或 xlsx")] = "jsonl",
                  out_file: Annotated[Path | None, typer.Option("--out", help="输出文件")] = None,
                  corpus: CorpusOpt = None) -> None:
    """导出全部指标：jsonl 每行一条；csv/xlsx 为扁平指标表。"""
    from assistant.corpus.files import atomic_write
    from assistant.corpus.folder import export_jsonl, indicator_records
    from assistant.corpus.tables import COLUMNS, rows_to_csv
    from assistant.corpus.xlsx import rows_to_xlsx

    forms = open_corpus(corpus).forms()
    if fmt == "jsonl":
        emit(export_jsonl(forms), out_file)
        return
    header: list[object] = ["id", "表", *COLUMNS[:7], "规范指标值"]
    rows: list[list[object]] = [header]
    for r in indicator_records(forms):
        rows.append([r["id"], r["form"], r["project"], "", r["project_money"] or "", r["level1"] or "",
                     r["level2"] or "", r["name"], r["value_raw"], r["value_canonical"]])
    if fmt == "csv":
        emit(rows_to_csv(rows), out_file)
    elif fmt == "xlsx":
        if not out_file:
            raise InputError("导出 xlsx 需要用 --out 指定文件")
        atomic_write(out_file, rows_to_xlsx(rows))
        err.print(f"已写入 {out_file}")
    else:
        raise InputError(f"不支持的导出格式“{fmt}”", hint="可选 jsonl、csv、xlsx")


@corpus_app.command("show")
def corpus_show(form_id: Annotated[str, typer.Argument(metavar="表编号", help="如 003_1c981b526f6e6f3d")],
                corpus: CorpusOpt = None) -> None:
    """逐行列出一张表的解析结果。

    每行列出行号、层级、名称、指标值和推断/修正标记。
    有原始识别文本的表按 raw/ 与 reviews/ 现场重建，改完复核文件即可查看效果。
    """
    store = open_corpus(corpus)
    raw = next((p for p in store.raw_paths() if p.stem == form_id), None)
    form = store.build(raw) if raw else store.get(form_id)
    out.print(f"{form.id} {form.kind} {form.year} {form.unit}  {form.title}")
    for project in form.projects:
        money = project.money
        out.print(f"\n[bold]{project.id} {project.name}[/bold] 金额 {money.total} 财政 {money.fiscal} 其他 {money.other}")
        for task in project.tasks:
            mark = " R" if task.review else ""
            out.print(f"  任务 L{task.source.line if task.source else '?'} {task.name} {task.money.total}{mark}")
        for group in project.groups:
            out.print(f"  [{group.kind}] {group.title}")
            for ind in group.indicators:
                marks = ("R" if ind.review else " ") + ("*" if ind.inferred else " ")
                line = ind.source.line if ind.source else "?"
                out.print(f"   {marks} L{line:<4} {ind.level1 or '-'} / {ind.level2 or '-'} | {ind.name} | "
                          f"{ind.value.raw} → {ind.value.canonical}", markup=False, highlight=False)
                for inf in ind.inferred:
                    out.print(f"          推断 {inf.field}={inf.value}（{inf.confidence:.2f}）：{inf.reason}",
                              markup=False, highlight=False)
                if ind.review:
                    out.print(f"          复核 {','.join(ind.review.fields)}：{ind.review.note}", markup=False,
                              highlight=False)
    for note in form.notes:
        out.print(f"注：{note}", markup=False)


