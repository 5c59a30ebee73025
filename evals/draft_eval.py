"""Leave-one-out evaluation of the offline drafting engine against two baselines, by sector.

Units, over the whole reference corpus (seeds and gathered forms of every sector): every project
with at least 3 rows (project forms, self-evaluation forms, whole-unit forms read as one project
table), and every function/goal group with at least 5 rows (001: 3 goals, 004: 11 functions).
The unit-wide tables of seeds 000 and 002 (110+ rows, one table for a whole bureau) are not a
task one drafts and are left out. Each unit is drafted from the rest of the corpus in:
  - leave-form-out: the unit's whole form is left out (the default, and the issue's measure);
  - leave-project-out (--variant): only the unit is left out; sibling projects stay.
The task given is the unit's name, its content / goal text (projects) and its money
(projects; a function's money is unknown). The sector is not given: the engine reads it.

Metrics, per method and variant (means over units):
  coverage   share of the real table's (一级, 二级) pairs the draft has
  recall     share of real indicators matched by a drafted row
  precision  share of drafted rows that match a real indicator
  form       among matched pairs, share whose value form agrees (same comparator and unit)
  valid      share of drafts with no error-level finding of the validator
  foreign    share of drafted rows carrying a word specific to another sector than the unit's
             (`draft.sector_gate` over the whole corpus, judged against the unit's hand-set sector)
  warns      warn-level findings per draft (what a reviewer would still send back)
  p50 / p95  drafting latency (ms), each draft embedding its query afresh
A drafted row matches a real indicator when their 二级 agree and their names'
character-bigram Dice similarity is ≥ 0.6 (`assistant.draft.names`; one-to-one, greedy
by similarity). 0.6 pairs 补贴资金发放准确率 / 补助资金发放准确率 but not 培训出勤率 /
会议出勤率: a shared measure on another activity is not the same indicator.

Baselines: "copy" takes the single most similar past project/group (the top example of
the same retrieval) with its values as they were; "frequent" takes, per required 二级,
the indicator names most frequent in the remaining corpus with their most common value
(数量 2, 质量 2, 时效 1, 社会效益 1, 满意度 1; plus 总成本 = money where money is stated).

Rows "all" and one per sector with at least 5 forms.

    .venv/bin/python evals/draft_eval.py [--json] [--data-dir data/eval_index] [--variant leave-project-out]
        [--methods offline,copy,frequent] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.corpus import levels  # noqa: E402
from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.corpus.schema import Form, Indicator  # noqa: E402
from assistant.corpus.values import parse_value  # noqa: E402
from assistant.draft import Draft, DraftRequest, DraftRow  # noqa: E402
from assistant.draft.offline import draft_offline  # noqa: E402
from assistant.draft.retrieve import GROUP_SEP, retrieve  # noqa: E402
from assistant.draft.sector_gate import Gate, SectorWords, sector_group, sector_words  # noqa: E402
from assistant.draft.similarity import SAME_INDICATOR, name_similarity  # noqa: E402
from assistant.index.hybrid import Index  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.validate.findings import has_errors  # noqa: E402
from assistant.validate.rules import check_project  # noqa: E402
from assistant.validate.rules.kinds import compact  # noqa: E402

MIN_GROUP_ROWS = 5
MIN_PROJECT_ROWS = 3
MIN_SECTOR_FORMS = 5
FREQUENT_SLOTS = ((levels.OUTPUT, levels.QUANTITY, 2), (levels.OUTPUT, levels.QUALITY, 2),
                  (levels.OUTPUT, levels.TIMELINESS, 1), (levels.BENEFIT, levels.SOCIAL, 1),
                  (levels.SATISFACTION, levels.SERVICE_SATISFACTION, 1))


@dataclass
class Unit:
    key: str  # project id or "projectid::group title", as retrieval's exclude filter takes it
    form: str
    request: DraftRequest
    real: list[Indicator]
    sector: str | None = None


@dataclass
class Score:
    coverage: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    form: list[float] = field(default_factory=list)
    valid: list[float] = field(default_factory=list)
    foreign: list[float] = field(default_factory=list)
    warns: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        ms = sorted(s * 1000 for s in self.seconds)
        return {"units": len(self.recall), "coverage": _mean(self.coverage), "recall": _mean(self.recall),
                "precision": _mean(self.precision), "form": _mean(self.form), "valid": _mean(self.valid),
                "foreign": _mean(self.foreign), "warns": _mean(self.warns),
                "p50_ms": ms[len(ms) // 2] if ms else 0.0,
                "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else 0.0}


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def units(forms: list[Form]) -> list[Unit]:
    out = []
    for form in forms:
        for project in form.projects:
            kinds = {g.kind for g in project.groups}
            if kinds <= {"project"} and len(project.indicators) >= MIN_PROJECT_ROWS:
                content = project.content or project.annual_goal
                out.append(Unit(project.id, form.id, DraftRequest(name=project.name, content=content,
                                                                  budget=project.money.total), project.indicators,
                                form.sector))
                continue
            for group in project.groups:
                if group.kind in ("function", "goal") and len(group.indicators) >= MIN_GROUP_ROWS:
                    out.append(Unit(f"{project.id}{GROUP_SEP}{group.title}", form.id,
                                    DraftRequest(name=group.title), group.indicators, form.sector))
    return out


def match(drafted: list[DraftRow], real: list[Indicator]) -> list[tuple[DraftRow, Indicator]]:
    """One-to-one pairs of drafted and real rows with the same 二级 and close names, best first."""
    scored = sorted(((name_similarity(d.name, r.name), i, j) for i, d in enumerate(drafted)
                     for j, r in enumerate(real) if d.level2 == r.level2), reverse=True)
    used_d, used_r, pairs = set(), set(), []
    for similarity, i, j in scored:
        if similarity < SAME_INDICATOR or i in used_d or j in used_r:
            continue
        used_d.add(i)
        used_r.add(j)
        pairs.append((drafted[i], real[j]))
    return pairs


def score_draft(score: Score, draft: Draft, unit: Unit, seconds: float, words: SectorWords) -> None:
    real_pairs = {(r.level1, r.level2) for r in unit.real if r.level2}
    drafted_pairs = {(r.level1, r.level2) for r in draft.rows}
    pairs = match(draft.rows, unit.real)
    score.coverage.append(len(real_pairs & drafted_pairs) / len(real_pairs) if real_pairs else 1.0)
    score.recall.append(len(pairs) / len(unit.real) if unit.real else 1.0)
    score.precision.append(len(pairs) / len(draft.rows) if draft.rows else 0.0)
    if pairs:
        same = [(parse_value(d.value, d.name).comparator, parse_value(d.value, d.name).unit)
                == (r.value.comparator, r.value.unit) for d, r in pairs]
        score.form.append(sum(same) / len(same))
    score.valid.append(0.0 if has_errors(draft.findings) else 1.0)
    judge = Gate.for_task(unit.request, words, group=sector_group(unit.sector))
    score.foreign.append(sum(not judge.admits(r.name) for r in draft.rows) / len(draft.rows) if draft.rows else 0.0)
    score.warns.append(sum(f.severity == "warn" for f in draft.findings))
    score.seconds.append(seconds)


def _checked(request: DraftRequest, rows: list[DraftRow]) -> Draft:
    draft = Draft(request=request, rows=rows, engine="offline")
    draft.findings = check_project(draft.to_project())
    return draft


def _row(ind: Indicator) -> DraftRow:
    return DraftRow(level1=ind.level1 or "", level2=ind.level2 or "", name=ind.name, value=ind.value.raw)


def copy_baseline(index: Index) -> Callable[[Unit, dict], Draft]:
    def run(unit: Unit, exclude: dict) -> Draft:
        retrieval = retrieve(unit.request, index, **exclude)
        rows = [_row(i) for i in retrieval.projects[0].rows] if retrieval.projects else []
        return _checked(unit.request, rows)
    return run


def frequent_baseline(forms: list[Form]) -> Callable[[Unit, dict], Draft]:
    def run(unit: Unit, exclude: dict) -> Draft:
        left_out_forms = set(exclude.get("exclude_forms", ()))
        left_out = set(exclude.get("exclude_projects", ()))
        names: dict[str, Counter[str]] = {}
        values: dict[tuple[str, str], Counter[str]] = {}
        for form in forms:
            if form.id in left_out_forms:
                continue
            for project, group, ind in form.iter_indicators():
                if project.id in left_out or f"{project.id}{GROUP_SEP}{group.title}" in left_out or not ind.level2:
                    continue
                names.setdefault(ind.level2, Counter())[compact(ind.name)] += 1
                values.setdefault((ind.level2, compact(ind.name)), Counter())[ind.value.raw] += 1
        rows = []
        for level1, level2, n in FREQUENT_SLOTS:
            for name, _ in names.get(level2, Counter()).most_common(n):
                rows.append(DraftRow(level1=level1, level2=level2, name=name,
                                     value=values[(level2, name)].most_common(1)[0][0]))
        if unit.request.budget:
            rows.append(DraftRow(level1=levels.OUTPUT, level2=levels.UNIT_COST, name="项目总成本",
                                 value=f"≤{unit.request.budget:g}万元"))
        return _checked(unit.request, rows)
    return run


def sectors_reported(forms: list[Form]) -> list[str]:
    counts = Counter(f.sector for f in forms if f.sector)
    return sorted((s for s, n in counts.items() if n >= MIN_SECTOR_FORMS), key=lambda s: (-counts[s], s))


def evaluate(index: Index, forms: list[Form], variant: str = "leave-form-out", verbose: bool = False,
             only: tuple[str, ...] = ()) -> dict[str, dict[str, dict[str, float]]]:
    """{scope ("all" or a sector): {method: summary}} for one variant."""
    methods: dict[str, Callable[[Unit, dict], Draft]] = {
        "offline": lambda unit, exclude: draft_offline(unit.request, index, **exclude),
        "copy": copy_baseline(index),
        "frequent": frequent_baseline(forms),
    }
    methods = {name: method for name, method in methods.items() if not only or name in only}
    words = sector_words(index.sector_rows())
    scopes = ["all", *sectors_reported(forms)]
    scores = {scope: {name: Score() for name in methods} for scope in scopes}
    for unit in units(forms):
        exclude = ({"exclude_projects": [unit.key]} if variant == "leave-project-out"
                   else {"exclude_forms": [unit.form]})
        for name, method in methods.items():
            index.clear_query_cache()  # each timed draft embeds its query, as a new task does
            started = time.perf_counter()
            draft = method(unit, exclude)
            seconds = time.perf_counter() - started
            for scope in ("all", unit.sector):
                if scope in scores:
                    score_draft(scores[scope][name], draft, unit, seconds, words)
            if verbose and name == "offline":
                judge = Gate.for_task(unit.request, words, group=sector_group(unit.sector))
                bad = [r.name for r in draft.rows if not judge.admits(r.name)]
                if bad:
                    print(f"  foreign in {unit.key} ({unit.sector}): {'；'.join(bad)}")
                missing = {(r.level1, r.level2) for r in unit.real if r.level2} - {(r.level1, r.level2) for r in draft.rows}
                if missing:
                    print(f"  missing in {unit.key} ({unit.sector}): {'；'.join('/'.join(m) for m in sorted(missing))}")
    return {scope: {name: s.summary() for name, s in by_method.items()} for scope, by_method in scores.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--data-dir", type=Path, default=Path("data/eval_index"),
                        help="where the eval's own index is kept (built incrementally)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--variant", choices=("leave-form-out", "leave-project-out"), default="leave-form-out")
    parser.add_argument("--verbose", action="store_true",
                        help="print the foreign rows and the missing (一级, 二级) pairs of each offline draft")
    parser.add_argument("--methods", default="offline,copy,frequent", help="comma-separated: offline, copy, frequent")
    args = parser.parse_args()
    forms = Corpus(args.corpus).forms()
    index = Index.open(Settings(_env_file=None, data_dir=args.data_dir, chroma_host=None, embedding_base_url=None))
    index.build(forms)
    index.search_indicators("预热", k=1)  # load the embedder and keyword catalog before timing
    results = evaluate(index, forms, args.variant, args.verbose, tuple(args.methods.split(",")))
    if args.json:
        print(json.dumps({"match": f"same 二级 and character-bigram Dice ≥ {SAME_INDICATOR}", "results": results},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"Draft eval ({args.variant}): {len(units(forms))} units of {len(forms)} forms; a drafted row matches a "
          f"real one when the 二级 agree and the names' character-bigram Dice ≥ {SAME_INDICATOR} (one-to-one)")
    header = f"{'scope':<10} {'method':<9} {'units':>5} {'coverage':>8} {'recall':>7} {'precision':>9} " \
             f"{'form':>6} {'valid':>6} {'foreign':>7} {'warns':>6} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    for scope, by_method in results.items():
        for name, s in by_method.items():
            print(f"{scope:<10} {name:<9} {s['units']:>5} {s['coverage']:>8.3f} {s['recall']:>7.3f} "
                  f"{s['precision']:>9.3f} {s['form']:>6.3f} {s['valid']:>6.3f} {s['foreign']:>7.3f} "
                  f"{s['warns']:>6.2f} {s['p50_ms']:>7.1f} {s['p95_ms']:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
