"""Keyword search over Chinese text: tokens, and a BM25 index (bm25s) in memory.

    bm25 = BM25Index(["预防性体检工作经费 年度预计体检人数 ≥40000人", "疫苗接种率 ≥95%"])
    bm25.top("体检人数", k=5)        # [(0, 3.1…)]: (position in the texts, score)

Tokens are jieba's search-mode words plus the character bigrams of every run of Chinese
characters. jieba alone keeps 预防性体检 or 接种率 whole or cuts them where its
dictionary says, so a two-character query term such as 体检 or 疫苗 could miss the longer
word; the bigrams make every two-character term findable inside any word. A bigram that
covers the same characters as a jieba word is not counted twice.

Pure core apart from jieba's dictionary (`corpus.segment`), which ships inside the jieba package, and
`BM25Index.save` / `load`, which keep an index in a folder between processes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy as np

from assistant.corpus.segment import jieba


def _bm25s() -> ModuleType:
    """bm25s, imported when first needed. It sets its own logger to DEBUG on import, which prints
    "Building index from tokens" for every index built; only its warnings are worth a line."""
    import logging

    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def tokenize(text: str) -> list[str]:
    """BM25 tokens of `text`: jieba search-mode words and Chinese character bigrams (see module doc)."""
    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    spans: set[tuple[int, int]] = set()
    for word, start, end in jieba().tokenize(text, mode="search"):
        if not _WORD.search(word):
            continue  # punctuation, comparators, spaces
        if len(word) == 1 and _CJK.match(word):
            continue  # single characters are left to the bigrams, except in one-character runs below
        tokens.append(word)
        spans.add((start, end))
    for run in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
        chars, offset = run.group(), run.start()
        if len(chars) == 1:
            tokens.append(chars)
            continue
        tokens.extend(chars[i:i + 2] for i in range(len(chars) - 1) if (offset + i, offset + i + 2) not in spans)
    return tokens


class BM25Index:
    """BM25 over a fixed list of texts; documents are addressed by their position in it."""

    def __init__(self, texts: Sequence[str] = (), *, tokens: Sequence[list[str]] | None = None):
        bm25s = _bm25s()
        tokens = [tokenize(t) for t in texts] if tokens is None else tokens
        self.size = len(tokens)
        self._bm25 = bm25s.BM25()
        if self.size:
            self._bm25.index(list(tokens), show_progress=False)

    def save(self, folder: Path) -> None:
        """Write the index as bm25s's own files (json and npy, no pickle)."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "size.json").write_text(json.dumps({"size": self.size}), encoding="utf-8")
        if self.size:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        bm25s = _bm25s()
        index = cls()
        index.size = json.loads((folder / "size.json").read_text(encoding="utf-8"))["size"]
        if index.size:
            index._bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return index

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every document for `query` (0 where no token matches)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def top(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best documents with a positive score, best first, among those where `mask` is True."""
        return top_positions(self.scores(query), k, mask)


def top_positions(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(position, score) of the k best positive scores, best first, among positions where `mask` is True."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    # Ties are broken by position so that results are stable from run to run.
    order = sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order]
