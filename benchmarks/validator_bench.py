"""How fast the validator is: the first call (which loads jieba), check_form on each seed,
check_project on a typical 9-row project, and a drafted payload end to end.

    .venv/bin/python benchmarks/validator_bench.py [--repeat 50]

Prints median and worst times; nothing is asserted (targets are read, not enforced).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.validate.payload import parse_payload, payload_to_project  # noqa: E402
from assistant.validate.rules import check_form, check_project  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    forms = Corpus(CORPUS).forms()

    start = time.perf_counter()
    check_form(forms[0])
    print(f"first check_form (loads jieba's dictionary once): {(time.perf_counter() - start) * 1000:.0f} ms")

    print(f"\ncheck_form per seed, {args.repeat} runs: median / worst")
    for form in forms:
        rows = sum(1 for _ in form.iter_indicators())
        median, worst = timed(lambda form=form: check_form(form), args.repeat)
        print(f"  {form.id}  {len(form.projects):>2} projects {rows:>4} rows  {median:6.2f} / {worst:6.2f} ms")

    seed_003 = next(f for f in forms if f.id.startswith("003"))
    typical = next(p for p in seed_003.projects if len(p.indicators) == 9)
    median, worst = timed(lambda: check_project(typical, seed_003), args.repeat * 4)
    print(f"\ncheck_project on a typical 9-row project ({typical.name}): {median:.2f} / {worst:.2f} ms")

    draft = json.dumps({"indicators": [
        {"level1": ind.level1, "level2": ind.level2, "name": ind.name, "value": ind.value.raw}
        for ind in typical.indicators]}, ensure_ascii=False)

    def drafted() -> None:
        payload, _ = parse_payload(f"```json\n{draft}\n```")
        check_project(payload_to_project(payload, typical.name, typical.content, typical.money.total))

    median, worst = timed(drafted, args.repeat * 4)
    print(f"parse_payload + payload_to_project + check_project on the same 9 rows as LLM output: "
          f"{median:.2f} / {worst:.2f} ms")
    print(f"\npeak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
