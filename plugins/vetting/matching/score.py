"""Scoring one subject name against one listed name, with a short explanation in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .names import CORE, HONORIFIC, LEGAL, TITLE, Name, Part
from .normalise import key

ONE_EDIT = 0.8  # one letter added, dropped, changed or swapped in a short part: "Ming", "Aun"
TWO_EDITS = 0.6  # least similarity of a part of five letters or more two edits away: "Hline"
DROPPED = 0.5  # share of its weight a part missing on one side keeps when all others match
DROPPED_CAP = 0.92  # a name with a part dropped or added never reaches the alert threshold
REJOINED = 0.03  # "Minaung" for "Min Aung", "Ban Yar" for "Banyar"
UNMATCHED_HONORIFIC = 0.3  # share of its weight an unmatched honorific keeps
SINGLE_PART = 0.92  # a person matched on one name part only
ROTATED, REORDERED = 0.04, 0.08  # "Hlaing Min Aung" / any other order
INITIAL = 0.7  # "J" for "Joachim"
ONE_WORD = 0.95  # "Minaunghlaing" for "Min Aung Hlaing"
IN_CONTEXT = 0.8  # one letter apart, all other parts of three or more the same: "Thet Thet Khin"
IN_CONTEXT_CAP = 0.9  # that, or a spelling one letter off but not its key: review, not alert


# Common syllables of Burmese names: one letter apart, two of them are two names (Min/Win,
# Tin/Tun, Aung/Maung, Htun/Htut), not a typo of one another, unless the rest of a longer name
# is the same (see _one_letter_in_context).
SYLLABLE_SPELLINGS = frozenset(
    """aung min kyaw zaw win myint soe tun htun thein than thant hla naing oo myo nyi nyein
    htet hein khin mya thu thiri thet ye lin latt moe pyae phyo sai nwe aye maung ko hlaing
    sein swe yan zin mar ei phyu wai yu htay shwe thura nay chit thida nandar su mon khaing
    wint yadanar pwint kyi tin san lwin yin htoo paing bo nyunt sandar tint myat thaw khant
    kaung wunna zeyar hnin htut naung tay za khine kyu thinzar nilar gyi hmu pe pa ohn zeya
    htin kyaing shein saing lone sone dwe nu mahn saw naw tha kan sit taing bwar arkar thaung
    hlwan may nge tar lay phone ba sann hsu nyan yee""".split()  # noqa: SIM905
)
SYLLABLES = frozenset(map(key, SYLLABLE_SPELLINGS))


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    notes: tuple[str, ...]


_similarity_cache: dict[tuple[str, str], float] = {}


def similarity(a: str, b: str) -> float:
    """Similarity of two part keys: 1 if equal, less for one or two edits, 0 beyond."""
    if a == b:
        return 1.0
    pair = (a, b) if a < b else (b, a)
    value = _similarity_cache.get(pair)
    if value is None:
        value = _similarity(a, b)
        if len(_similarity_cache) < 200_000:
            _similarity_cache[pair] = value
    return value


def _similarity(a: str, b: str) -> float:
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return INITIAL
    shorter, longer = sorted((len(a), len(b)))
    if shorter < 2 or (shorter == 2 and longer != 3) or longer - shorter > 2:
        return 0.0  # two letters: only a letter dropped from three ("Wn" for "Win")
    if a in SYLLABLES and b in SYLLABLES:
        return 0.0
    distance = OSA.distance(a, b, score_cutoff=2)
    value = 1.0 - distance / longer
    if distance > 2 or (distance == 2 and (shorter < 5 or value < TWO_EDITS)):
        return 0.0
    return max(value, ONE_EDIT) if distance == 1 else value


def _is_rotation(order: list[int]) -> bool:
    n = len(order)
    start = order.index(min(order))
    return all(order[(start + i) % n] < order[(start + i + 1) % n] for i in range(n - 1))


def _fused(parts, i: int) -> str:
    return key(parts[i].text + parts[i + 1].text)


def _rejoin(left, right):
    """Two neighbouring parts on one side written as one on the other ("Minaung" / "Min Aung").

    Returns the two sides with that pair joined, and a note; None if no such pair.
    """
    for one, two, flipped in ((left, right, False), (right, left, True)):
        for j in range(len(two) - 1):
            joined = _fused(two, j)
            if len(joined) < 4:
                continue
            for part in one:
                if abs(len(part.key) - len(joined)) <= 1 and similarity(part.key, joined) >= 0.85:
                    text = two[j].text + " " + two[j + 1].text
                    merged = (*two[:j], Part(text.replace(" ", ""), joined, CORE), *two[j + 2 :])
                    words = (f"'{part.text.title()}'", f"'{text.title()}'")
                    note = "{} written for {}".format(*(words[::-1] if flipped else words))
                    return (merged, one, note) if flipped else (one, merged, note)
    return None


def compare(subject: Name, listed: Name, weight, kind: str | None = None) -> NameScore:
    """Weighted Dice similarity of the counted parts, best pairs first.

    Titles and legal forms weigh nothing; an unmatched honorific keeps a small share of its
    weight; if no real name part matches, the score is 0 (an honorific is never enough). Parts
    fused or split are rejoined first (at a small cost); one part dropped or added, when every
    other part matches a listed name of three parts or more, its first and last included,
    counts at half its weight and the score stays under the alert threshold. A part one
    letter off in spelling only, or between common syllables within an otherwise equal name,
    keeps the score at review level; a misspelt legal word ("Tge" for "The") weighs nothing.
    """
    left, right = subject.counted, listed.counted
    if (len(left) == 1) != (len(right) == 1):
        joined = _one_word(left, right)
        if joined:
            return joined
    notes: list[str] = []
    cost = 0.0
    if len(left) != len(right) and len(left) > 1 and len(right) > 1:
        rejoined = _rejoin(left, right)
        if rejoined:
            left, right, note = rejoined
            notes.append(note)
            cost = REJOINED
    pairs = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sim = similarity(a.key, b.key) or _one_letter_spelt(a.text, b.text)
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
    in_context = _one_letter_in_context(left, right, used_l)
    if in_context is not None:
        used_l[in_context] = (in_context, IN_CONTEXT)
        used_r.add(in_context)
    misspelt = _misspelt_legal(left, used_l, listed)
    missing = [
        p for i, p in enumerate(left) if i not in used_l and i not in misspelt and p.role == CORE
    ]
    missing += [p for j, p in enumerate(right) if j not in used_r and p.role == CORE]
    dropped = (
        len(missing) == 1
        and len(used_l) >= 2
        and len(right) >= 3
        and {0, len(right) - 1} <= used_r  # first and last listed parts kept, in order
        and [j for _, (j, _) in sorted(used_l.items())] == sorted(used_r)
    )
    share = DROPPED if dropped else 1.0
    top = total = 0.0
    for i, part in enumerate(left):
        w = weight(part.key)
        if i in used_l:
            j, sim = used_l[i]
            w2 = weight(right[j].key)
            top += sim * (w + w2)
            total += w + w2
        elif i not in misspelt:
            total += w * (UNMATCHED_HONORIFIC if part.role == HONORIFIC else share)
    for j, part in enumerate(right):
        if j not in used_r:
            total += weight(part.key) * (UNMATCHED_HONORIFIC if part.role == HONORIFIC else share)
    score = top / total - cost if total else 0.0
    if dropped:
        score = min(score, DROPPED_CAP)
    spelt = any(similarity(left[i].key, right[j].key) == 0 for i, (j, _) in used_l.items())
    if in_context is not None or spelt:
        score = min(score, IN_CONTEXT_CAP)
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
    for i, form in misspelt.items():
        notes.append(f"'{left[i].text.title()}' read as '{form.title()}'")
    notes.extend(_unmatched(left, used_l.keys() | misspelt.keys(), "not in the listed name"))
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


def _one_letter_in_context(left, right, used_l) -> int | None:
    """The one position where two names of three parts or more, otherwise the same part for
    part and in order, differ by one letter ("Mye" for "Moe"), also a letter added or dropped
    between two common syllables ("Khin" for "Khine", "Oe" for "Moe"): with the rest of the
    name the same, it is unlikely to be another person. Two common syllables of the same
    length stay two names. None if there is no such position.
    """
    if len(left) < 3 or len(left) != len(right) or len(used_l) != len(left) - 1:
        return None
    if any(i != j or sim < 1.0 for i, (j, sim) in used_l.items()):
        return None
    (i,) = set(range(len(left))) - used_l.keys()
    a, b = left[i], right[i]
    if min(len(a.text), len(b.text)) < 2 or OSA.distance(a.text, b.text, score_cutoff=1) > 1:
        return None
    if {a.text, b.text} <= SYLLABLE_SPELLINGS and len(a.text) == len(b.text):
        return None  # "Ye Min Oo" is not "Ye Win Oo"
    return i


def _one_letter_spelt(a: str, b: str) -> float:
    """Two spellings one letter apart whose keys are not ("Eergy" / "Energy", "Sre" / "Soe"),
    unless both are common syllables of Burmese names (Min/Win)."""
    if min(len(a), len(b)) < 3 or {a, b} <= SYLLABLE_SPELLINGS:
        return 0.0
    return ONE_EDIT if OSA.distance(a, b, score_cutoff=1) <= 1 else 0.0


def _misspelt_legal(left, used_l, listed: Name) -> dict[int, str]:
    """Unmatched subject parts one letter from a legal form of the listed name ("Tge" for
    "The"): they weigh nothing, as that legal form does."""
    forms = {p.text for p in listed.parts if p.role == LEGAL and len(p.text) >= 3}
    found = {}
    for i, part in enumerate(left):
        if i in used_l or len(part.text) < 2 or len(left) < 2:
            continue  # never the subject's only part
        for form in forms:
            if OSA.distance(part.text, form, score_cutoff=1) <= 1:
                found[i] = form
                break
    return found


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
