"""Text normalisation: Unicode NFKC, transliteration to Latin, case and diacritics, tokens.

Transliteration uses ``unidecode``. It reads Cyrillic well ("Мин Аунг Хлайн" gives "Min Aung
Khlain") and Thai roughly, but Burmese script poorly ("မင်းအောင်လှိုင်" gives "mng:aeaangliung"),
so names in Burmese script are compared letter by letter and rarely match their romanised forms:
lists and subjects should be written in Latin script.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

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


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = unidecode(text)
    text = _APOSTROPHES.sub("", text.casefold())
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def key(token: str) -> str:
    """A romanisation-tolerant key of one folded token.

    Htun/Tun, Htoo/Too (initial ``ht``), Hlaing/Hlaine/Hlain and the Cyrillic ``Хлайн`` (read back
    as "Khlain"), Latt/Lat (doubled letters), Soe/So, Win/Vin (Cyrillic has no W) and the
    abbreviation Mg for Maung share a key.
    """
    token = SPELLINGS.get(token, token)
    if token.isdigit() or len(token) < 2:
        return token
    if token.startswith("khl"):
        token = token[1:]
    if token.startswith("ht"):
        token = token[1:]
    if token.endswith("ine") and len(token) > 4:
        token = token[:-3] + "ing"
    elif token.endswith("ain"):
        token += "g"
    if token.endswith("oe") and len(token) > 2:
        token = token[:-1]
    token = token.replace("w", "v")
    out = [token[0]]
    for ch in token[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)
