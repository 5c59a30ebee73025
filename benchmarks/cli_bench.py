"""How long `assistant --help` takes to start (the CLI imports its heavy dependencies lazily).

    .venv/bin/python benchmarks/cli_bench.py
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int = 5) -> None:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant", "--help"], cwd=ROOT, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    print(f"assistant --help: median {statistics.median(seconds):.2f} s, min {min(seconds):.2f} s over {runs} runs")


if __name__ == "__main__":
    main()
