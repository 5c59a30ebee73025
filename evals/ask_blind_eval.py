"""Ask on questions written by helpers who never read the code (issue 13).

The sets: `blind` (evals/ask_blind/questions.jsonl, 118 questions on the five seeds, frozen before
Ask changed, later tuned on), `heldout` (70 on the seeds and the gathered forms, tuned on after its
first run) and `heldout2` … `heldout7` (60 each, evals/ask_heldoutN/questions.jsonl). Each of these
was written by a helper who read only the corpus texts, and run once untouched: heldout2 51/60,
heldout3 49/60, heldout4 50/60, heldout5 51/60, heldout6 54/60, heldout7 49/60. heldout2 … heldout6
were then used to improve Ask by the classes of their failures (tests on other forms in
tests/ask/test_gathered_*.py); heldout7 is untouched.

    .venv/bin/python evals/ask_blind_eval.py [--set blind|heldout|heldout2|…|heldout7] [--verbose] [--kind lookup]

A case is right when (by kind):
- lookup: the answer is not "not found" and its text holds the gold value;
- list: every gold item is named in the answer text or its citations;
- count: the first sentence holds the gold number;
- sum / form_money: the text holds the gold amount (as written, or rounded to two places), or an
  unrounded figure that rounds to it;
- compare: the first sentence names the winner;
- extreme: the text names the item;
- followup: the earlier turns are asked first in the same session, then the inner kind's test;
- miss: the answer is "not found".
Also printed: correct answers labelled "not found" (the text holds the gold but found is false).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.ask import Asker, Session  # noqa: E402
from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.settings import Settings  # noqa: E402

SETS = {"blind": ROOT / "evals" / "ask_blind" / "questions.jsonl",
        "heldout": ROOT / "evals" / "ask_heldout" / "questions.jsonl",
        "heldout2": ROOT / "evals" / "ask_heldout2" / "questions.jsonl",
        "heldout3": ROOT / "evals" / "ask_heldout3" / "questions.jsonl",
        "heldout4": ROOT / "evals" / "ask_heldout4" / "questions.jsonl",
        "heldout5": ROOT / "evals" / "ask_heldout5" / "questions.jsonl",
        "heldout6": ROOT / "evals" / "ask_heldout6" / "questions.jsonl",
        "heldout7": ROOT / "evals" / "ask_heldout7" / "questions.jsonl"}
TODAY = date(2026, 12, 1)


def plain(text: str) -> str:
    return re.sub(r"[\s,，]", "", text or "")


def amount_forms(amount: float) -> set[str]:
    forms = {f"{amount:.2f}", f"{amount:g}", f"{amount:.1f}", str(int(amount)) if amount == int(amount) else ""}
    return {f for f in forms if f}


def first_sentence(text: str) -> str:
    return re.split(r"[。\n]", text, maxsplit=1)[0]


def judge(kind: str, gold: dict, answer) -> bool:
    text = plain(answer.text)
    cited = plain(" ".join(f"{c.project} {c.group or ''} {c.name} {c.value}" for c in answer.citations))
    if kind == "miss":
        return not answer.found
    if kind == "lookup":
        return answer.found and plain(gold["value"]) in text
    if kind == "list":
        return all(plain(item) in text or plain(item) in cited for item in gold["items"])
    if kind == "count":
        return re.search(rf"(?<!\d){gold['count']}(?!\d)", plain(first_sentence(answer.text))) is not None
    if kind in ("sum", "form_money"):
        # The gold amount as written or rounded, or an unrounded figure in the answer that rounds to it
        # (the form's 387664.62元 answered as 38.766462万元 for a gold of 38.77).
        gold_amount = float(gold["amount"])
        return (any(f in text for f in amount_forms(gold_amount))
                or any(round(float(n), 2) == round(gold_amount, 2) for n in re.findall(r"\d+\.\d{3,}", text)))
    if kind == "compare":
        return plain(gold["winner"]) in plain(first_sentence(answer.text))
    if kind == "extreme":
        return plain(gold["item"]) in text
    raise ValueError(kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--kind")
    parser.add_argument("--set", choices=sorted(SETS), default="blind")
    args = parser.parse_args()
    cases = [json.loads(line) for line in SETS[args.set].read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.kind:
        cases = [c for c in cases if c["kind"] == args.kind]
    settings = Settings(llm_base_url=None)
    asker = Asker(Corpus(settings.corpus_dir).forms(), None, settings, today=TODAY)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    mislabelled = 0
    seconds: list[float] = []
    for case in cases:
        kind = case["kind"]
        gold = case["answer"]
        inner = gold.get("kind", kind) if kind == "followup" else kind
        session = Session()
        for earlier in case.get("context", []):
            asker.ask(earlier, session)
        started = time.perf_counter()
        answer = asker.ask(case["question"], session)
        seconds.append(time.perf_counter() - started)
        ok = judge(inner, gold, answer)
        total[kind] += 1
        right[kind] += ok
        if inner != "miss" and not answer.found and judge(inner, gold, answer.model_copy(update={"found": True})):
            mislabelled += 1
        if args.verbose and not ok:
            print(f"✗ {case['id']} [{kind}] {case['question']}\n    gold: {case['gold_text']}\n"
                  f"    got:  {answer.text[:160]!r} (found={answer.found})")
    print(f"{'kind':<12} right / total")
    for kind in sorted(total):
        print(f"{kind:<12} {right[kind]:>3} / {total[kind]:<3} {right[kind] / total[kind]:.0%}")
    n = sum(total.values())
    print(f"{'overall':<12} {sum(right.values()):>3} / {n:<3} {sum(right.values()) / max(n, 1):.0%}")
    print(f"correct answers labelled 'not found': {mislabelled}")
    ordered = sorted(seconds)
    print(f"seconds per question: mean {sum(seconds) / max(len(seconds), 1):.3f}, "
          f"median {ordered[len(ordered) // 2]:.3f}, max {ordered[-1]:.3f}")


if __name__ == "__main__":
    main()
