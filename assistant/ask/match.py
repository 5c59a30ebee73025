"""Character-level matching of Chinese phrases (pure): how much of a phrase a name contains.

Questions name projects and indicators loosely ("无偿献血补助" for 无偿献血补助经费,
"故障率" for 设备故障率); whole-word tokenizers split such phrases unpredictably, so
matching works on characters: the longest common substring, and the share of a
phrase's character pairs found in a name.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]+")


def longest_common(a: str, b: str) -> tuple[int, int]:
    """Length of the longest common substring of a and b, and where it starts in a."""
    best, start = 0, 0
    previous = [0] * (len(b) + 1)
    for i, ca in enumerate(a, start=1):
        current = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, start = current[j], i - current[j]
        previous = current
    return best, start


def subsequence_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of a and b (characters in order, gaps allowed)."""
    previous = [0] * (len(b) + 1)
    for ch in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if ch == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def bigrams(text: str) -> set[str]:
    pairs: set[str] = set()
    for run in _HAN.findall(text):
        pairs.update(run[i:i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            pairs.add(run)
    return pairs


def coverage(phrase: str, name: str) -> float:
    """The share of the phrase's character pairs that occur in the name (0 when the phrase is empty)."""
    wanted = bigrams(phrase)
    if not wanted:
        return 0.0
    have = bigrams(name) | set(name)
    return sum(1 for pair in wanted if pair in have) / len(wanted)
