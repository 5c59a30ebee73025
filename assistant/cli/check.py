"""`assistant check PATH... [--format table|json] [--rule ID…]`: findings for each file.

Exit code 1 when any file has an error-level finding, 2 when a file cannot be read as a
form (the message names the file and what to do), 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli._app import app, err, out
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.validate.check import FileReport
    from assistant.validate.findings import Finding

_STYLE = {"error": "red", "warn": "yellow", "info": "cyan"}


@app.command()
def check(paths: Annotated[list[Path], typer.Argument(metavar="文件...", help="文本、表格、Word、PDF、网页、图片或 json，可写多个")],
          fmt: Annotated[str, typer.Option("--format", help="table（按项目分组的表格）或 json")] = "table",
          rule: Annotated[list[str] | None, typer.Option("--rule", help="只检查这些规则，如 --rule K1 --rule S1")] = None,
          ) -> None:
    """按审核规则检查绩效目标表，有错误级问题时退出码为 1。

    每条问题说明位置、原因和改法。
    """
    from assistant.validate.check import check_file
    from assistant.validate.rules import select_rules

    if fmt not in ("table", "json"):
        raise InputError(f"不支持的输出格式“{fmt}”", field="--format", hint="可选 table 或 json")
    rule_ids = [part for item in rule or [] for part in item.replace("，", ",").split(",") if part.strip()] or None
    select_rules(rule_ids)  # refuse unknown ids before reading any file
    reports: list[FileReport] = []
    unreadable: list[tuple[Path, InputError]] = []
    for path in paths:
        try:
            reports.append(check_file(path, rules=rule_ids))
        except InputError as exc:
            unreadable.append((path, exc))
            if fmt == "table":
                err.print(f"[red]无法检查[/red]：{exc.user_message()}", highlight=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(_json_output(reports, unreadable), ensure_ascii=False, indent=1) + "\n")
    else:
        for report in reports:
            _print_report(report)
    if unreadable:
        raise typer.Exit(2)
    if any(report.has_errors for report in reports):
        raise typer.Exit(1)


def _json_output(reports: list[FileReport], unreadable: list[tuple[Path, InputError]]) -> dict:
    totals = {"error": 0, "warn": 0, "info": 0}
    for report in reports:
        for severity, n in report.counts().items():
            totals[severity] += n
    files = [report.to_dict() for report in reports]
    files += [{"file": str(path), "form_id": None, "error": exc.user_message(), "findings": []}
              for path, exc in unreadable]
    return {"files": files, "counts": totals}


def _print_report(report: FileReport) -> None:
    from rich.table import Table

    from assistant.validate.findings import SEVERITY_TEXT

    form = report.form
    size = f"{len(form.projects)}个项目，{sum(1 for _ in form.iter_indicators())}条指标" if form else "未能读出表结构"
    out.print(f"\n[bold]{report.path.name}[/bold]（{size}）", highlight=False)
    if not report.findings:
        out.print("  未发现问题。")
        return
    by_project: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_project.setdefault(finding.project or "（整张表）", []).append(finding)
    for project, findings in by_project.items():
        table = Table(title=project, title_justify="left", show_lines=False, expand=False)
        for column, kw in (("行", {"justify": "right"}), ("级别", {}), ("规则", {}), ("方面", {}),
                           ("问题", {"ratio": 3}), ("建议", {"ratio": 2})):
            table.add_column(column, overflow="fold", **kw)
        for f in findings:
            style = _STYLE[f.severity]
            table.add_row(str(f.position or ""), f"[{style}]{SEVERITY_TEXT[f.severity]}[/{style}]", f.rule,
                          f.aspect, _escape(f.message), _escape(f.suggestion or ""))
        out.print(table)
    counts = report.counts()
    out.print(f"共 {len(report.findings)} 条：错误 {counts['error']}，警告 {counts['warn']}，提示 {counts['info']}",
              highlight=False)


def _escape(text: str) -> str:
    return text.replace("[", "\\[")
