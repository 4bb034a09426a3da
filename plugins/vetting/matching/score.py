"""Scoring one subject name against one listed name, with a short explanation in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .names import CORE, HONORIFIC, LEGAL, TITLE, Name
from .normalise import key

TYPO_SIMILARITY = 0.79  # normalised similarity of two keys below which they do not match
UNMATCHED_HONORIFIC = 0.3  # share of its weight an unmatched honorific keeps
SINGLE_PART = 0.92  # a person matched on one name part only
ROTATED, REORDERED = 0.04, 0.08  # "Hlaing Min Aung" / any other order
INITIAL = 0.7  # "J" for "Joachim"
ONE_WORD = 0.95  # "Minaunghlaing" for "Min Aung Hlaing"


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    notes: tuple[str, ...]


_similarity_cache: dict[tuple[str, str], float] = {}


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return INITIAL
    if min(len(a), len(b)) < 4 or (min(len(a), len(b)) <= 5 and a[0] != b[0]):
        return 0.0  # short syllables differing by their first letter are other names: Maung/Aung
    pair = (a, b) if a < b else (b, a)
    value = _similarity_cache.get(pair)
    if value is None:
        value = OSA.normalized_similarity(a, b, score_cutoff=TYPO_SIMILARITY)
        if len(_similarity_cache) < 200_000:
            _similarity_cache[pair] = value
    return value


def _is_rotation(order: list[int]) -> bool:
    n = len(order)
    start = order.index(min(order))
    return all(order[(start + i) % n] < order[(start + i + 1) % n] for i in range(n - 1))


def compare(subject: Name, listed: Name, weight, kind: str | None = None) -> NameScore:
    """Weighted Dice similarity of the counted parts, best pairs first.

    Titles and legal forms weigh nothing; an unmatched honorific keeps a small share of its
    weight; if no real name part matches, the score is 0 (an honorific is never enough).
    """
    left, right = subject.counted, listed.counted
    if (len(left) == 1) != (len(right) == 1):
        joined = _one_word(left, right)
        if joined:
            return joined
    pairs = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sim = similarity(a.key, b.key)
            if sim:
                pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], abs(p[1] - p[2])))
    used_l: dict[int, tuple[int, float]] = {}
    used_r: set[int] = set()
    for sim, i, j in pairs:
        if i not in used_l and j not in used_r:
            used_l[i] = (j, sim)
            used_r.add(j)
    if not any(left[i].role == CORE or right[j].role == CORE for i, (j, _) in used_l.items()):
        return NameScore(0.0, ())
    top = total = 0.0
    for i, part in enumerate(left):
        w = weight(part.key)
        if i in used_l:
            j, sim = used_l[i]
            w2 = weight(right[j].key)
            top += sim * (w + w2)
            total += w + w2
        else:
            total += w * (UNMATCHED_HONORIFIC if part.role == HONORIFIC else 1.0)
    for j, part in enumerate(right):
        if j not in used_r:
            total += weight(part.key) * (UNMATCHED_HONORIFIC if part.role == HONORIFIC else 1.0)
    score = top / total if total else 0.0
    notes: list[str] = []
    order = [j for i, (j, _) in sorted(used_l.items())]
    if order != sorted(order):
        rotated = _is_rotation(order)
        score -= ROTATED if rotated else REORDERED
        notes.append("family name written first" if rotated else "name parts in another order")
    if len(left) == 1 and len(right) == 1 and kind != "organisation":
        score *= SINGLE_PART
        notes.append("only one name part to compare")
    for i, (j, sim) in sorted(used_l.items()):
        a, b = left[i], right[j]
        if sim < 1.0:
            notes.append(f"'{a.text.title()}' close to '{b.text.title()}' (typo?)")
        elif a.text != b.text:
            notes.append(f"'{a.text.title()}' read as '{b.text.title()}'")
    notes.extend(_unmatched(left, used_l.keys(), "not in the listed name"))
    notes.extend(_unmatched(right, used_r, "missing from the subject's name"))
    for name in (subject, listed):
        titles = " ".join(p.text.title() for p in name.parts if p.role == TITLE)
        if titles:
            label = "an honorific" if titles in ("U", "Daw") else "a title or rank"
            notes.append(f"'{titles}' treated as {label}")
        legal = [p.text for p in name.parts if p.role == LEGAL]
        if any(word not in ("of", "the", "and", "for") for word in legal):
            notes.append(f"'{' '.join(legal).title()}' treated as a legal form")
    return NameScore(max(0.0, min(1.0, score)), tuple(dict.fromkeys(notes)))


def _one_word(left, right) -> NameScore | None:
    """A name written as one word ("SergeiLavrov") against the same name in parts."""
    a = key("".join(p.text for p in left))
    b = key("".join(p.text for p in right))
    if min(len(a), len(b)) < 6:
        return None
    sim = 1.0 if a == b else similarity(a, b)
    if sim < 0.9:
        return None
    return NameScore(ONE_WORD * sim, ("name written as one word",))


def _unmatched(parts, matched, where: str):
    for index, part in enumerate(parts):
        if index in matched:
            continue
        if part.role == HONORIFIC:
            yield f"'{part.text.title()}' treated as an honorific"
        else:
            yield f"'{part.text.title()}' {where}"
