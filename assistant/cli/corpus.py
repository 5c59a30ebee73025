"""Corpus commands: ingest, corpus build/stats/export/show, and value."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli._app import CorpusOpt, app, emit, err, open_corpus, out
from assistant.cli.chinese import ChineseTyper
from assistant.errors import InputError, UserError

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


def _files_of(paths: list[Path]) -> list[Path]:
    """The files named, and the form files inside the folders named (sorted, hidden ones left out)."""
    from assistant.corpus.files import FORM_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORM_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    return files


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(metavar="文件或文件夹...",
                                                       help="文本、表格、Word、PDF、网页、图片或 json 文件，或装有它们的文件夹")],
           corpus: CorpusOpt = None,
           dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示读到的内容，不写入语料库")] = False,
           replace: Annotated[bool, typer.Option("--replace", help="替换语料库中同名的表（带人工复核的表不会被替换）")] = False,
           fmt: Annotated[str, typer.Option("--format", help="table 或 json")] = "table") -> None:
    """把表导入语料库（写成规范 JSON）。

    --dry-run 只显示读到的项目、金额、各层级指标数和存疑之处，不写入；给出文件夹时逐个读取并汇总。"""
    from rich.progress import track

    from assistant.corpus.preview import preview, refused

    store = open_corpus(corpus)
    files = _files_of(paths)
    model = _extraction_model()
    if not files:
        raise InputError("没有找到可导入的文件", hint="请给出文件，或装有 txt、csv、xlsx、docx、pdf、html、图片或 json 的文件夹")
    if len(files) == 1 and not dry_run and fmt == "table":
        form = store.ingest(files[0], replace=replace, model=model)  # one file: a refusal is the command's error
        _print_previews([preview(form, files[0].name)], written=True)
        return
    previews = []
    steps = track(files, description="读取中…", console=err, transient=True) if len(files) > 1 else files
    for path in steps:
        try:
            form = store.read(path, model=model) if dry_run else store.ingest(path, replace=replace, model=model)
            previews.append(preview(form, path.name))
        except UserError as exc:
            previews.append(refused(path.name, exc.user_message()))
    if fmt == "json":
        sys.stdout.write(json.dumps([p.as_dict() for p in previews], ensure_ascii=False, indent=1) + "\n")
    else:
        _print_previews(previews, written=not dry_run)
    if any(p.status == "refused" for p in previews):
        raise typer.Exit(2)


def _extraction_model() -> Any:
    """The configured LLM, which reads what the rules cannot (every row traced to the text); None without one."""
    from assistant.settings import get_settings

    settings = get_settings()
    if not settings.llm_configured:
        return None
    from assistant.llm.client import OpenAIChatModel

    return OpenAIChatModel.from_settings(settings)


def _print_previews(previews: list[Any], *, written: bool) -> None:
    from rich.table import Table

    from assistant.corpus.preview import STATUS_TEXT

    for item in previews:
        if item.status == "refused":
            continue
        where = f" → forms/{item.form_id}.json" if written else "（未写入）"
        out.print(f"[bold]{item.file}[/bold]{where}：{item.kind}，领域 {item.sector or '未识别'}，"
                  f"{len(item.projects)} 个项目，{item.rows} 条指标", highlight=False)
        for name, money, rows in item.projects:
            amount = "金额未读出" if money is None else f"{money:g} 万元"
            out.print(f"  · {name or '（无名称）'}：{amount}，{rows} 条指标", highlight=False)
        out.print("  按层级：" + "；".join(f"{k} {v}" for k, v in item.by_level.items()), highlight=False)
        for doubt in item.doubts:
            out.print(f"  [yellow]存疑[/yellow]：{doubt}", highlight=False)
    if len(previews) > 1:
        table = Table(title="汇总")
        for col in ("文件", "结果", "项目", "指标", "存疑", "原因"):
            table.add_column(col)
        for item in previews:
            table.add_row(item.file, STATUS_TEXT[item.status], str(len(item.projects)), str(item.rows),
                          str(len(item.doubts)), item.reason)
        out.print(table)
        counts = {s: sum(1 for p in previews if p.status == s) for s in STATUS_TEXT}
        out.print("，".join(f"{STATUS_TEXT[s]} {n} 个" for s, n in counts.items()), highlight=False)


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


