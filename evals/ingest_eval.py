"""How well ingest reads real forms it was not written for (issue 11).

    .venv/bin/python evals/ingest_eval.py                 # the frozen test split
    .venv/bin/python evals/ingest_eval.py --split tune    # the forms the reader may be tuned on
    .venv/bin/python evals/ingest_eval.py --split fresh   # gathered after the reader work: untouched
    .venv/bin/python evals/ingest_eval.py --split all --verbose

Inputs: `corpus/gathered/<id>.txt` (the stored page text, as published) and the gold table written
by hand from it, `corpus/gathered/<id>.json`. `evals/ingest_split.json` froze the test split before
the reader changed. No hand review is applied.

Figures:
- read: forms ingested without an error (a refused form counts as read wrong everywhere);
- rows exact: gold rows the reader produced with the same 一级, 二级, 三级 name and 指标值 (one-to-one,
  anywhere in the form); rows extra: produced rows matching no gold row;
- header right: forms whose every gold project is found by name with the right annual money (万元;
  a gold amount of null means the reader must not invent one).
Names and values are compared without white space, ★ marks and template placeholders such as
"(≥**人)"; level names after the reader's own normalisation of both sides.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from hanziconv import HanziConv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus import levels  # noqa: E402
from assistant.corpus.files import load_form  # noqa: E402
from assistant.corpus.published import _PINYIN  # noqa: E402
from assistant.corpus.schema import Form  # noqa: E402
from assistant.errors import UserError  # noqa: E402

GATHERED = ROOT / "corpus" / "gathered"
GOLD = ROOT / "corpus" / "gathered"
SPLIT = ROOT / "evals" / "ingest_split.json"

_PLACEHOLDER = re.compile(r"[(（][^()（）]*\*\*[^()（）]*[)）]")


def norm_text(text: str | None) -> str:
    # Script is not content: a page in traditional characters (gold written from it as it stands) is read
    # as simplified, so both sides are compared in simplified script.
    text = HanziConv.toSimplified(_PINYIN.sub("", _PLACEHOLDER.sub("", text or "")))
    return re.sub(r"[\s★☆]", "", text)


def norm_level1(text: str | None) -> str:
    return levels.normalize_level1(text or "") or norm_text(text)


def norm_level2(text: str | None) -> str:
    return levels.normalize_level2(text or "") or norm_text(text)


_SATISFACTION = {levels.SERVICE_SATISFACTION, levels.OTHER_SATISFACTION}


def row_key(level1: str | None, level2: str | None, name: str, value: str) -> tuple[str, str, str, str]:
    l1, l2 = norm_level1(level1), norm_level2(level2)
    if l2 in _SATISFACTION:
        l1 = levels.SATISFACTION  # older forms put 满意度 under 效益 (RULES.md: a variant, not a defect)
    name = re.sub(r"^(指标\d+[:：.、]?|\*+)", "", norm_text(name))
    return l1, l2, name, norm_text(value)


def gold_rows(gold: dict) -> list[tuple[str, str, str, str]]:
    return [row_key(r["level1"], r["level2"], r["name"], r["value"]) for p in gold["projects"] for r in p["rows"]]


def read_rows(form: Form) -> list[tuple[str, str, str, str]]:
    return [row_key(ind.level1, ind.level2, ind.name_raw or ind.name, ind.value.raw)
            for _, _, ind in form.iter_indicators()]


def header_right(gold: dict, form: Form) -> bool:
    for gp in gold["projects"]:
        if not gp["name"]:
            continue
        match = [p for p in form.projects if norm_text(p.name) == norm_text(gp["name"])]
        if not match:
            return False
        want = gp["money_wan"]
        got = match[0].money.total
        if want is None:
            if got not in (None, 0):
                return False
        elif got is None or abs(got - want) > 0.005 + 1e-6 * abs(want):
            return False
    return True


def evaluate(ids: list[str], verbose: bool = False) -> dict[str, float]:
    totals: Counter[str] = Counter()
    for form_id in ids:
        gold = json.loads((GOLD / f"{form_id}.json").read_text(encoding="utf-8"))
        want = gold_rows(gold)
        totals["forms"] += 1
        totals["gold_rows"] += len(want)
        try:
            form = load_form(GATHERED / f"{form_id}.txt", form_id=form_id)
        except UserError as exc:
            if verbose:
                print(f"✗ {form_id} [{gold['sector']}] refused: {exc.user_message()}")
            continue
        totals["read"] += 1
        got = read_rows(form)
        pool = Counter(got)
        matched = 0
        missed = []
        for key in want:
            if pool[key] > 0:
                pool[key] -= 1
                matched += 1
            else:
                missed.append(key)
        totals["matched"] += matched
        totals["read_rows"] += len(got)
        totals["extra"] += sum(pool.values())
        ok_header = header_right(gold, form)
        totals["header_right"] += ok_header
        if verbose:
            mark = "✓" if matched == len(want) and ok_header else "·"
            print(f"{mark} {form_id} [{gold['sector']}] rows {matched}/{len(want)} (read {len(got)})"
                  f" header {'ok' if ok_header else 'WRONG'}: "
                  f"{[(p.name, p.money.total) for p in form.projects][:3]}"
                  f" vs {[(p['name'], p['money_wan']) for p in gold['projects']][:3]}")
            for key in missed[:6]:
                print(f"    missed {'/'.join(key)}")
            for key in [k for k, n in pool.items() if n > 0][:4]:
                print(f"    extra  {'/'.join(key)}")
    n = max(totals["forms"], 1)
    return {
        "forms": totals["forms"],
        "read": totals["read"] / n,
        "rows_exact": totals["matched"] / max(totals["gold_rows"], 1),
        "rows_extra": totals["extra"] / max(totals["read_rows"], 1),
        "header_right": totals["header_right"] / n,
        "gold_rows": totals["gold_rows"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["test", "tune", "fresh", "all"], default="test")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    ids = split["test"] + split["tune"] if args.split == "all" else split[args.split]
    result = evaluate(ids, args.verbose)
    print(f"split {args.split}: {result['forms']} forms, {result['gold_rows']} gold rows")
    print(f"  read (no refusal)   {result['read']:.1%}")
    print(f"  rows exact          {result['rows_exact']:.1%}")
    print(f"  rows extra          {result['rows_extra']:.1%} of the rows read")
    print(f"  header right        {result['header_right']:.1%}  (project names and money)")


if __name__ == "__main__":
    main()
