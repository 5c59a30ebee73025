"""Index commands: index build, index check, index search."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from assistant.cli._app import CorpusOpt, app, err, open_corpus, out
from assistant.cli.chinese import ChineseTyper
from assistant.errors import InputError

index_app = ChineseTyper(help="检索索引：历年指标行与项目的混合检索（向量 + 关键词）。")
app.add_typer(index_app, name="index")


@index_app.command("build")
def index_build(corpus: CorpusOpt = None) -> None:
    """按语料库建立或更新检索索引。

    只为新增或改动的行计算向量，删去已不在语料库中的行。
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from assistant.index.hybrid import Index
    from assistant.settings import get_settings

    index = Index.open(get_settings())
    _recover_approvals(index)
    forms = open_corpus(corpus).forms()
    if not forms:
        raise InputError("语料库里还没有表", hint="请先用 assistant ingest 导入表，或运行 assistant corpus build")
    with Progress(TextColumn("计算向量"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("embed", total=None)
        report = index.build(forms, progress=lambda done, total: bar.update(task, completed=done, total=total))
    out.print(report.summary(), markup=False, highlight=False)


def _recover_approvals(index) -> None:
    """Approvals a killed process left half done are finished first (see `Workflow.recover`)."""
    from assistant.review.workflow import Workflow
    from assistant.settings import get_settings

    settings = get_settings()
    if settings.database.exists():
        for line in Workflow(settings, index=index).recover():
            err.print(line, markup=False, highlight=False)


@index_app.command("check")
def index_check(
    repair: Annotated[bool, typer.Option("--repair", help="发现不一致时修复：按向量库重建关键词目录，并补建缺少的行")] = False,
    corpus: CorpusOpt = None,
) -> None:
    """检查索引：关键词目录、向量库与语料库是否一致。

    不一致时退出码为 1；加 --repair 修复。
    """
    from assistant.index.hybrid import Index
    from assistant.index.records import indicator_index_records, project_index_records
    from assistant.settings import get_settings

    index = Index.open(get_settings())
    forms = open_corpus(corpus).forms()
    problems: list[str] = []
    with index.writing():
        for name, (missing, extra) in index.check().items():
            label = "指标行" if name == "indicators" else "项目"
            if missing:
                problems.append(f"{label}：向量库中有 {len(missing)} 条关键词目录里没有（如 {sorted(missing)[0]}）")
            if extra:
                problems.append(f"{label}：关键词目录中有 {len(extra)} 条向量库里没有（如 {sorted(extra)[0]}）")
        stored = index.stored_ids()
    wanted = {"indicators": {r.id for r in indicator_index_records(forms)},
              "projects": {r.id for r in project_index_records(forms)}}
    for name in wanted:
        label = "指标行" if name == "indicators" else "项目"
        absent = wanted[name] - stored[name]
        if absent:
            problems.append(f"{label}：语料库中有 {len(absent)} 条不在索引中（如 {sorted(absent)[0]}）")
    if not problems:
        out.print("索引一致：关键词目录与向量库相同，语料库的每一行都在索引中")
        return
    for line in problems:
        out.print(line, markup=False, highlight=False)
    if not repair:
        err.print("索引不一致：请运行 assistant index check --repair 修复")
        raise typer.Exit(1)
    _recover_approvals(index)
    index.repair()
    report = index.build(open_corpus(corpus).forms())
    out.print("已修复。" + report.summary(), markup=False, highlight=False)


@index_app.command("search")
def index_search(
    query: Annotated[str, typer.Argument(metavar="查找内容", help="要查找的内容，如“体检人数”“无偿献血 满意度”")],
    k: Annotated[int, typer.Option("--k", help="返回条数")] = 10,
    level1: Annotated[str | None, typer.Option("--level1", help="只看这个一级指标")] = None,
    level2: Annotated[str | None, typer.Option("--level2", help="只看这个二级指标，如 数量指标")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只看这一年度的表")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="只看这个单位的表")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="只看这个行业的表，如 交通运输、卫生健康")] = None,
    projects: Annotated[bool, typer.Option("--projects", help="查找项目（名称、内容、金额），而不是指标行")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table 或 json")] = "table",
) -> None:
    """在索引中查找相似的指标行或项目（向量与关键词检索融合排序）。"""
    from rich.table import Table

    from assistant.corpus.sectors import sector_names
    from assistant.index.hybrid import Index, IndicatorHit, ProjectHit
    from assistant.settings import get_settings

    if fmt not in ("table", "json"):
        raise InputError(f"不支持的输出格式“{fmt}”", hint="可选 table、json")
    index = Index.open(get_settings())
    if not any(index.counts().values()):
        raise InputError("索引是空的", hint="请先运行 assistant index build")
    if sector is not None and sector not in sector_names():
        raise InputError(f"没有“{sector}”这个行业", field="--sector", hint="可选：" + "、".join(sector_names()))
    hits: Sequence[IndicatorHit | ProjectHit]
    if projects:
        hits = index.search_projects(query, k, year=year, unit=unit, sector=sector)
    else:
        hits = index.search_indicators(query, k, year=year, unit=unit, level1=level1, level2=level2, sector=sector)
    if fmt == "json":
        sys.stdout.write(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=1) + "\n")
        return
    if not hits:
        out.print("没有找到匹配的结果")
        return
    table = Table(title=f"“{query}”的检索结果")
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    if projects:
        columns = ("名次", "项目", "年度", "单位", "金额（万元）", "指标数", "得分")
        rows = [(h.project, h.year, h.unit, h.money_total, h.indicators) for h in hits if isinstance(h, ProjectHit)]
    else:
        columns = ("名次", "项目", "二级指标", "三级指标", "指标值", "年度", "来源", "得分")
        rows = [(h.project, h.level2, h.name, h.value_raw, h.year, h.source) for h in hits
                if isinstance(h, IndicatorHit)]
    for column in columns:
        table.add_column(column, overflow="fold")
    for hit, row in zip(hits, rows, strict=True):
        table.add_row(str(hit.rank), *("" if v is None else str(v) for v in row), _scores(hit))
    out.print(table)
    out.print("得分：融合分（向量分 / 关键词分）", style="dim")


def _scores(hit) -> str:
    dense = "-" if hit.dense_score is None else f"{hit.dense_score:.3f}"
    bm25 = "-" if hit.bm25_score is None else f"{hit.bm25_score:.2f}"
    return f"{hit.fused_score:.4f}（{dense} / {bm25}）"
