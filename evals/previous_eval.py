"""Last year's form as the base: what bringing a form forward keeps and what it repairs.

Two sets of units, over every project of the shipped corpus (project and self-evaluation forms
with a year, at least 3 rows):

  pairs     projects whose corpus holds the same unit's project of an earlier year
            (`find_previous` on the project's own name, unit and year): the later form is the
            truth, the earlier one the base. Few exist (the corpus is mostly one form per unit).
  next_year leave-one-year-out: each project brought forward to the next year with its money
            changed by +20% (a typical year), from the corpus without any later form.

Metrics (totals over units):
  kept          rows of the base carried into the draft (placeholder rows such as 不适用 are not)
  matched       (pairs only) drafted rows that match a row of the later real form (same 二级,
                name similarity ≥ 0.6, one-to-one), over the later form's rows
  rolled/scaled rows whose years were rolled / whose count or amount followed the money
  repaired      mechanical repairs of rows the validator flagged
  needs_review  rows marked for review
  errors, warns the validator's row-level error / warn findings of the base as it was, and of the draft

    .venv/bin/python evals/previous_eval.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.corpus.schema import Form, Project  # noqa: E402
from assistant.draft.models import DraftRequest  # noqa: E402
from assistant.draft.previous import PreviousProject, draft_from_previous, find_previous  # noqa: E402
from assistant.draft.similarity import SAME_INDICATOR, name_similarity  # noqa: E402
from assistant.validate.rules import check_project  # noqa: E402

_MONEY_CHANGE = 1.2


def _units(forms: list[Form]) -> list[tuple[Form, Project]]:
    return [(form, project) for form in forms if form.kind in ("project", "self_evaluation") and form.year
            for project in form.projects if len(project.indicators) >= 3 and form.unit]


def _counts(findings: list, severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity and f.position)


def _matched(drafted: list, truth: Project) -> int:
    free = list(truth.indicators)
    hits = 0
    for row in drafted:
        best = max(free, key=lambda i: name_similarity(i.name, row.name), default=None)
        if best is not None and best.level2 == row.level2 and name_similarity(best.name, row.name) >= SAME_INDICATOR:
            free.remove(best)
            hits += 1
    return hits


def _measure(request: DraftRequest, base: PreviousProject) -> dict[str, int]:
    draft = draft_from_previous(request, base)
    before = check_project(base.project)
    sources = [s.note for r in draft.rows for s in r.sources if s.why == "adapted"]
    return {"units": 1, "base_rows": len(base.project.indicators), "kept": len(draft.rows),
            "rolled": sum("年份顺延" in n for n in sources), "scaled": sum("按资金变化" in n for n in sources),
            "repaired": sum(not ("年份顺延" in n or "按资金变化" in n or "总成本按本年资金" in n) for n in sources),
            "needs_review": sum(r.needs_review for r in draft.rows),
            "errors_before": _counts(before, "error"), "errors_after": _counts(draft.findings, "error"),
            "warns_before": _counts(before, "warn"), "warns_after": _counts(draft.findings, "warn")}


def _add(total: dict[str, int], part: dict[str, int]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0) + value


def evaluate(forms: list[Form]) -> dict[str, dict[str, int]]:
    pairs: dict[str, int] = {}
    next_year: dict[str, int] = {}
    for form, project in _units(forms):
        request = DraftRequest(name=project.name, content=project.content, unit=form.unit, year=form.year,
                               budget=project.money.total)
        base = find_previous(request, forms)
        if base is not None:
            measured = _measure(request, base)
            measured["truth_rows"] = len(project.indicators)
            measured["matched"] = _matched(draft_from_previous(request, base).rows, project)
            _add(pairs, measured)
        later = [f for f in forms if f.id != form.id]
        budget = None if project.money.total is None else round(project.money.total * _MONEY_CHANGE, 2)
        request = DraftRequest(name=project.name, content=project.content, unit=form.unit, year=form.year + 1,
                               budget=budget)
        own = find_previous(request, [form, *[f for f in later if (f.year or 0) <= form.year]])
        if own is not None and own.form.id == form.id and own.project is project:
            _add(next_year, _measure(request, own))
    return {"pairs": pairs, "next_year": next_year}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(Corpus(ROOT / "corpus").forms())
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for name, totals in result.items():
        print(f"{name}: " + (", ".join(f"{k}={v}" for k, v in totals.items()) or "no units"))


if __name__ == "__main__":
    main()
