"""Screening subjects (people, organisations) against list entries: findings with explanations."""

from __future__ import annotations

from dataclasses import dataclass

from ..lists import ListEntry
from .index import NameIndex
from .names import one_country_name, parse
from .normalise import fold
from .score import compare

COUNTRY_CODES = {"mm": "myanmar", "mmr": "myanmar"}
DATE_MATCH, YEAR_MATCH, YEAR_NEAR, DATE_MISMATCH = 0.06, 0.04, 0.0, -0.15
COUNTRY_MATCH, COUNTRY_MISMATCH = 0.02, -0.05
WEAK_ALIAS = 0.9
ONE_PART_CAP = 0.92  # a subject of one name part ("Aung", "Nilar") never alerts, dates or not
DEFAULT_REVIEW, DEFAULT_ALERT = 0.85, 0.93


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Findings at or above ``review`` are shown for review; at or above ``alert`` they block."""

    review: float = DEFAULT_REVIEW
    alert: float = DEFAULT_ALERT

    def __post_init__(self):
        if not 0.0 < self.review <= self.alert <= 1.0:
            raise ValueError("thresholds need 0 < review <= alert <= 1")

    def level(self, score: float) -> str | None:
        if score >= self.alert:
            return "alert"
        if score >= self.review:
            return "review"
        return None


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    name: str
    kind: str | None = None  # "person", "organisation" or None when unknown
    country: str = ""
    birth_date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Finding:
    subject: Subject
    entry: ListEntry
    matched_name: str
    score: float
    level: str
    explanation: str


def _country(value: str) -> str:
    folded = " ".join(one_country_name(fold(value).split()))
    return COUNTRY_CODES.get(folded, folded)


def _dates(subject_date: str, listed: tuple[str, ...]) -> tuple[float, str]:
    if not subject_date or not listed:
        return 0.0, ""
    best: tuple[float, str] | None = None
    for value in listed:
        if len(subject_date) >= 10 and len(value) >= 10 and subject_date[:10] == value[:10]:
            candidate = (DATE_MATCH, f"birth date {value} matches")
        elif subject_date[:4] == value[:4]:
            candidate = (YEAR_MATCH, f"birth year {value[:4]} matches")
        elif subject_date[:4].isdigit() and abs(int(subject_date[:4]) - int(value[:4])) <= 1:
            candidate = (YEAR_NEAR, f"birth year {subject_date[:4]} near {value[:4]}")
        else:
            candidate = (DATE_MISMATCH, f"birth year {subject_date[:4]} differs from {value[:4]}")
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best or (0.0, "")


def _countries(subject_country: str, listed: tuple[str, ...]) -> tuple[float, str]:
    if not subject_country or not listed:
        return 0.0, ""
    mine = _country(subject_country)
    theirs = {_country(c) for c in listed}
    if mine in theirs:
        return COUNTRY_MATCH, f"country {subject_country} matches"
    return COUNTRY_MISMATCH, f"country {subject_country} differs from {', '.join(sorted(listed))}"


class Screener:
    """Holds the index of one list; ``screen`` may be called many times."""

    def __init__(self, entries, thresholds: Thresholds | None = None):
        self.index = entries if isinstance(entries, NameIndex) else NameIndex(entries)
        self.thresholds = thresholds or Thresholds()

    def screen_one(self, subject: Subject) -> list[Finding]:
        name = parse(subject.name, subject.kind)
        if not name.counted:
            return []
        best: dict[str, tuple[float, Finding]] = {}
        index = self.index
        for number in index.candidates(name):
            listed = index.names[number]
            entry = listed.entry
            if subject.kind and subject.kind != entry.kind:
                continue
            result = compare(name, listed.name, index.weight, subject.kind or entry.kind)
            if result.score <= 0:
                continue
            score, notes = result.score, list(result.notes)
            if listed.is_alias:
                weak = "weak " if listed.weak else ""
                notes.insert(0, f"matches the {weak}alias '{listed.name.raw}'")
            if listed.weak:
                score *= WEAK_ALIAS
            if entry.kind == "person":
                delta, note = _dates(subject.birth_date, entry.birth_dates)
                score += delta
                notes.append(note)
            delta, note = _countries(subject.country, entry.countries)
            score += delta
            notes.append(note)
            if len(name.counted) == 1 and entry.kind == "person":
                score = min(score, ONE_PART_CAP)
            score = round(max(0.0, min(1.0, score)), 3)
            level = self.thresholds.level(score)
            if level is None:
                continue
            if not any(n for n in notes if not n.startswith("matches the")):
                notes.append("same name")
            finding = Finding(
                subject, entry, listed.name.raw, score, level, "; ".join(n for n in notes if n)
            )
            if entry.id not in best or score > best[entry.id][0]:
                best[entry.id] = (score, finding)
        return sorted((f for _, f in best.values()), key=lambda f: (-f.score, f.entry.id))


def screen(subjects, entries, thresholds: Thresholds | None = None) -> list[Finding]:
    """Every finding at or above the review threshold, best first within each subject."""
    screener = Screener(entries, thresholds)
    findings: list[Finding] = []
    for subject in subjects:
        findings.extend(screener.screen_one(subject))
    return findings
