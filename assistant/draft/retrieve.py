"""Similar past projects and candidate rows for a new budget task (shared by both engines).

    retrieval = retrieve(request, index, exclude_projects=["003_1c981b526f6e6f3d/p7"])
    retrieval.projects[0].title, retrieval.projects[0].rows      # the closest example tables
    retrieval.rows[0].indicator.id, retrieval.rows[0].score      # ranked candidate rows
    examples_for_prompt(retrieval, n=3, max_rows=16)              # what an LLM prompt shows

The example unit. A project of a project form is one example. A whole-unit form holds
one big project whose table is grouped by 职能 or 目标 (seed 004: 11 functions of 10–28
rows) or is one unit-wide table (seeds 000, 002): there each *group* is its own example,
keyed "projectid::group title", titled by the group, with money unknown (the unit's total
says nothing about one function's size). So a 161-row unit table is never one example.

Scores. Two ranked searches run on the task's text: project summaries and indicator rows
(both hybrid, reciprocal-rank fused). An example's score is its project summary's fused
score plus the mean fused score of its best three rows among the ranked rows; a group of a
unit form has no summary of its own, so its row part counts twice (the group title is
inside every row's indexed text, so its rows stand for the title too). Candidate rows are the ranked rows
plus every row of the top examples; a row's score is its own fused score plus a share of
its example's score, so a row of a close project ranks above a lone keyword match.

Sector first. With `prefer_group` (the task's sector group, `sector_gate.task_group`), an
example of that group scores `_SAME_SECTOR_BOOST` more: a road task's examples are road projects
before a health project that happens to share the word 养护.

`exclude_projects` takes project ids and group keys ("projectid::group title"): the index
filters project ids, group keys are dropped here (the eval leaves out one function).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.corpus.schema import Indicator
from assistant.draft.models import DraftRequest
from assistant.draft.sector_gate import sector_group
from assistant.index.retriever import IndicatorHit, ProjectHit, Retriever

GROUP_SEP = "::"
_ROWS_PER_EXAMPLE_SCORE = 3  # an example is as close as its best few rows, not its longest tail
_EXAMPLE_SHARE = 0.5  # how much of its example's score a row inherits
_SAME_SECTOR_BOOST = 0.5  # an example of the task's own sector group scores this share more
_ORDER = re.compile(r"#[Lr](\d+)")


@dataclass
class ExampleProject:
    key: str
    """Project id, or "projectid::group title" for a group of a whole-unit form."""
    form: str
    title: str
    content: str
    money: float | None
    """万元; None for a group of a whole-unit form or when the form states none."""
    score: float
    rows: list[Indicator] = field(default_factory=list)


@dataclass
class Candidate:
    indicator: Indicator
    form: str
    project: str
    """The example key the row belongs to (project id or group key)."""
    project_title: str
    project_money: float | None
    score: float


@dataclass
class Retrieval:
    projects: list[ExampleProject]
    rows: list[Candidate]
    timing: dict[str, float] = field(default_factory=dict)


def task_text(request: DraftRequest) -> str:
    """The query a task is searched by: its name, content and stated sector."""
    return "\n".join(p for p in (request.name, request.content, request.sector or "") if p.strip())


def example_key(hit: IndicatorHit) -> str:
    """The example a row belongs to: its project, or its group when the form is a whole-unit form."""
    if hit.form_kind == "project" or not hit.group:
        return hit.project_id
    return f"{hit.project_id}{GROUP_SEP}{hit.group}"


def _order(indicator_id: str) -> tuple[int, str]:
    match = _ORDER.search(indicator_id)
    return (int(match.group(1)) if match else 0, indicator_id)


def retrieve(request: DraftRequest, index: Retriever, *, exclude_forms: Iterable[str] = (),
             exclude_projects: Iterable[str] = (), k_projects: int = 6, k_rows: int = 60,
             prefer_group: str | None = None) -> Retrieval:
    """The `k_projects` most similar example projects/groups and the ranked candidate rows."""
    timing: dict[str, float] = {}
    started = time.perf_counter()
    query = task_text(request)
    exclude_forms = list(exclude_forms)
    excluded = list(exclude_projects)
    whole = [e for e in excluded if GROUP_SEP not in e]
    groups = {e for e in excluded if GROUP_SEP in e}

    project_hits = index.search_projects(query, k=max(2 * k_projects, 10), exclude_forms=exclude_forms,
                                         exclude_projects=whole)
    row_hits = [h for h in index.search_indicators(query, k=k_rows + 20 * bool(groups),
                                                   exclude_forms=exclude_forms, exclude_projects=whole)
                if example_key(h) not in groups][:k_rows]
    timing["search"] = time.perf_counter() - started

    by_example: dict[str, list[IndicatorHit]] = defaultdict(list)
    for hit in row_hits:
        by_example[example_key(hit)].append(hit)
    project_score = {h.project_id: h.fused_score for h in project_hits if h.form_kind == "project"}
    projects_by_id: dict[str, ProjectHit] = {h.project_id: h for h in project_hits}

    scores: dict[str, float] = {}
    for key, hits in by_example.items():
        best = sorted((h.fused_score for h in hits), reverse=True)[:_ROWS_PER_EXAMPLE_SCORE]
        # A group's title is inside each of its rows' texts, so its rows stand in for the summary half too.
        scores[key] = sum(best) / _ROWS_PER_EXAMPLE_SCORE * (1 if key == hits[0].project_id else 2)
    for project_id, score in project_score.items():
        scores[project_id] = scores.get(project_id, 0.0) + score
    if prefer_group:
        sector_of = {example_key(h): h.sector for h in row_hits} | {h.project_id: h.sector for h in project_hits}
        for key in scores:
            if sector_group(sector_of.get(key)) == prefer_group:
                scores[key] *= 1 + _SAME_SECTOR_BOOST
    top = sorted(scores, key=lambda k: (-scores[k], k))[:k_projects]

    started = time.perf_counter()
    member_rows = [h for h in index.indicators_of({k.split(GROUP_SEP)[0] for k in top})
                   if example_key(h) in top]
    timing["rows"] = time.perf_counter() - started

    titles: dict[str, tuple[str, str, float | None]] = {}
    for hit in member_rows + row_hits:
        key = example_key(hit)
        if key in titles:
            continue
        if key == hit.project_id:
            summary = projects_by_id.get(hit.project_id)
            content = summary.text.split("\n", 1)[1] if summary and "\n" in summary.text else ""
            money = summary.money_total if summary else None
            titles[key] = (hit.project, content, money)
        else:
            titles[key] = (hit.group or hit.project, "", None)

    indicators: dict[str, Indicator] = {}  # a row found by both searches is parsed once

    def indicator(hit: IndicatorHit) -> Indicator:
        if hit.id not in indicators:
            indicators[hit.id] = hit.to_indicator()
        return indicators[hit.id]

    examples = []
    grouped: dict[str, list[IndicatorHit]] = defaultdict(list)
    for hit in member_rows:
        grouped[example_key(hit)].append(hit)
    for key in top:
        in_order = sorted(grouped.get(key, []), key=lambda h: _order(h.id))
        title, content, money = titles.get(key, (key, "", None))
        form = key.split("/")[0]
        examples.append(ExampleProject(key=key, form=form, title=title, content=content, money=money,
                                       score=scores[key], rows=[indicator(h) for h in in_order]))

    ranked: dict[str, Candidate] = {}
    for hit in row_hits + member_rows:
        if hit.id in ranked:
            continue
        key = example_key(hit)
        score = hit.fused_score + _EXAMPLE_SHARE * scores.get(key, 0.0)
        title, _, money = titles.get(key, (hit.project, "", None))
        ranked[hit.id] = Candidate(indicator=indicator(hit), form=hit.form, project=key, project_title=title,
                                       project_money=money, score=score)
    rows = sorted(ranked.values(), key=lambda c: (-c.score, c.indicator.id))
    return Retrieval(projects=examples, rows=rows, timing=timing)


def examples_for_prompt(retrieval: Retrieval, n: int = 3, max_rows: int = 16) -> list[ExampleProject]:
    """The `n` best examples, each cut to `max_rows` rows: its best-ranked rows, kept in table order.

    Large unit tables (seed 000: 110 rows in one table) are trimmed to the rows that matched
    the task; a small project table is shown whole."""
    rank = {c.indicator.id: c.score for c in retrieval.rows}
    chosen = []
    for example in retrieval.projects[:n]:
        rows = example.rows
        if len(rows) > max_rows:
            keep = set(sorted((r.id for r in rows), key=lambda i: (-rank.get(i, 0.0), _order(i)))[:max_rows])
            rows = [r for r in rows if r.id in keep]
        chosen.append(ExampleProject(key=example.key, form=example.form, title=example.title,
                                     content=example.content, money=example.money, score=example.score,
                                     rows=list(rows)))
    return chosen
