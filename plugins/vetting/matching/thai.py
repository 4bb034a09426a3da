"""Thai script read as the romanisation that lists use, for Burmese names written in Thai.

The Thai press writes Burmese names syllable by syllable (มิน อ่อง หล่าย for Min Aung Hlaing,
เต็ง เส่ง for Thein Sein, ตาน ฉ่วย for Than Shwe). Those spellings, tone marks aside, are read
back to the Burmese romanisation; Thai titles become the titles the matcher sets aside. A Thai
word the table does not cover whole is left to the general transliteration (``unidecode``),
which is rough (RTGS-like).
"""

from __future__ import annotations

import re

_TONES = re.compile("[\u0e47-\u0e4b]")  # maitaikhu and the tone marks
_RUN = re.compile("[\u0e01-\u0e5b]+")

# Thai spelling (without tone marks) -> Burmese romanisation, from the Thai press's usage.
SYLLABLES = {
    "มิน": "min",
    "ออง": "aung",
    "หลาย": "hlaing",
    "โซ": "soe",
    "วิน": "win",
    "ตาน": "than",
    "ตัน": "than",
    "ฉวย": "shwe",
    "สวย": "swe",
    "ชเว": "shwe",
    "เตง": "thein",
    "เสง": "sein",
    "มินต์": "myint",
    "มยิน": "myint",
    "จอ": "kyaw",
    "ซอ": "zaw",
    "ทุน": "tun",
    "ตุน": "tun",
    "ถิน": "htin",
    "ทิน": "htin",
    "ติน": "tin",
    "เอ": "aye",
    "หมอง": "maung",
    "ขิน": "khin",
    "ยุนต์": "nyunt",
    "ญุนต์": "nyunt",
    "อู": "oo",
    "โม": "moe",
    "หลา": "hla",
    "หนาย": "naing",
    "ไนง": "naing",
    "จี": "kyi",
    "ซู": "suu",
    "ซาน": "san",
    "เตต": "thet",
    "เตด": "thet",
    "ขาย": "khine",
    "ไคน์": "khine",
    "โก": "ko",
    "เมียว": "myo",
    "ญี": "nyi",
    "เทต": "htet",
    "ถต": "htet",
    "เฮง": "hein",
    "เย": "ye",
    "ลิน": "lin",
    "ลัต": "latt",
    "ลัด": "latt",
    "เพียว": "phyo",
    "ไซ": "sai",
    "หนวย": "nwe",
    "เมียต": "myat",
    "เมียะ": "mya",
    "นีลา": "nilar",
    "ตู": "thu",
    "ยิน": "yin",
    "พยู": "phyu",
    "กอง": "kaung",
    "ซิต": "sit",
    "ไตง": "taing",
    "ตุรา": "thura",
    "ทิดา": "thida",
    "มาน": "mahn",
    "เต": "tay",
    "ซะ": "za",
    "โบ": "bo",
    "โอน": "ohn",
    "มา": "mar",
    "จู": "kyu",
    "ปวิน": "pwint",
    "ชิต": "chit",
    "ซวย": "swe",
    "เนียน": "nyein",
    "ยี": "yi",
    "ทู": "htoo",
    "ตู่": "htoo",
    "ลวิน": "lwin",
    "ดอว์": "daw",
    "พลเอกอาวุโส": "senior general",
    "พลเอก": "general",
    "พลโท": "lt gen",
    "พลตรี": "maj gen",
    "นางสาว": "miss",
    "นาง": "mrs",
    "นาย": "mr",
}
_LONGEST = max(map(len, SYLLABLES))


def _read(run: str) -> str:
    """A Thai word read syllable by syllable, if the table covers all of it (else unchanged)."""
    plain = _TONES.sub("", run)
    words, i = [], 0
    while i < len(plain):
        for size in range(min(_LONGEST, len(plain) - i), 0, -1):
            latin = SYLLABLES.get(plain[i : i + size])
            if latin:
                words.append(latin)
                i += size
                break
        else:
            return run
    return " ".join(words)


def romanise(text: str) -> str:
    """Burmese names in Thai script read as their romanisation; other Thai text left as is."""
    return _RUN.sub(lambda m: f" {_read(m.group())} ", text)
