"""`assistant check` on real files (seeds, csv, xlsx, json)."""

import json

import pytest

from assistant.corpus.xlsx import rows_to_xlsx
from tests.conftest import CORPUS, SEED_002, SEED_003
from tests.corpus_rows import row_id

HEADER = ["项目名称", "主要内容", "预算金额（万元）", "一级指标", "二级指标", "三级指标", "指标值"]
# 003 p1 卫生局工作业务经费 as its form states it (no error-level defect), plus a total cost.
P1 = [
    ["卫生局工作业务经费", "保障高新区卫生部门卫生健康宣传、医疗废物处置、卫生服务站基本运行等工作顺利开展。", "10.25",
     "产出指标", "数量指标", "卫生服务站数量", "10个"],
    ["", "", "", "", "", "卫生健康宣传活动次数", "≥3次"],
    ["", "", "", "", "质量指标", "医疗废物处置完成率", "≥95%"],
    ["", "", "", "", "时效指标", "医疗废物处置及时率", "95%"],
    ["", "", "", "", "成本指标", "项目总成本", "≤10.25万元"],
    ["", "", "", "效益指标", "社会效益指标", "卫生健康宣传活动普及程度", "优良"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "群众对卫生服务站服务水平满意度", "≥90%"],
]


def write_csv(path, rows):
    path.write_text("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def check_json(cli, *args):
    result = cli("check", *args, "--format", "json")
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def test_a_form_without_error_level_findings_exits_0(cli, tmp_path):
    result, report = check_json(cli, str(write_csv(tmp_path / "p1.csv", P1)))
    assert result.exit_code == 0, result.stderr
    assert report["counts"]["error"] == 0 and report["files"][0]["form_id"] == "p1"


def test_a_cost_above_the_money_exits_1_with_the_finding(cli, tmp_path):
    rows = [list(row) for row in P1]
    rows[4][6] = "≤12万元"
    result, report = check_json(cli, str(write_csv(tmp_path / "p1.csv", rows)))
    assert result.exit_code == 1
    [k1] = [f for f in report["files"][0]["findings"] if f["rule"] == "K1"]
    assert k1["severity"] == "error" and k1["position"] == 5 and k1["project"] == "卫生局工作业务经费"
    assert k1["text"] == "≤12万元" and "10.25万元" in k1["message"]


def test_json_output_has_files_counts_and_located_findings(cli, corpus_forms):
    result, report = check_json(cli, str(SEED_003))
    assert result.exit_code == 1  # 设备利用率 has no value
    assert set(report) == {"files", "counts"}
    [entry] = report["files"]
    assert set(entry) == {"file", "form_id", "counts", "findings"}
    finding = next(f for f in entry["findings"] if f["rule"] == "Q2" and f["severity"] == "error")
    assert {"rule", "severity", "aspect", "message", "suggestion", "project", "project_id", "indicator_id",
            "position", "text", "field"} <= set(finding)
    assert finding["project"] == "专用设备购置" and finding["indicator_id"] == row_id(corpus_forms[SEED_003.stem], "设备利用率")
    assert sum(entry["counts"].values()) == len(entry["findings"])


def test_xlsx_input_is_checked_like_csv(cli, tmp_path):
    rows = [list(row) for row in P1]
    rows[6][6] = "≥50%"
    book = tmp_path / "p1.xlsx"
    book.write_bytes(rows_to_xlsx([HEADER, *rows]))
    result, report = check_json(cli, str(book))
    assert result.exit_code == 0  # S1 is a warning
    [s1] = [f for f in report["files"][0]["findings"] if f["rule"] == "S1"]
    assert "偏低" in s1["message"] and s1["position"] == 7


def test_the_table_groups_findings_by_project(cli):
    result = cli("check", str(SEED_003), "--rule", "C2")
    assert result.exit_code == 0, result.stderr
    assert "疾病预防控制中心工作业务经费" in result.stdout and "产出指标缺少时效指标" in result.stdout
    assert "错误 0" in result.stdout


def test_several_files_and_a_rule_subset(cli, tmp_path):
    result, report = check_json(cli, str(SEED_002), str(write_csv(tmp_path / "p1.csv", P1)), "--rule", "K1")
    assert result.exit_code == 1  # 002: ≤30万元 against a 20万元 task
    assert [f["rule"] for entry in report["files"] for f in entry["findings"]] == ["K1"]


def test_a_malformed_json_form_gets_schema_findings_not_a_traceback(cli, tmp_path):
    data = json.loads((CORPUS / "forms" / "003_1c981b526f6e6f3d.json").read_text(encoding="utf-8"))
    data["projects"][0]["groups"][0]["indicators"][0]["value"] = "10个"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result, report = check_json(cli, str(bad))
    assert result.exit_code == 1
    [finding] = report["files"][0]["findings"]
    assert finding["rule"] == "SCHEMA" and finding["field"] == "projects.0.groups.0.indicators.0.value"


def test_a_drafted_indicator_table_in_json_is_checked(cli, tmp_path):
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({"indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "value": "≥200"}]}, ensure_ascii=False),
        encoding="utf-8")
    result, report = check_json(cli, str(draft))
    assert result.exit_code == 1  # no 效益, no 满意度
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert {"C1", "Q4"} <= rules


@pytest.mark.parametrize("args,words", [
    (["missing.txt"], "文件不存在"),
    (["--format", "yaml", "x.txt"], "不支持的输出格式"),
    (["--rule", "Z9", "x.txt"], "未知的规则编号：Z9"),
])
def test_unusable_input_exits_2_with_a_chinese_message(cli, tmp_path, args, words):
    result = cli("check", *args, cwd=tmp_path)
    assert result.exit_code == 2 and words in result.stderr


def test_an_unreadable_file_among_others_is_reported_in_json(cli, tmp_path):
    result, report = check_json(cli, str(write_csv(tmp_path / "p1.csv", P1)), str(tmp_path / "none.csv"))
    assert result.exit_code == 2
    assert "文件不存在" in report["files"][1]["error"] and report["files"][0]["counts"]["error"] == 0
