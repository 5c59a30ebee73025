"""The retrieval path: lookups ranked by the hybrid index under the plan's filters, kept only
where the row's name answers the asked words (`query.naming`).

The index ranks; the name score decides what counts as found, so a question about something
the corpus lacks gets "not found" and the index's nearest rows as the closest, never a nearest
row passed off as the answer. Without an index (not built yet) rows are ranked by the name
score alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ask.catalog import Catalog
from assistant.ask.link import indicator_score
from assistant.ask.plan import Plan
from assistant.ask.query import Record, naming, scoped_rows
from assistant.index.retriever import Retriever

K_INDEX = 60
K_CLOSEST = 3
MAX_FOUND = 8


@dataclass
class Retrieved:
    found: list[Record] = field(default_factory=list)
    closest: list[Record] = field(default_factory=list)


def query_text(plan: Plan, catalog: Catalog) -> str:
    names = [i.name for i in (catalog.item(x) for x in plan.items) if i]
    words = names + [plan.phrase.replace(" ", "")] + [plan.level2 or plan.level1 or ""]
    return " ".join(w for w in words if w)


def retrieve(plan: Plan, catalog: Catalog, index: Retriever | None, *, years: list[int], rest: str = "") -> Retrieved:
    candidates = scoped_rows(plan, catalog, years)
    allowed = {r["id"]: r for r in candidates}
    order = {r["id"]: n for n, r in enumerate(candidates)}
    ranked = _index_ranking(plan, catalog, index, years, allowed) if index is not None else []
    rank = {rid: n for n, rid in enumerate(ranked)}

    def key(r: Record) -> tuple[float, int, int]:
        return (-indicator_score(rest, plan.phrase, r["name"]), rank.get(r["id"], len(rank)), order[r["id"]])

    found, _ = naming(candidates, plan, rest, single=True)
    if found:
        return Retrieved(found=sorted(found, key=key)[:MAX_FOUND])
    if ranked:
        closest = [allowed[i] for i in ranked[:K_CLOSEST]]
    else:
        closest = sorted((r for r in candidates if indicator_score(rest, plan.phrase, r["name"]) > 0), key=key)
        closest = closest[:K_CLOSEST]
    return Retrieved(closest=closest)


def _index_ranking(plan: Plan, catalog: Catalog, index: Retriever, years: list[int],
                   allowed: dict[str, Record]) -> list[str]:
    text = query_text(plan, catalog)
    if not allowed or not text or not any(index.counts().values()):
        return []
    hits = index.search_indicators(text, K_INDEX, year=years[0] if len(years) == 1 else None,
                                   form=plan.forms[0] if len(plan.forms) == 1 else None)
    return [h.id for h in hits if h.id in allowed]
