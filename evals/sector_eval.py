"""The sector classifier on the gathered forms (issue 12): accuracy on the tuning part and on the
frozen test split of evals/ingest_split.json (never tuned on).

    .venv/bin/python evals/sector_eval.py [--verbose]

Input per form: its projects' names as the task name, its title and unit as context (what a user's
new task brings: a name, some content, the unit); gold: the sector written by hand in
corpus/gathered/<id>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus.sectors import classify  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    split = json.loads((ROOT / "evals" / "ingest_split.json").read_text(encoding="utf-8"))
    for part in ("tune", "test"):
        right = 0
        for form_id in split[part]:
            gold = json.loads((ROOT / "corpus" / "gathered" / f"{form_id}.json").read_text(encoding="utf-8"))
            name = " ".join(p["name"] for p in gold["projects"] if p["name"]) or gold["title"]
            guess = classify(name, gold["title"], gold.get("unit") or "")
            right += guess.sector == gold["sector"]
            if args.verbose and guess.sector != gold["sector"]:
                print(f"  {form_id}: {gold['sector']} read as {guess.sector} ({', '.join(guess.evidence[:4])})")
        print(f"{part}: {right} / {len(split[part])} = {right / len(split[part]):.0%}")


if __name__ == "__main__":
    main()
