"""The retrieval path: lookups and similarity questions ranked by the hybrid index under the
question's filters, kept only where the row's name holds the asked phrase.

The index ranks; the phrase check decides what counts as found, so a question about
something the corpus lacks gets "not found" and the index's nearest rows as the closest,
never a nearest row passed off as the answer. Without an index (not built yet) rows are
ranked by the phrase match alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.ask.catalog import Catalog
from assistant.ask.query import Record, naming, select_rows
from assistant.ask.question import Question, phrase_score
from assistant.index.retriever import Retriever

K_INDEX = 60
K_CLOSEST = 3
MAX_FOUND = 8


@dataclass
class Retrieved:
    found: list[Record] = field(default_factory=list)
    closest: list[Record] = field(default_factory=list)


def query_text(q: Question, catalog: Catalog) -> str:
    names = [i.name for i in (catalog.item(x) for x in q.items) if i]
    words = names + [q.phrase.replace(" ", "")] + [q.level2 or q.level1 or ""]
    return " ".join(w for w in words if w) or q.text


def retrieve(q: Question, catalog: Catalog, index: Retriever | None, *,
             years: Iterable[int] | None = None) -> Retrieved:
    years = list(q.years if years is None else years)
    candidates = select_rows(q, catalog, years=years, use_phrase=False)
    allowed = {r["id"]: r for r in candidates}
    order = {r["id"]: n for n, r in enumerate(candidates)}
    ranked = _index_ranking(q, catalog, index, years, allowed) if index is not None else []
    rank = {rid: n for n, rid in enumerate(ranked)}

    def key(r: Record) -> tuple[float, int, int]:
        return (-phrase_score(q.phrase, r["name"]), rank.get(r["id"], len(rank)), order[r["id"]])

    found = sorted(naming(candidates, q.phrase), key=key)
    if found:
        return Retrieved(found=found[:MAX_FOUND])
    if ranked:
        closest = [allowed[i] for i in ranked[:K_CLOSEST]]
    else:
        closest = sorted((r for r in candidates if phrase_score(q.phrase, r["name"]) > 0), key=key)[:K_CLOSEST]
    return Retrieved(closest=closest)


def _index_ranking(q: Question, catalog: Catalog, index: Retriever, years: list[int],
                   allowed: dict[str, Record]) -> list[str]:
    if not allowed or not any(index.counts().values()):
        return []
    hits = index.search_indicators(query_text(q, catalog), K_INDEX,
                                   year=years[0] if len(years) == 1 else None,
                                   form=q.forms[0] if len(q.forms) == 1 else None)
    return [h.id for h in hits if h.id in allowed]
