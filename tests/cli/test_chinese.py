"""The command speaks Chinese: help, usage line and usage errors carry none of typer's English words."""

import pytest

ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message and exit", "<bool>", "Try '",
           "for help", "Error", "Missing argument", "Invalid value", "No such option", "[default:", "[required]",
           "<str>", "<float>", "<int>", "<path>", "<list[Path]>")


def english_in(text):
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("args", [[], ["draft"], ["ask"], ["check"], ["index"], ["index", "search"], ["corpus"],
                                  ["corpus", "export"], ["llm"], ["value"], ["ingest"]])
def test_help_is_chinese_and_not_cut_at_80_columns(cli, args, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*args, "--help")
    assert result.exit_code == 0
    assert "用法：assistant" in result.stdout and "选项" in result.stdout and "显示本帮助并退出" in result.stdout
    assert english_in(result.stdout) == []
    assert "…" not in result.stdout  # rich ends a cell it cannot fold with an ellipsis


def test_the_command_list_shows_each_commands_summary():
    from typer.main import get_command

    from assistant.cli import app

    group = get_command(app)
    for name, command in group.commands.items():
        summary = (command.help or "").strip().split("\n\n")[0]
        assert summary and len(summary) <= 34, f"{name}: 命令列表里的简介太长会被截断：{summary}"


@pytest.mark.parametrize(("args", "words"), [
    (["draft", "--budget", "abc"], ["选项 --budget", "“abc”无效", "应为数字"]),
    (["draft", "--year", "2025.5"], ["选项 --year", "应为整数"]),
    (["ask"], ["缺少参数 问题"]),
    (["check", "--fmt", "json", "x.txt"], ["没有 --fmt 这个选项", "--format"]),
    (["drafts"], ["没有“drafts”这个命令"]),
    (["value", "--name"], ["选项 --name 后面要写一个值"]),
    (["corpus", "show", "a", "b"], ["多余的参数：b"]),
])
def test_a_bad_option_gets_a_chinese_message_and_exit_2(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr
    assert "错误：" in result.stderr and english_in(result.stderr) == []


def test_a_usage_error_shows_the_usage_line_and_where_to_find_help(cli):
    result = cli("draft", "--budget", "abc")
    assert result.stderr.splitlines()[:2] == ["用法：assistant draft [选项]", "运行 assistant draft --help 查看帮助。"]


def test_a_user_error_raised_by_a_command_is_one_chinese_line_and_exit_2(cli, tmp_path):
    # main()'s contract: a UserError (here an empty csv) ends as “错误：…” naming the file, exit code 2.
    empty = tmp_path / "空表.csv"
    empty.write_text("", encoding="utf-8")
    result = cli("ingest", empty, "--corpus", tmp_path / "corpus")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：") and "空表.csv" in result.stderr


def test_no_arguments_prints_the_help(cli):
    result = cli()
    assert result.exit_code == 2 and "用法：assistant [选项] 命令 [参数]..." in result.stdout


def test_an_aborted_command_says_so_in_chinese():
    import typer
    from typer.testing import CliRunner

    from assistant.cli.chinese import ChineseTyper

    app = ChineseTyper(help="示例")

    @app.command()
    def stop() -> None:
        raise typer.Abort()

    @app.command()
    def other() -> None:  # a group with one command would run it without its name
        pass

    result = CliRunner().invoke(app, ["stop"])
    assert result.exit_code == 1 and result.stderr == "已中止。\n"


def test_the_help_names_value_types_in_chinese(cli):
    shown = cli("draft", "--help").stdout + cli("ingest", "--help").stdout
    assert "--budget" in shown and "<数字>" in shown and "<整数>" in shown and "<路径>..." in shown
