"""The keyword half of one index collection: record ids, filter columns and a BM25 index, kept on disk.

Building it from scratch means reading every record back from chromadb and tokenizing
every text: about 45 s at 100k rows (benchmarks/index_bench.py). So it is saved under
data_dir/keywords/<collection>/<revision>/ and loaded in a second or two, and a build that
changes a few records re-tokenizes only those (tokens of the others are kept on disk).

A catalog belongs to one revision of its collection (see `vectorstore`): a process that
finds another revision on disk than in chromadb (written by another process) rebuilds
from the records. Files are json and npy (no pickle); `current.json`, written last and
atomically, names the folder in force, so a reader never sees half a catalog.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus.files import atomic_write
from assistant.index.bm25 import BM25Index, tokenize
from assistant.index.records import IndexRecord


@dataclass
class KeywordCatalog:
    revision: str
    ids: list[str]
    hashes: list[str]
    values: dict[str, list[Any]]
    """Metadata fields kept for filtering, one list per field, in the order of `ids`."""
    bm25: BM25Index
    tokens: list[list[str]] | None = None
    """Tokens of each record; None when loaded for searching only."""
    position: dict[str, int] = field(init=False)
    columns: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.position = {record_id: n for n, record_id in enumerate(self.ids)}
        self.columns = {key: np.array(values, dtype=object) for key, values in self.values.items()}

    @classmethod
    def build(cls, revision: str, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict[str, Any]],
              fields: Sequence[str]) -> KeywordCatalog:
        tokens = [tokenize(t) for t in texts]
        return cls(revision, list(ids), [str(m.get("hash", "")) for m in metadatas],
                   {key: [m.get(key) for m in metadatas] for key in fields}, BM25Index(tokens=tokens), tokens)

    def updated(self, revision: str, upserts: Sequence[IndexRecord], removed: Sequence[str]) -> KeywordCatalog:
        """This catalog after `upserts` were stored and `removed` deleted; only the upserts are tokenized."""
        assert self.tokens is not None, "load the catalog with its tokens to update it"
        gone = set(removed) | {r.id for r in upserts}
        keep = [n for n, record_id in enumerate(self.ids) if record_id not in gone]
        tokens = [self.tokens[n] for n in keep] + [tokenize(r.text) for r in upserts]
        values = {key: [column[n] for n in keep] + [r.metadata.get(key) for r in upserts]
                  for key, column in self.values.items()}
        return KeywordCatalog(revision, [self.ids[n] for n in keep] + [r.id for r in upserts],
                              [self.hashes[n] for n in keep] + [r.hash for r in upserts], values,
                              BM25Index(tokens=tokens), tokens)

    def save(self, root: Path) -> None:
        assert self.tokens is not None
        folder = root / self.revision
        if folder.exists():
            shutil.rmtree(folder)
        self.bm25.save(folder / "bm25")
        rows = {"ids": self.ids, "hashes": self.hashes, "values": self.values}
        atomic_write(folder / "rows.json", json.dumps(rows, ensure_ascii=False))
        atomic_write(folder / "tokens.json", json.dumps(self.tokens, ensure_ascii=False))
        atomic_write(root / "current.json", json.dumps({"revision": self.revision}))
        for old in root.iterdir():
            if old.is_dir() and old.name != self.revision:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, root: Path, revision: str, with_tokens: bool = False) -> KeywordCatalog | None:
        """The saved catalog of `revision`, or None when there is none (or it is unreadable)."""
        try:
            current = json.loads((root / "current.json").read_text(encoding="utf-8"))["revision"]
            if current != revision:
                return None
            folder = root / revision
            rows = json.loads((folder / "rows.json").read_text(encoding="utf-8"))
            tokens = json.loads((folder / "tokens.json").read_text(encoding="utf-8")) if with_tokens else None
            return cls(revision, rows["ids"], rows["hashes"], rows["values"], BM25Index.load(folder / "bm25"), tokens)
        except (OSError, ValueError, KeyError):
            return None  # missing or damaged: the caller rebuilds from the records

    def with_tokens(self, root: Path) -> KeywordCatalog | None:
        if self.tokens is not None:
            return self
        return KeywordCatalog.load(root, self.revision, with_tokens=True)
