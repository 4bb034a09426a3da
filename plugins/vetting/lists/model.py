"""The in-memory model of a non-engagement list: immutable entries, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PERSON = "person"
ORGANISATION = "organisation"
KINDS = (PERSON, ORGANISATION)

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# A birth-year range wider than this says too little to weigh a match by; it is not kept.
WIDEST_BIRTH_YEAR_RANGE = 30


class ListFormatError(ValueError):
    """A list file cannot be read; the message names the file and the line or element."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None):
        self.source = source
        self.line = line
        where = source
        if line is not None:
            where = f"{source} line {line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    weak: bool = False


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One person or organisation on a list.

    ``birth_dates`` are ISO strings of the precision the source gives: ``1956``, ``1956-07``
    or ``1956-07-03``. ``countries`` holds nationalities (people) or countries (organisations).
    """

    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...] = ()
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    position: str = ""
    programmes: tuple[str, ...] = ()
    reason: str = ""
    source: str = ""

    def __post_init__(self):
        if not self.id:
            raise ValueError("an entry needs an id")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be 'person' or 'organisation', not {self.kind!r}")
        if not self.name.strip():
            raise ValueError("an entry needs a name")
        for value in self.birth_dates:
            if not is_date(value):
                raise ValueError(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")

    @property
    def names(self) -> tuple[tuple[str, bool], ...]:
        """The main name then each alias, as ``(name, weak)``."""
        return ((self.name, False), *((a.name, a.weak) for a in self.aliases))


def check_not_empty(entries: list[ListEntry], source: str) -> tuple[ListEntry, ...]:
    if not entries:
        raise ListFormatError("the list has no entries; an empty list is refused", source=source)
    return tuple(entries)


def is_date(value: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real date."""
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


def birth_years(first: str, last: str) -> tuple[str, ...] | None:
    """Every year of a birth-year range, as ``birth_dates`` hold them; None if a bound is no year.

    The matcher compares a subject's birth year with each listed date, so "born between 1955 and
    1957" is kept as 1955, 1956 and 1957, and a subject born in 1956 matches its year (the two
    bounds alone would only come near it). A range with one bound only, or wider than
    ``WIDEST_BIRTH_YEAR_RANGE`` years, gives no year: the matcher cannot read "1980 or
    earlier", and a single year would count against a subject born in 1975. Bounds given the
    wrong way round are read as the range they name.
    """
    bounds = [bound for bound in (first, last) if bound]
    if not all(len(bound) == 4 and is_date(bound) for bound in bounds):
        return None
    if len(bounds) < 2:
        return ()
    start, end = sorted(int(bound) for bound in bounds)
    if end - start > WIDEST_BIRTH_YEAR_RANGE:
        return ()
    return tuple(str(year) for year in range(start, end + 1))
