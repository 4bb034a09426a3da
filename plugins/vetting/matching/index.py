"""Candidate retrieval: an inverted index of name-part keys, tolerant of one-letter typos.

Each listed name (main name and aliases) is indexed by every pair of its distinct name-part keys,
and names with a single part by that part. A subject's parts are first widened to the list's
vocabulary within one edit (deletion neighbourhoods, as in SymSpell) of their keys and of their
spellings ("Khin" for "Khine", whose keys differ more), then its pairs are looked up: a
candidate shares at least two name parts (or its only part) with the subject. A subject's
part that is two listed parts fused ("Minaung") is also looked up as those two parts, and two
neighbouring parts that are one listed part split ("Hla Ing") as that part.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, combinations, pairwise, product

from ..lists import ListEntry
from .names import Name, parse
from .normalise import key

MAX_PARTS = 10  # pairs of the first parts only, for very long organisation names
SHORTEST = 3  # parts this long or longer are widened by one edit
WIDE = 16  # beyond this many pairs of neighbours, only one part of a pair may be a typo


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry: ListEntry
    name: Name
    weak: bool
    is_alias: bool


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _within_one_edit(table: dict[str, set[str]], token: str) -> set[str]:
    """What ``table`` (deletion neighbourhoods) holds within one edit of ``token``."""
    found = set(table.get(token, ()))
    for d in _deletions(token):
        found |= table.get(d, set())
    return found


class NameIndex:
    def __init__(self, entries: tuple[ListEntry, ...] | list[ListEntry]):
        self.entries = tuple(entries)
        self.names: list[IndexedName] = []
        self.pairs: dict[tuple[str, str], list[int]] = defaultdict(list)  # read with .get only
        self.singles: dict[str, list[int]] = defaultdict(list)
        df: dict[str, int] = defaultdict(int)
        spelled: dict[str, str] = {}
        for entry in self.entries:
            for position, (raw, weak) in enumerate(entry.names):
                name = parse(raw, entry.kind)
                keys = sorted({p.key for p in name.counted[:MAX_PARTS]})
                spelled.update((p.text, p.key) for p in name.counted if len(p.text) >= SHORTEST)
                if not keys:
                    continue
                number = len(self.names)
                self.names.append(IndexedName(entry, name, weak, position > 0))
                for k in keys:
                    df[k] += 1
                if len(keys) == 1:
                    self.singles[keys[0]].append(number)
                else:  # also findable when written as one word
                    self.singles[key("".join(p.text for p in name.counted))].append(number)
                for pair in combinations(keys, 2):
                    self.pairs[pair].append(number)
        self.size = max(len(self.names), 2)
        self.df = dict(df)
        self.deletions: dict[str, set[str]] = defaultdict(set)
        for k in self.df:
            if len(k) >= SHORTEST:
                for d in {k, *_deletions(k)}:
                    self.deletions[d].add(k)
        # The same, by spelling: "Khin" and "Khwne" are one letter from "Khine", not its key.
        self.spellings: dict[str, set[str]] = defaultdict(set)
        for text, k in spelled.items():
            for d in {text, *_deletions(text)}:
                self.spellings[d].add(k)
        self._weights: dict[str, float] = {}

    def weight(self, key: str) -> float:
        """Rare name parts weigh more: 1.0 for a part no listed name has, less for common ones."""
        weight = self._weights.get(key)
        if weight is None:
            df = self.df.get(key, 0)
            if df == 0:
                weight = 1.0
            else:
                weight = 0.35 + 0.65 * min(1.0, math.log(self.size / df) / math.log(self.size))
            self._weights[key] = weight
        return weight

    def neighbours(self, key: str, texts: set[str] = frozenset()) -> set[str]:
        """Listed keys within one edit of ``key``, or of one of its spellings ``texts``."""
        found = {key} if key in self.df else set()
        if len(key) >= SHORTEST - 1:  # "wn" finds "win"
            found |= _within_one_edit(self.deletions, key)
        for text in texts:
            if len(text) >= SHORTEST:
                found |= _within_one_edit(self.spellings, text)
        return found or {key}

    def _halves(self, token: str) -> set[str]:
        """The listed parts a token is fused from ("minaung" -> "min", "aung"), if any."""
        for cut in range(2, len(token) - 1):
            left, right = key(token[:cut]), key(token[cut:])
            if left in self.df and right in self.df:
                return {left, right}
        return set()

    def candidates(self, name: Name) -> set[int]:
        keys = {p.key for p in name.counted[:MAX_PARTS]}
        if 1 < len(keys) < 5:  # parts fused ("Minaung") or split ("Hla Ing")
            parts = name.counted
            keys |= {h for p in parts if len(p.text) >= 4 for h in self._halves(p.text)}
            joined = (key(a.text + b.text) for a, b in pairwise(parts))
            keys |= {k for k in joined if k in self.df}
        keys = sorted(keys)
        texts: dict[str, set[str]] = defaultdict(set)
        for p in name.counted[:MAX_PARTS]:
            texts[p.key].add(p.text)
        widened = [self.neighbours(k, texts.get(k, set())) for k in keys]
        found: set[int] = set()
        if len(keys) == 1:
            for k in widened[0]:
                found.update(self.singles.get(k, ()))
            return found
        for (a0, left), (b0, right) in combinations(zip(keys, widened, strict=True), 2):
            if len(left) * len(right) <= WIDE:
                looked_up = product(left, right)
            else:  # a typo in one of the two parts only
                looked_up = chain(product(left, (b0,)), product((a0,), right))
            pairs = self.pairs
            for a, b in looked_up:
                if a != b:
                    hits = pairs.get((a, b) if a < b else (b, a))
                    if hits:
                        found.update(hits)
        return found
