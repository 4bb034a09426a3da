# ruff: noqa: RUF001
"""Generate the labelled evaluation set of the vetting matcher (deterministic).

    .venv/bin/python bench/vetting_evaluation_set.py

Reads the 2024 OFAC SDN snapshot and the seeds in place (../shared) and writes
plugins/vetting/data/evaluation/burma_evaluation.csv: variants of every BURMA-EO14014 entry as
positives (expected_entry_id set) and hard negatives (real CSO names from the seeds, real names of
pro-democracy figures, generated Burmese names, common given names alone, names in Burmese and
Thai script), each with its group and variant. Every evasion has a variant of its own: hidden
characters, look-alike letters, odd spaces, full-width letters, combining marks, one-letter
substitutions, insertions and deletions, fused and split parts, a dropped part, other country
names; Burmese- and Thai-script positives and negatives come from own_script_names.csv beside
the output (hand-written, with their sources).
"""

from __future__ import annotations

import csv
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.vetting.lists import read_ofac  # noqa: E402
from plugins.vetting.matching import parse  # noqa: E402

# beside the checkout, or where PARLEY_SHARED_DATA (the data folder) says
SHARED = (
    Path(os.environ["PARLEY_SHARED_DATA"]).parent
    if os.environ.get("PARLEY_SHARED_DATA")
    else ROOT.parent / "shared"
)
SDN = SHARED / "data" / "ofac" / "ofac_sdn_2024-05-03.csv"
SEEDS = SHARED / "seeds"
OUT = ROOT / "plugins" / "vetting" / "data" / "evaluation" / "burma_evaluation.csv"
OWN_SCRIPT = OUT.parent / "own_script_names.csv"
COLUMNS = ("id", "kind", "name", "organisation", "country", "birth_date")
EXTRA = ("expected_entry_id", "group", "variant")

# Real people of the democracy movement, the NUG and civil society: they must never alert.
PRO_DEMOCRACY = """Aung San Suu Kyi; Daw Aung San Suu Kyi; Min Ko Naing; U Aung Myo Min; Aung Myo
Min; Zin Mar Aung; Daw Zin Mar Aung; U Kyaw Moe Tun; Kyaw Moe Tun; Duwa Lashi
La; Mahn Win Khaing Than; Win Myat Aye; Dr. Win Myat Aye; Thinzar Shunlei Yi;
Ei Thinzar Maung; Htin Lin Aung; Dr. Sasa; Salai Maung Taing San; Kyaw Min Yu;
Ko Jimmy; Phyo Zeya Thaw; Khin Ohmar; Ma Thida; Bo Kyi; Ko Ko Gyi; Nay Phone
Latt; Wai Wai Nu; Thet Swe Win; Win Myint; U Win Myint; Htin Kyaw; Zaw Wai
Soe; Dr. Zaw Wai Soe; Lwin Ko Latt; Myo Yan Naung Thein; Nilar Thein; Tun
Myint; Moe Zaw Oo; U Moe Zaw Oo; Maw Htun Aung; Ye Htut Khaung; Aung Kyaw Moe;
Naw Susanna Hla Hla Soe; Daw Naw Susanna Hla Hla Soe; Khun Bedu; Saw Taw Nee;
Padoh Saw Taw Nee; Kyaw Zaw; Yee Mon; U Yee Mon; Tin Tun Naing; Ma Thinzar
Maung; Thant Myint-U; Bo Bo Nge; Wa Lone; Kyaw Soe Oo; Swe Win; Ye Min Oo;
Nyan Win; Han Thar Myint; Kyi Toe; Myo Nyunt; Zaw Myint Maung; Phyo Min Thein;
Ko Mya Aye; Mya Aye; Min Zayar Oo; Hla Myo Naung; Ma Ei; Nandar; Ko Bo Kyi"""

SYLLABLES = """Aung Min Kyaw Zaw Win Myint Soe Tun Htun Thein Than Thant Hla Naing Oo Myo Nyi
Nyein Htet Hein Khin Mya Thu Thiri Thet Ye Lin Latt Moe Pyae Phyo Sai Nwe Aye
Maung Ko Ko Hlaing Sein Swe Yan Zin Mar Ei Phyu Wai Yu Htay Shwe Thura Nay
Chit Thida Nandar Su Mon Khaing Wint Yadanar Pwint Kyi Tin San Lwin Yin Htoo
Paing Bo Nyunt Sandar Tint Myat Thaw Khant Kaung Wunna Zeyar Hnin""".split()  # noqa: SIM905

ROMANISATION = [
    ("Htun", "Tun"),
    ("Tun", "Htun"),
    ("Htut", "Tut"),
    ("Maung", "Mg"),
    ("Hlaing", "Hlaine"),
    ("Latt", "Lat"),
    ("Soe", "So"),
    ("Htoo", "Htu"),
    ("Thein", "Thain"),
    ("Myanma", "Myanmar"),
    ("Defense", "Defence"),
]
CYRILLIC = [
    ("aing", "айн"),
    ("aung", "аунг"),
    ("kh", "кх"),
    ("hl", "хл"),
    ("ht", "хт"),
    ("th", "т"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("ny", "нь"),
    ("ky", "чж"),
    ("oe", "о"),
    ("aw", "о"),
    ("ph", "п"),
    ("a", "а"),
    ("b", "б"),
    ("d", "д"),
    ("e", "е"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("w", "в"),
    ("y", "й"),
    ("z", "з"),
    ("f", "ф"),
    ("v", "в"),
    ("c", "к"),
]
RANKS = ["Senior General", "Vice-Senior General", "Lt-Gen.", "Maj-Gen", "Brig-Gen", "Col.", "H.E."]
LEGAL = [
    ("COMPANY LIMITED", "Co., Ltd."),
    ("COMPANY LIMITED", "Company Ltd"),
    ("CO., LTD.", "Company Limited"),
    ("PUBLIC COMPANY LIMITED", "Public Co. Ltd"),
    ("LIMITED", "Ltd."),
]


def cyrillic(name: str) -> str:
    out = []
    for word in name.split():
        text, i, low = "", 0, word.lower()
        while i < len(low):
            for latin, cyr in CYRILLIC:
                if low.startswith(latin, i):
                    text, i = text + cyr, i + len(latin)
                    break
            else:
                text, i = text + low[i], i + 1
        out.append(text.capitalize())
    return " ".join(out)


def natural(name: str) -> str:
    if name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        return f"{given} {family.title()}"
    return name


def typo(name: str, rng: random.Random) -> str | None:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def person_variants(entry, rng):
    full = natural(entry.name)
    female = "Gender Female" in entry.reason
    honour = "Daw" if female else "U"
    year = entry.birth_dates[0][:4] if entry.birth_dates else ""
    yield "as_listed", entry.name, ""
    yield "natural_order", full, ""
    yield "honorific", f"{honour} {full}", year
    if not female:
        yield "rank", f"{rng.choice(RANKS)} {full}", ""
    family, _, given = entry.name.partition(",")
    yield "family_first", f"{family.strip().title()} {given.strip()}", ""
    t = typo(full, rng)
    if t:
        yield "typo", t, year
    for a, b in ROMANISATION:
        if re.search(rf"\b{a}\b", full):
            yield "romanisation", re.sub(rf"\b{a}\b", b, full, count=1), ""
            break
    yield "cyrillic", cyrillic(full), ""
    for alias in entry.aliases:
        yield "alias", natural(alias.name), ""
    for variant, name in evasions(full, rng):
        if name:
            yield variant, name, ""
    if dropped(full):
        yield "dropped_part", dropped(full), ""


def organisation_variants(entry, rng):
    name = entry.name
    yield "as_listed", name, ""
    yield "title_case", name.title(), ""
    for a, b in LEGAL:
        if name.endswith(a):
            yield "legal_form", name[: -len(a)] + b, ""
            yield "no_legal_form", name[: -len(a)].strip(" ,"), ""
            break
    for a, b in ROMANISATION:
        if a.upper() in name.split():
            yield "spelling", name.replace(a.upper(), b.upper()).title(), ""
            break
    t = typo(name.title(), rng)
    if t:
        yield "typo", t, ""
    for alias in entry.aliases:
        yield "acronym" if len(alias.name.split()) == 1 else "alias", alias.name, ""
    for variant, other in evasions(name.title(), rng):
        if other:
            yield variant, other, ""
    for listed, other in COUNTRY_SWAPS:
        if listed in name.split():
            yield "country_name", " ".join(other if w == listed else w for w in name.split()), ""
            break


HIDDEN = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\u200e", "\u202e", "\ufeff"]
LOOK_ALIKES = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і",
    "A": "АΑ", "B": "ВΒ", "E": "ЕΕ", "H": "НΗ", "K": "КΚ", "M": "МΜ", "O": "ОΟ", "P": "РΡ",
    "T": "ТΤ", "X": "ХΧ", "S": "Ѕ", "N": "Ν", "Z": "Ζ", "I": "І",
}  # fmt: skip
SPACES = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2003", "\u2002", "\u2007", "\u3164"]
MARKS = ["\u0301", "\u0308", "\u0334", "\u0336", "\u0323", "\u0489", "\u0352", "\u17b4"]
COUNTRY_SWAPS = [
    ("BURMA", "Myanmar"),
    ("MYANMAR", "Burma"),
    ("MYANMA", "Burma"),
    ("BURMESE", "Myanmar"),
]


def inside(word: str, rng: random.Random) -> int:
    return rng.randrange(1, len(word)) if len(word) > 1 else 1


def hidden(name: str, rng: random.Random) -> str:
    words = name.split()
    i = rng.randrange(len(words))
    j = inside(words[i], rng)
    words[i] = words[i][:j] + rng.choice(HIDDEN) + words[i][j:]
    return " ".join(words)


def look_alike(name: str, rng: random.Random) -> str | None:
    places = [i for i, c in enumerate(name) if c in LOOK_ALIKES]
    if not places:
        return None
    chars = list(name)
    for i in rng.sample(places, min(2, len(places))):
        chars[i] = rng.choice(LOOK_ALIKES[chars[i]])
    return "".join(chars)


def odd_spaces(name: str, rng: random.Random) -> str | None:
    if " " not in name:
        return None
    return "".join(rng.choice(SPACES) if c == " " else c for c in name)


def full_width(name: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in name
    )


def combining(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    chars = list(name)
    for i in sorted(rng.sample(letters, min(2, len(letters))), reverse=True):
        chars.insert(i + 1, "".join(rng.choice(MARKS) for _ in range(rng.randint(1, 3))))
    return "".join(chars)


def one_letter(name: str, rng: random.Random, how: str) -> str | None:
    words = name.split()
    fit = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
    if not fit:
        return None
    i = rng.choice(fit)
    w = words[i]
    j = rng.randrange(len(w))
    letter = rng.choice("aeiouhnglmstwyk")
    if how == "substitution":
        words[i] = w[:j] + (letter if letter != w[j].lower() else "r") + w[j + 1 :]
    elif how == "insertion":
        words[i] = w[:j] + letter + w[j:]
    else:
        words[i] = w[:j] + w[j + 1 :]
    return " ".join(words)


def fused(name: str, rng: random.Random) -> str | None:
    words = name.split()
    if len(words) < 3:
        return None
    i = rng.randrange(len(words) - 1)
    return " ".join([*words[:i], words[i] + words[i + 1].lower(), *words[i + 2 :]])


def split(name: str, rng: random.Random) -> str | None:
    words = name.split()
    fit = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not fit:
        return None
    i = rng.choice(fit)
    cut = rng.randrange(3, len(words[i]) - 2)
    words[i] = words[i][:cut] + " " + words[i][cut:].title()
    return " ".join(words)


def dropped(name: str) -> str | None:
    words = name.split()
    if len(words) < 3:
        return None
    return " ".join([words[0], *words[2:]])  # the second given name


def evasions(name: str, rng: random.Random):
    """Every evasion of one name, as (variant, name) pairs."""
    yield "hidden_characters", hidden(name, rng)
    yield "look_alike_letters", look_alike(name, rng)
    yield "odd_spaces", odd_spaces(name, rng)
    yield "full_width", full_width(name)
    yield "combining_marks", combining(name, rng)
    for how in ("substitution", "insertion", "deletion"):
        yield how, one_letter(name, rng, how)
    yield "fused_parts", fused(name, rng)
    yield "split_parts", split(name, rng)


def own_script_names() -> list[dict]:
    with OWN_SCRIPT.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cso_names() -> list[str]:
    names = set()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*\d+\.\s+(.+?)\s*$", line)
            if m and len(m.group(1)) <= 90 and not m.group(1).endswith("."):
                names.add(m.group(1))
    return sorted(names)


def main(out: Path = OUT) -> None:
    rng = random.Random(5)
    entries = read_ofac(SDN)
    burma = [e for e in entries if "BURMA-EO14014" in e.programmes]
    listed_keys = {frozenset(parse(raw, e.kind).keys) for e in entries for raw, _ in e.names}
    rows = []
    for entry in burma:
        variants = (person_variants if entry.kind == "person" else organisation_variants)(
            entry, rng
        )
        seen = set()
        for variant, name, year in variants:
            if name in seen:
                continue
            seen.add(name)
            country = "Myanmar" if entry.kind == "person" and rng.random() < 0.3 else ""
            rows.append((entry.kind, name, country, year, entry.id, "positive", variant))
    by_name = {e.name: e for e in burma}
    for row in own_script_names():
        if row["group"] == "positive":
            entry = by_name[row["listed_name"]]
            rows.append((entry.kind, row["name"], "", "", entry.id, "positive", row["variant"]))
        else:
            rows.append(("person", row["name"], "", "", "", row["group"], row["variant"]))
    for name in cso_names():
        rows.append(("organisation", name, "", "", "", "cso", "seeds"))
    for name in (n.strip() for n in PRO_DEMOCRACY.replace("\n", " ").split(";")):
        rows.append(("person", name, "Myanmar", "", "", "pro_democracy", "real_name"))
    generated = set()
    while len(generated) < 800:
        parts = rng.choice((2, 3, 3, 3, 4))
        name = " ".join(rng.choice(SYLLABLES) for _ in range(parts))
        if frozenset(parse(name, "person").keys) in listed_keys or name in generated:
            continue
        generated.add(name)
        prefix = rng.choice(("", "", "", "U ", "Daw ", "Ko ", "Ma ", "Dr. "))
        rows.append(("person", prefix + name, "", "", "", "generated_burmese", "generated"))
    for syllable in dict.fromkeys(SYLLABLES):
        rows.append(("person", syllable, "", "", "", "common_given_name", "one_part"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS + EXTRA)
        for number, (kind, name, country, year, expected, group, variant) in enumerate(rows, 1):
            writer.writerow([f"e{number}", kind, name, "", country, year, expected, group, variant])
    print(f"{len(rows)} rows written to {out}")


if __name__ == "__main__":
    main()
