"""Burmese script read as the romanisation that lists use for Burmese names.

Rules, not a dictionary: each syllable (a consonant or independent vowel with its medials, vowel
signs, final consonant and tone marks) is written as one name part, the way names are romanised
in practice (MLC and BGN/PCGN conventions as used by OFAC, the EU and the press): မင်း Min,
အောင် Aung, လှိုင် Hlaing, ကျော် Kyaw, ဇော် Zaw, သိန်း Thein, စိုး Soe, ဝင်း Win, မြင့် Myint,
ထွန်း Htun, သန်း Than, ဦး U/Oo, နိုင် Naing, မောင် Maung, ခင် Khin, သက် Thet, ခိုင် Khaing,
ကို Ko, မျိုး Myo, ညွန့် Nyunt, ရွှေ Shwe, စိန် Sein. A nasal final with the creaky tone (့) ends
in t (Myint, Nyunt, Thant), as in these names. Voicing inside words (သီတာ Thida) is not guessed.
Text in the legacy Zawgyi encoding is read only where its vowel order differs (ေ before the
consonant).
"""

from __future__ import annotations

import re

_CONSONANTS = dict(
    zip(
        "ကခဂဃငစဆဇဈဉညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအ",
        [
            "k",
            "kh",
            "g",
            "g",
            "ng",
            "s",
            "s",
            "z",
            "z",
            "ny",
            "ny",
            "t",
            "ht",
            "d",
            "d",
            "n",
            "t",
            "ht",
            "d",
            "d",
            "n",
            "p",
            "ph",
            "b",
            "b",
            "m",
            "y",
            "y",
            "l",
            "w",
            "th",
            "h",
            "l",
            "-",
        ],
        strict=True,
    )
)
_INDEPENDENT = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}
_FINAL_CLASS = dict(zip("ကငစညဉတဋဌဍဎဏနပဗဘမံယ", "kgcygtttttnnpppmmj", strict=True))
_VOWEL = {"ါ": "a", "ာ": "a", "ိ": "i", "ီ": "i", "ု": "u", "ူ": "u", "ေ": "e", "ဲ": "ai"}
# (vowel, final class) -> rhyme; vowel "" is the inherent a.
_RHYMES = {
    ("", None): "a",
    ("a", None): "ar",
    ("aw", None): "aw",
    ("o", None): "o",
    ("ai", None): "e",
    ("", "k"): "et",
    ("", "g"): "in",
    ("", "c"): "it",
    ("", "y"): "i",
    ("", "t"): "at",
    ("", "n"): "an",
    ("", "p"): "at",
    ("", "m"): "an",
    ("", "j"): "e",
    ("i", "t"): "eik",
    ("i", "n"): "ein",
    ("i", "p"): "eik",
    ("i", "m"): "ein",
    ("u", "t"): "ok",
    ("u", "n"): "on",
    ("u", "p"): "ok",
    ("u", "m"): "on",
    ("aw", "k"): "auk",
    ("aw", "g"): "aung",
    ("o", "k"): "aik",
    ("o", "g"): "aing",
    ("w", "t"): "ut",
    ("w", "n"): "un",
    ("w", "m"): "un",
    ("w", "p"): "ut",
}
_MEDIAL_Y = {"k": "ky", "kh": "ch", "g": "gy", "p": "py", "ph": "phy", "b": "by", "ng": "ny"}
_ASAT, _VIRAMA, _DOT, _VISARGA = "\u103a", "\u1039", "\u1037", "\u1038"
_MEDIALS = "\u103b\u103c\u103d\u103e"
_RUN = re.compile(r"[\u1000-\u104f]+")


def _initial(consonant: str, medials: str) -> str:
    initial = _CONSONANTS[consonant].strip("-")
    if "\u103b" in medials or "\u103c" in medials:
        initial = _MEDIAL_Y.get(initial, initial + "y")
    if "\u103e" in medials:  # ha-htoe: လှ Hla, မှ Hm, ရှ and လျှ Sh
        initial = "sh" if initial in ("y", "ly") else "h" + initial
    return initial


def _rhyme(vowels: str, final: str | None, medials: str, null_initial: bool) -> str:
    vowel = "".join(_VOWEL.get(v, "") for v in vowels)
    vowel = {"ea": "aw", "iu": "o", "ii": "i", "uu": "u"}.get(vowel, vowel)
    wa = "\u103d" in medials
    if wa and not vowel and final in ("t", "n", "m", "p"):
        return _RHYMES[("w", final)]
    rhyme = _RHYMES.get((vowel, final))
    if rhyme is None:
        rhyme = vowel + (
            {"k": "k", "g": "ng", "c": "t", "t": "t", "n": "n", "p": "p", "m": "n"}.get(
                final or "", ""
            )
        )
    if null_initial:  # အေး Aye, အိ Ei, အုန်း Ohn
        rhyme = {"e": "aye", "i": "ei", "on": "ohn"}.get(rhyme, rhyme)
    return ("w" if wa else "") + rhyme


def _closes(run: str, i: int) -> bool:
    """Is the letter at ``i`` a final (killed by asat or stacked by virama, tone marks aside)?"""
    j = i + 1
    while j < len(run) and run[j] in (_DOT, _VISARGA):
        j += 1
    return j < len(run) and run[j] in (_ASAT, _VIRAMA)


def _syllables(run: str) -> list[str]:
    """Split a run of Burmese letters into syllables, each starting with its initial."""
    if len(run) > 1 and run[0] == "\u1031" and run[1] in _CONSONANTS:  # Zawgyi order
        run = run[1] + run[0] + run[2:]
    out: list[str] = []
    for i, char in enumerate(run):
        starts = char in _CONSONANTS or char in _INDEPENDENT or "\u1040" <= char <= "\u1049"
        digit_run = out and char.isdigit() and out[-1][-1].isdigit()
        if starts and not digit_run and not (out and _closes(run, i)):
            out.append(char)
        elif out:
            out[-1] += char
    return out


def _romanise_syllable(syllable: str) -> str:
    head, rest = syllable[0], syllable[1:]
    if "\u1040" <= head <= "\u1049":
        return str(ord(head) - 0x1040) + "".join(
            str(ord(c) - 0x1040) for c in rest if "\u1040" <= c <= "\u1049"
        )
    medials = "".join(c for c in rest if c in _MEDIALS)
    final = None
    for j, char in enumerate(rest):
        if char in _FINAL_CLASS and (char == "ံ" or _closes(rest, j)):
            final = _FINAL_CLASS[char]
            rest = rest[:j]
            break
    vowels = "".join(c for c in rest if c in _VOWEL)
    if head in _INDEPENDENT:
        text = (
            _INDEPENDENT[head] + _rhyme(vowels, final, "", False)[1:]
            if final
            else _INDEPENDENT[head]
        )
    else:
        initial = _initial(head, medials)
        text = initial + _rhyme(vowels, final, medials, not initial)
    if text.endswith("o") and _VISARGA in syllable and not medials.strip("\u103d\u103e"):
        text += "e"  # စိုး Soe, မိုး Moe
    if _DOT in syllable and text.endswith("n") and not text.endswith("ng"):
        text += "t"  # မြင့် Myint, ညွန့် Nyunt
    return text


def _word(run: str) -> str:
    words: list[str] = []
    for syllable in _syllables(run):
        text = _romanise_syllable(syllable)
        pali_r = syllable[0] == "ရ" and text in ("ya", "yi", "yu") and len(syllable) <= 3
        if pali_r and words and words[-1][-1:] in "aeiou":
            text = "r" + text[1:]  # သီရိ Thiri, သူရ Thura; ရဲ Ye, ရင် Yin stay
        words.append(text)
    return " ".join(words)


def romanise(text: str) -> str:
    """Every run of Burmese script replaced by its romanisation, one word per syllable."""
    return _RUN.sub(lambda m: f" {_word(m.group())} ", text)
