"""Parley's own list CSV: ``id,kind,name,aliases,country,birth_date,position,reason,source``.

Aliases are separated by ``|``; an alias written with a leading ``~`` is weak (a nickname or a
name shared by many people: it can raise a finding for review, never an alert on its own).
``country`` and ``birth_date`` may also hold several values separated by ``|``. Names are kept
as the source writes them, including the inverted ``FAMILY, Given`` form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from .model import KINDS, Alias, ListEntry, ListFormatError, check_not_empty, is_date

COLUMNS = ("id", "kind", "name", "aliases", "country", "birth_date", "position", "reason", "source")
REQUIRED = ("id", "kind", "name")

TEMPLATE = (
    ",".join(COLUMNS)
    + "\n"
    + "sac-1,organisation,State Administration Council,SAC|~the junta,Myanmar,,,"
    + "Military junta that seized power on 1 February 2021,Parley organisers\n"
    + 'ofac-27225,person,"HLAING, Min Aung",Senior General Min Aung Hlaing,Burma,1956-07-03,'
    + "Commander-in-Chief,OFAC BURMA-EO14014,OFAC SDN 2024-05-03\n"
)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def read_parley_csv(path: str | Path) -> tuple[ListEntry, ...]:
    path = Path(path)
    data = path.read_bytes()
    return parse_parley_csv(data, source=path.name)


def parse_parley_csv(data: bytes | str, *, source: str = "list.csv") -> tuple[ListEntry, ...]:
    """Read the whole file or nothing; a bad line raises ``ListFormatError`` naming it."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ListFormatError("not UTF-8 text", source=source, line=line) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ListFormatError("the file is empty", source=source) from None
    except csv.Error as exc:
        raise ListFormatError(f"not valid CSV ({exc})", source=source, line=1) from None
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(
            f"missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}",
            source=source,
            line=1,
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ListFormatError(f"unknown column(s) {', '.join(unknown)}", source=source, line=1)
    return check_not_empty(list(_rows(reader, header, source)), source)


def _rows(reader, header: list[str], source: str) -> Iterable[ListEntry]:
    seen: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListFormatError(f"not valid CSV ({exc})", source=source, line=line + 1) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ListFormatError(
                f"expected {len(header)} fields, found {len(row)}", source=source, line=line
            )
        values = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        yield _entry(values, source, line, seen)


def entry_from_fields(values: dict[str, str]) -> ListEntry:
    """One entry from the fields of a form, checked as a line of the file would be;
    ``ListFormatError.reason`` says what is wrong."""
    values = {column: (values.get(column) or "").strip() for column in COLUMNS}
    return _entry(values, "", None, {})


def _entry(
    values: dict[str, str], source: str, line: int | None, seen: dict[str, int]
) -> ListEntry:
    def fail(message: str):
        raise ListFormatError(message, source=source, line=line)

    entry_id, kind = values["id"], values["kind"].lower()
    if not entry_id:
        fail("the id is empty")
    if entry_id in seen:
        fail(f"id {entry_id!r} already used on line {seen[entry_id]}")
    seen[entry_id] = line
    if kind not in KINDS:
        fail(f"kind must be 'person' or 'organisation', not {values['kind']!r}")
    if not values["name"]:
        fail("the name is empty")
    dates = _split(values.get("birth_date", ""))
    for value in dates:
        if not is_date(value):
            fail(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if dates and kind == "organisation":
        fail("an organisation has no birth date")
    aliases = []
    for alias in _split(values.get("aliases", "")):
        weak = alias.startswith("~")
        name = alias.lstrip("~").strip()
        if not name:
            fail("an alias is empty")
        aliases.append(Alias(name, weak))
    return ListEntry(
        id=entry_id,
        kind=kind,
        name=values["name"],
        aliases=tuple(aliases),
        birth_dates=tuple(dates),
        countries=tuple(_split(values.get("country", ""))),
        position=values.get("position", ""),
        reason=values.get("reason", ""),
        source=values.get("source", ""),
    )
