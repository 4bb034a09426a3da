"""Text normalisation: Unicode NFKC, disguises undone, transliteration to Latin, case, tokens.

Hidden characters, odd spaces, combining marks and look-alike letters are undone first
(``characters.unmask``). Burmese script is romanised by rule (``burmese``), Burmese names in
Thai script by the Thai press's syllable spellings (``thai``); everything else left, Cyrillic
and Greek written wholly in their script included, goes through ``unidecode``, which reads
Cyrillic well ("Мин Аунг Хлайн" gives "Min Aung Khlain") and other Thai roughly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

from . import burmese, thai
from .characters import safe, unmask

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Spellings that mean the same thing in list and subject names.
SPELLINGS = {
    "mg": "maung",
    "myanma": "myanmar",
    "defence": "defense",
    "organisation": "organization",
    "organisations": "organizations",
    "centre": "center",
    "programme": "program",
    "commerical": "commercial",
}


# Before unidecode: Cyrillic letters it renders in a way romanised Burmese names never are.
_CYRILLIC = str.maketrans(
    {"\u0439": "y", "\u0419": "Y", "\u044c": "y", "\u042c": "Y", "\u044a": "", "\u042a": ""}
)  # short i, soft sign, hard sign


_MYANMAR_OR_THAI = re.compile("[\u0e01-\u0e5b\u1000-\u104f]")


def fold(text: str) -> str:
    """The lower-case Latin skeleton the matcher compares: ASCII words separated by one space.

    Never fails: any str (empty, only hidden characters, lone surrogates, very long) gives a
    str, possibly empty.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", safe(text))
        if _MYANMAR_OR_THAI.search(text):
            text = thai.romanise(burmese.romanise(text))
        text = unidecode(unmask(text).translate(_CYRILLIC))
    text = _APOSTROPHES.sub("", text.casefold())
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=200_000)
def key(token: str) -> str:
    """A romanisation-tolerant key of one folded token.

    Htun/Tun, Htoo/Htu/Too, Thein/Tein (``h`` after ``t`` and ``k``: Cyrillic writes "Тан" for
    Than and "Хлайн" for Hlaing, read back as "Khlain"), Hlaing/Hlaine/Hlain, Khaing/Khine
    (short syllables only), Latt/Lat (doubled
    letters), Soe/So, Zaw/Zo and Kyaw/Чжо, Win/Vin (Cyrillic has no W), Naing/Найн and the
    abbreviation Mg for Maung share a key.
    """
    token = SPELLINGS.get(token, token)
    if token.isdigit() or len(token) < 2:
        return token
    token = token.replace("oo", "u")
    out = [token[0]]
    for ch in token[1:]:
        if ch != out[-1]:
            out.append(ch)
    token = "".join(out).replace("chzh", "ky").replace("kh", "h").replace("th", "t")
    token = token.replace("w", "v")
    if token.startswith("ht"):
        token = token[1:]
    if token.endswith(("aine", "ayn")):
        token = token[: -3 if token.endswith("ayn") else -1] + (
            "aing" if token.endswith("ayn") else "g"
        )
    elif token.endswith("lain"):
        token += "g"
    elif token.endswith("ine") and len(token) <= 4:
        token = token[:-3] + "aing"
    if token.endswith("av") and len(token) > 2:
        token = token[:-2] + "o"
    if token.endswith("oe") and len(token) > 2:
        token = token[:-1]
    return token
