"""Mutation evaluation of the validator.

Takes every project of the corpus, plants one defect at a time (the kinds reviewers send
forms back for), runs the checker, and counts a defect as detected when a finding of the
expected rule appears at the planted row (or, for a project-level defect, on the
project) that the unmutated project did not have. Prints the detection rate per defect
kind, then what the checker reports on the unmutated forms (its false alarms, if any:
every error-level finding is listed so a reader can judge it).

    .venv/bin/python evals/validator_eval.py [--corpus corpus] [--per-project 12]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.corpus import levels  # noqa: E402
from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.corpus.schema import Form, Indicator, Project  # noqa: E402
from assistant.corpus.values import COUNT_UNITS, is_rate_name, parse_value  # noqa: E402
from assistant.validate.findings import Finding  # noqa: E402
from assistant.validate.rules import check_form, check_project  # noqa: E402
from assistant.validate.rules.kinds import names_a_change  # noqa: E402

Variant = tuple[Project, str | None]  # the mutated project and the planted row's id (None: project-level)


@dataclass(frozen=True)
class Mutation:
    kind: str
    rules: tuple[str, ...]
    plant: Callable[[Project, Form], Iterator[Variant]]
    project_forms_only: bool = False


def _copy(project: Project) -> Project:
    return project.model_copy(deep=True)


def _rows(project: Project) -> list[Indicator]:
    return project.indicators


def _retype(project: Project, pick: Callable[[Indicator], bool], make: Callable[[Indicator, int], str | None],
            rename: Callable[[Indicator, int], str] | None = None) -> Iterator[Variant]:
    """One variant per eligible row: that row's value (and name) rewritten."""
    for n, ind in enumerate(_rows(project)):
        if not pick(ind):
            continue
        copy = _copy(project)
        row = copy.indicators[n]
        if rename:
            row.name = rename(row, n)
        raw = make(row, n)
        if raw is not None:
            row.value = parse_value(raw, name=row.name)
        yield copy, row.id


def _drop(level1: str) -> Callable[[Project, Form], Iterator[Variant]]:
    def plant(project: Project, form: Form) -> Iterator[Variant]:
        if not any(ind.level1 == level1 for ind in _rows(project)):
            return
        copy = _copy(project)
        for group in copy.groups:
            group.indicators = [ind for ind in group.indicators if ind.level1 != level1]
        yield copy, None
    return plant


def _wrong_level1(project: Project, form: Form) -> Iterator[Variant]:
    other = {levels.OUTPUT: levels.BENEFIT, levels.BENEFIT: levels.OUTPUT, levels.SATISFACTION: levels.BENEFIT,
             levels.COST: levels.SATISFACTION}
    for n, ind in enumerate(_rows(project)):
        if ind.level1 in other and ind.level2:
            copy = _copy(project)
            copy.indicators[n].level1 = other[ind.level1]
            yield copy, copy.indicators[n].id


def _is_plain_rate(ind: Indicator) -> bool:
    # Growth and decline rates may exceed 100% (RULES.md Q3): planting ≥120% there is no defect.
    return (is_rate_name(ind.name) and "满意" not in ind.name and ind.level1 != levels.SATISFACTION
            and ind.value.is_percent and not names_a_change(ind.name))


# RULES.md D1's reverse indicators, planted as 质量 rows with ≥.
_REVERSE_ROWS = [("数据误差率", "≥1%"), ("行政复议争议率", "≥2%"), ("审批办理逾期率", "≥3%"), ("群众投诉率", "≥1%"),
                 ("设备故障率", "≥2%"), ("安全事故数", "≥1次"), ("院内感染发生率", "≥5%"), ("患者死亡率", "≥1%")]


def _reverse_with_at_least(project: Project, form: Form) -> Iterator[Variant]:
    quality = [n for n, ind in enumerate(_rows(project)) if ind.level2 == levels.QUALITY]
    for i, n in enumerate(quality):
        name, raw = _REVERSE_ROWS[i % len(_REVERSE_ROWS)]
        copy = _copy(project)
        row = copy.indicators[n]
        row.name, row.value = name, parse_value(raw, name=name)
        yield copy, row.id


def _cost_above_money(project: Project, form: Form) -> Iterator[Variant]:
    money = project.money.total
    if not money:
        return  # K1 cannot judge without the money: it says so (info), which is not a detection
    too_much = f"≤{money * 1.2:.2f}万元"
    cost_rows = [n for n, ind in enumerate(_rows(project)) if ind.level2 == levels.UNIT_COST or ind.level1 == levels.COST]
    for n in cost_rows:
        copy = _copy(project)
        row = copy.indicators[n]
        row.name, row.value = "项目总成本", parse_value(too_much, name="项目总成本")
        yield copy, row.id
    if not cost_rows:
        copy = _copy(project)
        row = Indicator.make(levels.OUTPUT, levels.UNIT_COST, "项目总成本", too_much, id=f"{project.id}#cost")
        copy.groups[0].indicators.append(row)
        yield copy, row.id


def _duplicate(project: Project, form: Form) -> Iterator[Variant]:
    for ind in _rows(project):
        if ind.value.raw.strip() == "不适用":
            continue
        copy = _copy(project)
        for group in copy.groups:
            for i, row in enumerate(group.indicators):
                if row.id == ind.id:
                    twin = row.model_copy(deep=True, update={"id": f"{row.id}dup"})
                    group.indicators.insert(i + 1, twin)
                    break
        yield copy, f"{ind.id}dup"


_SENTENCES = [
    lambda name: f"进一步加强{name}，确保各项工作顺利开展",         # two clauses (seed 000)
    lambda name: f"全面完成{name}工作任务。",                       # a full stop (seed 004)
    lambda name: f"{name}完成率不低于全省平均水平",                  # the value inside the name (seed 001)
    lambda name: f"切实做好{name}工作并取得明显成效",                # no punctuation at all
]
_QUALITATIVE = ["完成", "逐步提高", "有效保障"]
_UNRELATED = [("道路硬化里程", "≥5公里"), ("农田灌溉面积", "≥100亩"), ("校舍维修面积", "≥500平方米")]


def _unrelated_output(project: Project, form: Form) -> Iterator[Variant]:
    for i, (name, raw) in enumerate(_UNRELATED):
        copy = _copy(project)
        row = Indicator.make(levels.OUTPUT, levels.QUANTITY, name, raw, id=f"{project.id}#unrelated{i}")
        copy.groups[0].indicators.insert(0, row)
        yield copy, row.id


def _has_value(ind: Indicator) -> bool:
    return ind.value.kind != "empty" and "不适用" not in (ind.value.raw, ind.name)


def _has_count_unit(ind: Indicator) -> bool:
    return ind.level2 == levels.QUANTITY and ind.value.is_quantitative and (ind.value.base_unit or "") in COUNT_UNITS


def _without_unit(ind: Indicator, n: int) -> str:
    value = ind.value
    return f"{value.comparator or ''}{value.number:g}"


MUTATIONS = [
    Mutation("去掉全部满意度指标", ("C1",), _drop(levels.SATISFACTION)),
    Mutation("去掉全部产出指标", ("C1",), _drop(levels.OUTPUT)),
    Mutation("二级指标放在错误的一级下", ("H2",), _wrong_level1),
    Mutation("比率写成≥120%", ("Q3",), lambda p, f: _retype(p, _is_plain_rate, lambda ind, n: "≥120%")),
    Mutation("反向指标用≥", ("D1",), _reverse_with_at_least),
    Mutation("成本超过预算", ("K1",), _cost_above_money),
    Mutation("满意度≥50%", ("S1",), lambda p, f: _retype(p, lambda ind: "满意" in ind.name, lambda ind, n: "≥50%")),
    Mutation("数量指标去掉单位", ("Q4",), lambda p, f: _retype(p, _has_count_unit, _without_unit)),
    Mutation("数量指标改为定性", ("Q1",), lambda p, f: _retype(
        p, lambda ind: ind.level2 == levels.QUANTITY, lambda ind, n: _QUALITATIVE[n % len(_QUALITATIVE)])),
    Mutation("重复一行", ("N2",), _duplicate),
    Mutation("清空指标值", ("Q2",), lambda p, f: _retype(p, _has_value, lambda ind, n: "")),
    Mutation("名称写成一句话", ("N1",), lambda p, f: _retype(
        p, lambda ind: ind.value.raw.strip() != "不适用", lambda ind, n: None,
        rename=lambda ind, n: _SENTENCES[n % len(_SENTENCES)](ind.name))),
    Mutation("加入与内容无关的产出指标", ("R1",), _unrelated_output, project_forms_only=True),
]


def _keys(findings: list[Finding], rules: tuple[str, ...], target: str | None) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in findings if f.rule in rules
            and (f.indicator_id == target if target else f.position is None)}


def _spread(items: list[Variant], most: int) -> list[Variant]:
    """At most `most` variants, spread over the project rather than its first rows."""
    if len(items) <= most:
        return items
    step = len(items) / most
    return [items[int(i * step)] for i in range(most)]


def evaluate(forms: list[Form], per_project: int) -> dict[str, Counter[str]]:
    results: dict[str, Counter[str]] = {m.kind: Counter() for m in MUTATIONS}
    for form in forms:
        for project in form.projects:
            before = check_project(project, form)
            for mutation in MUTATIONS:
                if mutation.project_forms_only and form.kind != "project":
                    continue
                for mutated, target in _spread(list(mutation.plant(project, form)), per_project):
                    baseline = _keys(before, mutation.rules, target)
                    found = _keys(check_project(mutated, form), mutation.rules, target) - baseline
                    results[mutation.kind]["planted"] += 1
                    results[mutation.kind]["detected"] += bool(found)
                    results[mutation.kind][f"projects:{project.id}"] = 1
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--per-project", type=int, default=12, help="at most this many variants per project and kind")
    args = parser.parse_args()
    forms = Corpus(args.corpus).forms()
    n_projects = sum(len(f.projects) for f in forms)
    print(f"corpus: {len(forms)} forms, {n_projects} projects, "
          f"{sum(1 for f in forms for _ in f.iter_indicators())} indicators")

    results = evaluate(forms, args.per_project)
    print("\ndetection per planted defect kind (a finding of the rule at the planted row / on the project)")
    print(f"{'defect kind':<24} {'rule':<5} {'projects':>8} {'planted':>8} {'detected':>8} {'rate':>7}")
    worst = 1.0
    for mutation in MUTATIONS:
        counts = results[mutation.kind]
        planted, detected = counts["planted"], counts["detected"]
        projects = sum(1 for key in counts if key.startswith("projects:"))
        rate = detected / planted if planted else float("nan")
        worst = min(worst, rate) if planted else worst
        print(f"{mutation.kind:<20} {'/'.join(mutation.rules):<5} {projects:>8} {planted:>8} {detected:>8} {rate:>7.1%}")
    print(f"lowest detection rate: {worst:.1%}")

    print("\nfindings on the unmutated forms (error / warn / info)")
    for form in forms:
        findings = check_form(form)
        by = Counter(f.severity for f in findings)
        print(f"  {form.id} ({form.kind}, {len(form.projects)} projects): "
              f"{by['error']} / {by['warn']} / {by['info']}")
        for f in findings:
            if f.severity == "error":
                print(f"    error {f.rule} [{f.project}] {f.message}")
    clean = [p for f in forms for p in f.projects if not any(x.severity == "error" for x in check_project(p, f))]
    print(f"projects with no error-level finding: {len(clean)} of {n_projects}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
