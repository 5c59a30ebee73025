"""Offline drafting latency: first draft in a fresh process (cold) and repeated drafts (warm).

Drafts a fixed set of realistic tasks on the real-corpus index (built once, incrementally,
in --data-dir) and prints, per stage (retrieve, generate, check, total), the p50 / p95 /
max over all warm drafts (each with new text, so the query is embedded), the cold first draft, and the process's peak memory.

    .venv/bin/python benchmarks/draft_bench.py [--rounds 5] [--data-dir data/bench_index]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.draft import DraftRequest  # noqa: E402
from assistant.draft.offline import draft_offline  # noqa: E402
from assistant.index.hybrid import Index  # noqa: E402
from assistant.settings import Settings  # noqa: E402

TASKS = [
    DraftRequest(name="基层医疗卫生机构设备购置", content="为辖区基层医疗卫生机构购置DR、彩超等医疗设备", budget=800),
    DraftRequest(name="全科医生规范化培训", content="组织全科医生参加规范化培训，提升基层医疗服务能力", budget=120),
    DraftRequest(name="预防接种门诊运行经费", content="保障预防接种门诊正常运行，开展儿童免疫规划疫苗接种", budget=60),
    DraftRequest(name="计划生育特殊家庭扶助", content="发放计划生育特殊家庭扶助金和住院护理补贴", budget=300),
    DraftRequest(name="健康知识宣传", content="开展健康知识进社区宣传活动，发放宣传资料", budget=20),
    DraftRequest(name="道路养护", content="对辖区道路进行日常养护和维修", budget=300),
]
STAGES = ("retrieve", "generate", "check", "total")


def _ms(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"p50 {statistics.median(ms):7.1f}  p95 {p95:7.1f}  max {ms[-1]:7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="warm drafts per task")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--data-dir", type=Path, default=Path("data/bench_index"))
    args = parser.parse_args()

    index = Index.open(Settings(_env_file=None, data_dir=args.data_dir, chroma_host=None, embedding_base_url=None))
    report = index.build(Corpus(args.corpus).forms())
    print(f"index ready in {report.seconds:.1f} s ({report.embedded} records embedded), {index.counts()}")

    started = time.perf_counter()
    draft_offline(TASKS[0], index)
    print(f"cold first draft (loads the embedder, jieba and the keyword catalog): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")

    timings: dict[str, list[float]] = {stage: [] for stage in STAGES}
    rows = []
    for round_ in range(args.rounds):
        for task in TASKS:
            # A new year each round: the index memoises recent query vectors, and a user's next
            # task is new text, so every timed draft embeds its query afresh.
            task = task.model_copy(update={"content": f"{task.content}（{2025 + round_}年）"})
            draft = draft_offline(task, index)
            rows.append(len(draft.rows))
            for stage in STAGES:
                timings[stage].append(draft.timing[stage])
    print(f"warm offline drafts: {len(rows)} ({len(TASKS)} tasks × {args.rounds}), {min(rows)}–{max(rows)} rows each")
    for stage in STAGES:
        print(f"  {stage:<8} {_ms(timings[stage])}  ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores shared)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
