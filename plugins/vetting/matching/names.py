"""A name split into parts, each with a role: name, optional honorific, title, legal form."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .normalise import fold, key

CORE, HONORIFIC, TITLE, LEGAL = "name", "honorific", "title", "legal"

# Titles and ranks: never a name part, never counted.
TITLES = [
    t.split()
    for t in (
        "u",
        "daw",
        "dr",
        "doctor",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "h e",
        "he",
        "his excellency",
        "her excellency",
        "excellency",
        "ambassador",
        "vice senior general",
        "senior general",
        "vice snr gen",
        "vice sr gen",
        "snr gen",
        "sr gen",
        "senior gen",
        "snr general",
        "sr general",
        "commander in chief",
        "c in c",
        "lt gen",
        "lieutenant general",
        "maj gen",
        "major general",
        "brig gen",
        "brigadier general",
        "brigadier",
        "lt col",
        "lieutenant colonel",
        "col",
        "colonel",
        "general",
        "gen",
        "major",
        "maj",
        "captain",
        "capt",
        "lieutenant",
        "lt",
        "admiral",
        "vice admiral",
        "air marshal",
        "minister",
        "hon",
        "honourable",
        "dato",
        "datuk",
        "president",
        "prasident",
        "sheikh",
        "shaikh",
    )
]
TITLES.sort(key=len, reverse=True)

# Burmese honorifics that are also parts of real names ("Maung Maung Aye", "Ko Ko Gyi"):
# optional only at the start of a name with at least two parts after them.
HONORIFICS = {"ko", "ma", "maung", "mg", "saw", "naw", "sao", "nang", "thura"}

LEGAL_FORMS = {
    "limited",
    "ltd",
    "co",
    "company",
    "companies",
    "plc",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "llc",
    "inc",
    "incorporated",
    "pte",
    "pvt",
    "sdn",
    "bhd",
    "gmbh",
    "sa",
    "ag",
    "ooo",
    "zao",
    "oao",
    "aktiengesellschaft",
    "gesellschaft",
    "the",
    "of",
    "and",
    "for",
}
# The other names of ASEAN's members, read as one name in organisation names (folded words).
COUNTRY_NAMES = {
    ("burma",): "myanmar",
    ("burmese",): "myanmar",
    ("union", "of", "myanmar"): "myanmar",
    ("siam",): "thailand",
    ("siamese",): "thailand",
    ("kampuchea",): "cambodia",
    ("kingdom", "of", "cambodia"): "cambodia",
    ("lao", "pdr"): "laos",
    ("lao", "peoples", "democratic", "republic"): "laos",
    ("lao",): "laos",
    ("viet", "nam"): "vietnam",
    ("brunei", "darussalam"): "brunei",
    ("timor", "leste"): "timorleste",
    ("east", "timor"): "timorleste",
    ("pilipinas",): "philippines",
    ("singapura",): "singapore",
}
_LONGEST_COUNTRY = max(map(len, COUNTRY_NAMES))


def one_country_name(words: list[str]) -> list[str]:
    """Each ASEAN member's other names replaced by one: "Burma" -> "myanmar", "Viet Nam"..."""
    out, i = [], 0
    while i < len(words):
        for size in range(min(_LONGEST_COUNTRY, len(words) - i), 0, -1):
            name = COUNTRY_NAMES.get(tuple(words[i : i + size]))
            if name:
                out.append(name)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


_BEFORE_LEGAL = {"public", "private", "open", "closed", "joint", "stock", "liability", "limited"}
_LONG_LEGAL = ("limited", "company", "companies", "incorporated", "corporation")


def _is_legal(word: str) -> bool:
    """A legal form, also misspelt ("Compny", "Limtied")."""
    if word in LEGAL_FORMS:
        return True
    if len(word) < 5 or word[0] not in "lci":
        return False
    return any(
        form != "corporation" and OSA.normalized_similarity(word, form) >= 0.7
        for form in _LONG_LEGAL
    )


@dataclass(frozen=True, slots=True)
class Part:
    text: str  # folded token
    key: str
    role: str


@dataclass(frozen=True, slots=True)
class Name:
    raw: str
    parts: tuple[Part, ...]

    @property
    def counted(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.role in (CORE, HONORIFIC))

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.counted)


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters ("M.E.C." -> "m e c") become one token ("mec")."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


# Legal forms long enough to be recognised when split ("Lim Ited") or fused with the word
# before them ("Everfitcompany", "Energypte").
_SPLIT_LEGAL = frozenset(
    ("limited", "company", "companies", "incorporated", "corporation", "pte", "ltd")
)
_FUSED_LEGAL = ("companies", "company", "limited", "incorporated", "corporation")


def _mend_legal_forms(words: list[str]) -> list[str]:
    """Legal forms split in two ("Com Pany") rejoined, and cut off a word they are fused to.

    A legal form is cut off a longer word only after a word of three letters or more
    ("Everfitcompany", "Corporationlimited"), or after "of" or "and" ("Ofcompanies"); "pte"
    only before "ltd" ("Energypte Ltd").
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if i + 1 < len(words) and word + words[i + 1] in _SPLIT_LEGAL and word not in LEGAL_FORMS:
            out.append(word + words[i + 1])
            i += 2
            continue
        i += 1
        following = words[i] if i < len(words) else ""
        for form in (*_FUSED_LEGAL, "pte"):
            stem = word[: -len(form)]
            if (
                word.endswith(form)
                and ((len(stem) >= 3 and stem.isalpha()) or stem in ("of", "and"))
                and (form != "pte" or following == "ltd")
            ):
                out.extend((stem, form))
                break
        else:
            out.append(word)
    return out


def parse(raw: str, kind: str | None = None) -> Name:
    """Parse a name; ``kind`` is "person", "organisation" or None (unknown)."""
    text = raw
    if kind != "organisation" and text.count(",") == 1:
        family, given = text.split(",")
        if family.strip() and given.strip() and len(family.split()) <= 3:
            text = f"{given} {family}"  # "HLAING, Min Aung" -> "Min Aung Hlaing"
    words = fold(text).split()
    if kind != "person":
        words = one_country_name(_mend_legal_forms(words))
    roles: list[str] = []
    i = 0
    if kind != "organisation":
        while i < len(words):  # leading titles and ranks
            for title in TITLES:
                if words[i : i + len(title)] == title and len(words) > i + len(title):
                    roles.extend([TITLE] * len(title))
                    i += len(title)
                    break
            else:
                break
        while i < len(words) and words[i] in HONORIFICS and len(words) - i - 1 >= 2:
            roles.append(HONORIFIC)
            i += 1
    rest = _join_initials(words[i:])
    words = words[:i] + rest
    tail: list[str] = []
    for word in reversed(rest):  # right to left: "Open Joint Stock Company", "Public Co Ltd"
        legal = kind != "person" and (
            _is_legal(word) or (word in _BEFORE_LEGAL and bool(tail) and tail[-1] == LEGAL)
        )
        tail.append(LEGAL if legal else CORE)
    roles.extend(reversed(tail))
    if CORE not in roles:  # a name made only of titles or legal words is all name
        roles = [CORE] * len(words)
    return Name(raw, tuple(Part(w, key(w), r) for w, r in zip(words, roles, strict=True)))
