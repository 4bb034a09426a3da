# ruff: noqa: RUF003
"""Characters that disguise a name: hidden ones, odd spaces, stray combining marks, look-alikes.

``unmask`` gives the text a reader sees: format characters (Unicode category Cf: zero-width
space and joiners, bidi controls, soft hyphen...) and blank fillers removed or read as spaces,
every kind of space one space, combining marks dropped, and in a word that mixes Latin with
Cyrillic or Greek the look-alike letters replaced by the Latin letters they imitate (their
skeleton in Unicode's confusables data, through ``confusable_homoglyphs``). A word written
wholly in Cyrillic or Greek is left to transliteration ("Мин" is read as "Min"), unless the
rest of the name is Latin and all its letters are look-alikes. ``disguise`` says in plain words
which of these tricks a name holds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data

# Blank characters drawn as spaces or as nothing, outside category Cf.
FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u17b4", "\u17b5"}
BLANKS_AS_SPACE = {"\u3164", "\uffa0", "\u2800"}
# Joiners and the zero-width space are ordinary inside scripts that need them (Burmese, Indic).
_JOINERS = {"\u200b", "\u200c", "\u200d"}
_LOOK_ALIKE_SCRIPTS = ("CYRILLIC", "GREEK")
_SPACES = re.compile(r"\s+")


def _skeleton_table() -> dict[str, str]:
    table = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        letters = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        letters = [c for c in letters if c.isalpha()]
        if not letters:
            continue
        same_case = [c for c in letters if c.isupper() == char.isupper()] or letters
        letter = same_case[0]
        table[char] = "I" if letter == "l" and char.isupper() else letter  # Cyrillic І is I
    return table


SKELETON = _skeleton_table()


def script(char: str) -> str:
    """The script word of a character's Unicode name: LATIN, CYRILLIC, MYANMAR, THAI..."""
    if char.isascii():
        return "LATIN" if char.isalpha() else "COMMON"
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _hidden(text: str, i: int) -> bool:
    """Is ``text[i]`` a hidden character (not one a script needs there)?"""
    char = text[i]
    if char in FILLERS:
        return True
    if unicodedata.category(char) != "Cf":
        return False
    if char in _JOINERS:
        around = [script(c) for c in text[max(i - 1, 0) : i + 2] if c != char]
        return not around or any(s in ("LATIN", "CYRILLIC", "GREEK") for s in around)
    return True


_BLANKS = str.maketrans(dict.fromkeys(BLANKS_AS_SPACE, " "))


def safe(text: str) -> str:
    """Any str as valid Unicode (lone surrogates become U+FFFD), blank fillers as spaces.

    Before NFKC, which turns the Hangul fillers into a conjoining filler that draws nothing.
    """
    return text.encode("utf-8", "replace").decode("utf-8", "replace").translate(_BLANKS)


def strip_hidden(text: str) -> str:
    """Format characters and fillers removed (blank fillers read as spaces), spaces folded."""
    out = []
    for char in text:
        if char in BLANKS_AS_SPACE:
            out.append(" ")
        elif char not in FILLERS and unicodedata.category(char) != "Cf":
            out.append(char)
    return _SPACES.sub(" ", "".join(out))


def _letters(word: str) -> list[str]:
    return [c for c in word if c.isalpha()]


def _look_alike_words(words: list[str]) -> list[tuple[int, list[str]]]:
    """(word number, its look-alike letters) for each word to read by skeleton."""
    latin_words = sum(1 for w in words if any(script(c) == "LATIN" for c in _letters(w)))
    found = []
    for number, word in enumerate(words):
        letters = _letters(word)
        foreign = [c for c in letters if script(c) in _LOOK_ALIKE_SCRIPTS and c in SKELETON]
        if not foreign:
            continue
        has_latin = any(script(c) == "LATIN" for c in letters)
        wholly_look_alike = len(foreign) == len(letters) and latin_words > 0
        if has_latin or wholly_look_alike:
            found.append((number, foreign))
    return found


def _without_marks(text: str) -> str:
    """Combining marks dropped, except those of the script they sit on (Thai vowel signs) and
    those that make a Cyrillic letter (й, ё), which transliterate apart."""
    out, base = [], "COMMON"
    for char in unicodedata.normalize("NFD", text):
        if not _is_mark(char):
            base = script(char)
            out.append(char)
        elif script(char) == base and base not in ("LATIN", "CYRILLIC", "GREEK"):
            out.append(char)
        elif base == "CYRILLIC" and len(unicodedata.normalize("NFC", out[-1] + char)) == 1:
            out[-1] = unicodedata.normalize("NFC", out[-1] + char)
    return "".join(out)


@lru_cache(maxsize=20_000)
def unmask(text: str) -> str:
    """What a reader sees, in letters the matcher compares (see the module's docstring).

    Expects NFKC text whose own-script parts (Burmese, Thai) were already romanised.
    """
    words = _without_marks(strip_hidden(text)).split(" ")
    for number, _ in _look_alike_words(words):
        words[number] = "".join(SKELETON.get(c, c) for c in words[number])
    return unicodedata.normalize("NFC", " ".join(words))


def _unusual_marks(text: str) -> bool:
    """A combining mark left after NFC on a base of another script (or on none)."""
    text = unicodedata.normalize("NFC", text)
    base = "COMMON"
    for char in text:
        if _is_mark(char):
            if char in FILLERS:
                continue
            if script(char) != base:
                return True
        else:
            base = script(char)
    return False


def _styled(text: str) -> bool:
    """Full-width or styled letters (mathematical bold, circled...) that NFKC reads as ASCII."""
    return any(
        not c.isascii() and unicodedata.normalize("NFKC", c).isascii() and c.isalnum() for c in text
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def disguise(text: str) -> str | None:
    """Why a name looks disguised to slip past screening, in plain words; None if it does not.

    Names written normally in one script (Burmese, Thai, Cyrillic, Latin with diacritics such
    as "Nguyễn") are not disguised; a no-break or ideographic space is a space.
    """
    text = safe(text)
    reasons = []
    hidden = sorted(
        {
            unicodedata.name(c, f"U+{ord(c):04X}").lower()
            for i, c in enumerate(text)
            if _hidden(text, i)
        }
    )
    if hidden:
        reasons.append(f"hidden characters ({', '.join(hidden[:3])})")
    if _styled(text):
        reasons.append("full-width or styled letters")
    plain = strip_hidden(unicodedata.normalize("NFKC", text))
    if _unusual_marks(plain):
        reasons.append("combining marks not used in its script")
    words = _without_marks(plain).split(" ")
    look_alikes = sorted(
        {f"{script(c).title()} {c}" for _, letters in _look_alike_words(words) for c in letters}
    )
    if look_alikes:
        reasons.append(f"look-alike letters ({', '.join(look_alikes[:3])})")
    return f"{_and(reasons)} in the name" if reasons else None
