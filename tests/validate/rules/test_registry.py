"""The registry holds every rule of RULES.md, and the checker survives input that is half broken."""

import pytest

from assistant.corpus.schema import Indicator, IndicatorGroup, Project
from assistant.errors import InputError
from assistant.validate.rules import RULES, check_project, select_rules

RULES_MD = ["H1", "H2", "H3", "C1", "C2", "C3", "N1", "N2", "Q1", "Q2", "Q3", "Q4", "S1", "K1", "K2", "T1", "B1",
            "D1", "R1"]


def test_every_rule_of_rules_md_is_registered_with_a_title_and_a_source():
    assert sorted(RULES) == sorted(RULES_MD)
    for spec in RULES.values():
        assert spec.title and spec.source and spec.severity in ("error", "warn", "info")
        assert spec.aspect in ("完整性", "相关性", "适当性", "可行性")


def test_severities_and_aspects_follow_rules_md():
    assert {i: (RULES[i].severity, RULES[i].aspect) for i in ("H1", "K1", "Q2", "B1", "R1", "S1")} == {
        "H1": ("error", "完整性"), "K1": ("error", "适当性"), "Q2": ("error", "可行性"), "B1": ("error", "可行性"),
        "R1": ("warn", "相关性"), "S1": ("warn", "适当性")}


def test_unknown_rule_ids_are_refused_in_chinese():
    with pytest.raises(InputError, match="未知的规则编号：X1"):
        select_rules(["K1", "X1"])


def test_a_half_broken_project_gets_findings_not_an_exception():
    rows = [
        Indicator(level1=None, level2=None, level1_raw="乱码指标", level2_raw="", name="",
                  value=Indicator.make(None, None, "x", "≥").value),
        Indicator.make("产出指标", "数量指标", "培训人数", "≥"),
        Indicator.make("满意度指标", None, "学员满意度", "很好"),
    ]
    project = Project(name="培训项目", groups=[IndicatorGroup(indicators=rows)])
    findings = check_project(project)
    by_rule = {(f.rule, f.position) for f in findings}
    assert {("H1", 1), ("H2", 1), ("N1", 1), ("Q2", 1), ("Q2", 2), ("H2", 3), ("S1", 3), ("C1", None)} <= by_rule
