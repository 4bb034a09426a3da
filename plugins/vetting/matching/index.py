"""Candidate retrieval: an inverted index of name-part keys, tolerant of one-letter typos.

Each listed name (main name and aliases) is indexed by every pair of its distinct name-part keys,
and names with a single part by that part. A subject's parts are first widened to the list's
vocabulary within one edit (deletion neighbourhoods, as in SymSpell), then its pairs are looked
up: a candidate shares at least two name parts (or its only part) with the subject. A subject's
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


class NameIndex:
    def __init__(self, entries: tuple[ListEntry, ...] | list[ListEntry]):
        self.entries = tuple(entries)
        self.names: list[IndexedName] = []
        self.pairs: dict[tuple[str, str], list[int]] = defaultdict(list)  # read with .get only
        self.singles: dict[str, list[int]] = defaultdict(list)
        df: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            for position, (raw, weak) in enumerate(entry.names):
                name = parse(raw, entry.kind)
                keys = sorted({p.key for p in name.counted[:MAX_PARTS]})
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
                self.deletions[k].add(k)
                for d in _deletions(k):
                    self.deletions[d].add(k)
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

    def neighbours(self, key: str) -> set[str]:
        found = {key} if key in self.df else set()
        if len(key) >= SHORTEST - 1:  # "wn" finds "win"
            found |= self.deletions.get(key, set())
            for d in _deletions(key):
                found |= self.deletions.get(d, set())
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
        widened = [self.neighbours(k) for k in keys]
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
