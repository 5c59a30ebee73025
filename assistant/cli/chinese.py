"""Typer's own words in Chinese: help titles, the usage line, the help option and usage errors.

typer (0.29) carries its own copy of click whose messages are plain English strings, not gettext
calls, so a translation catalogue cannot reach them. They are replaced where typer offers a seam:
the rich help panels read module-level titles, the usage line and the help option come from the
command classes below, and usage errors are caught in `ChineseGroup.main` and worded here, the
same way a `UserError` is (a Chinese message on stderr, exit code 2, never a traceback).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import rich_utils
from typer._click import exceptions as click_errors
from typer.core import TyperCommand, TyperGroup

from assistant.errors import UserError

PROG = "assistant"
OPTIONS = "[选项]"
HELP_TEXT = "显示本帮助并退出。"

# The rich help's fixed strings (typer reads these module attributes when it renders).
PANEL_TEXT = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]{command_path} {help_option}[/] 查看帮助。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
}
for _name, _text in PANEL_TEXT.items():
    setattr(rich_utils, _name, _text)

# Why a typed value was refused, by pydantic's error type (typer coerces values with pydantic).
VALUE_REASONS = {
    "float_parsing": "应为数字，如 120 或 12.5",
    "float_type": "应为数字，如 120 或 12.5",
    "int_parsing": "应为整数，如 2025",
    "int_type": "应为整数，如 2025",
    "int_from_float": "应为整数，如 2025",
    "bool_parsing": "应为 true 或 false",
    "finite_number": "应为有限的数字",
}

# click's messages that carry no structured fields, matched by their English wording.
MESSAGE_PATTERNS = [
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"), "多余的参数：{args}"),
    (re.compile(r"No such command '(?P<name>[^']*)'\.(?: Did you mean (?P<near>.*)\?)?"), "没有“{name}”这个命令"),
    (re.compile(r"Missing command\.?"), "缺少命令"),
    (re.compile(r"Option '(?P<name>[^']*)' requires an? (?:argument|\d+ arguments)\.?"), "选项 {name} 后面要写一个值"),
    (re.compile(r"Option '(?P<name>[^']*)' does not take a value\.?"), "选项 {name} 不带值"),
    (re.compile(r"Argument '(?P<name>[^']*)' takes \d+ values\.?"), "参数 {name} 的值个数不对"),
]


def _no_type(ctx: Any) -> None:
    """A flag takes no value, so the help shows no type (typer would show `<bool>`)."""
    return None


# typer's type names in the help (<str>, <float>, <path>…), as a Chinese reader names the value.
_TYPE_TEXT = {"str": "文本", "text": "文本", "float": "数字", "int": "整数", "integer": "整数", "path": "路径",
              "file": "文件", "dir": "文件夹", "directory": "文件夹", "choice": "选项"}


def _chinese_type(show: Any) -> Any:
    def chinese(ctx: Any) -> str | None:
        text = show(ctx)
        found = re.fullmatch(r"<([^>]+)>(\.\.\.)?", text or "")
        if not found:
            return text  # a metavar the command chose ({问题}) or none
        label, many = found.group(1), bool(found.group(2))
        listed = re.fullmatch(r"list\[(.+)\]", label)
        if listed:
            label, many = listed.group(1), True
        return f"<{_TYPE_TEXT.get(label.split()[0].lower(), '值')}>" + ("..." if many else "")

    chinese.chinese = True  # type: ignore[attr-defined]
    return chinese


class _ChineseParts:
    """Usage line, help option and flag display shared by commands and groups."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False):
                param.display_type_rich = _no_type
            elif hasattr(param, "display_type_rich") and not getattr(param.display_type_rich, "chinese", False):
                param.display_type_rich = _chinese_type(param.display_type_rich)
        return params


class ChineseCommand(_ChineseParts, TyperCommand):
    pass


class ChineseGroup(_ChineseParts, TyperGroup):
    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the command; usage errors and `UserError`s end as a Chinese message and exit code 2."""
        try:
            code = super().main(args, prog_name or PROG, complete_var, standalone_mode=False, **extra)
        except click_errors.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # typer has printed the help already
                code = 2
            else:
                _print_usage_error(exc)
                code = exc.exit_code
        except UserError as exc:
            typer.echo(f"错误：{exc.user_message()}", err=True)
            code = 2
        except typer.Abort:
            typer.echo(PANEL_TEXT["ABORTED_TEXT"], err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


class ChineseTyper(typer.Typer):
    """A `typer.Typer` whose groups and commands speak Chinese (see the module docstring)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        super().__init__(cls=ChineseGroup, options_metavar=OPTIONS, subcommand_metavar="命令 [参数]...",
                         pretty_exceptions_enable=False, **kwargs)

    def command(self, name: str | None = None, **kwargs: Any):
        return super().command(name, cls=ChineseCommand, **kwargs)


def usage_error_text(exc: click_errors.UsageError) -> str:
    """One Chinese sentence for a usage error: which option or argument, and what is wrong."""
    if isinstance(exc, click_errors.MissingParameter):
        return f"缺少{_param_label(exc.param, exc.param_type)}"
    if isinstance(exc, click_errors.BadParameter):
        return f"{_param_label(exc.param)}{_value_reason(exc)}"
    if isinstance(exc, click_errors.NoSuchOption):
        near = f"，是否想写 {'、'.join(sorted(exc.possibilities))}" if exc.possibilities else ""
        return f"没有 {exc.option_name} 这个选项{near}"
    for pattern, text in MESSAGE_PATTERNS:
        match = pattern.fullmatch(exc.message.strip())
        if match:
            fields = match.groupdict()
            return text.format(**fields) + (f"，是否想写 {fields['near']}" if fields.get("near") else "")
    return exc.message


def _print_usage_error(exc: click_errors.UsageError) -> None:
    ctx = exc.ctx
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"运行 {ctx.command_path} --help 查看帮助。", err=True)
    typer.echo(f"错误：{usage_error_text(exc)}。", err=True)


def _param_label(param: Any, kind: str | None = None) -> str:
    if param is None:
        return "参数"
    if (kind or param.param_type_name) == "argument":
        name = f"参数 {param.metavar or param.name}"
    else:
        name = f"选项 {'/'.join(param.opts)}"
    return f"{name}（{param.help}）" if getattr(param, "help", None) else name


def _value_reason(exc: click_errors.BadParameter) -> str:
    cause = exc.__cause__
    errors = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if errors:
        first = errors[0]
        reason = VALUE_REASONS.get(first.get("type", ""), "无法识别")
        return f"的值“{first.get('input')}”无效：{reason}"
    return f"的值无效：{exc.message}"
