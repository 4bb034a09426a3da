"""OFAC's SDN list in its legacy CSV files: ``sdn.csv`` with optional ``alt.csv`` and ``add.csv``.

The files have no header, are Latin-1 encoded and write ``-0-`` for an empty field. Only
individuals and entities are kept (vessels and aircraft are not invitees). Aliases come from
``alt.csv`` and from the remarks' ``a.k.a. '...'``; birth dates and nationalities from the remarks;
countries of entities from ``add.csv``. An entity number used twice in ``sdn.csv`` keeps both
rows, the second with the id ``ofac-NUM-lineN``. Rows of ``alt.csv``/``add.csv`` whose entity is
not in ``sdn.csv`` are ignored, so a newer alias file can be combined with an older snapshot.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from .model import ORGANISATION, PERSON, Alias, ListEntry, ListFormatError, check_not_empty

SDN_FIELDS, ALT_FIELDS, ADD_FIELDS = 12, 5, 6
EMPTY = "-0-"

_AKA = re.compile(r"\b(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'(.+?)'(?=\s*(?:;|\.|,|$))")
_DOB = re.compile(r"\b(?:alt\. )?DOB ([^;]+)")
_NATIONALITY = re.compile(r"\b(?:alt\. )?(?:nationality|citizen) ([^;]+)")


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def _rows(path: Path, fields: int):
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        raise ListFormatError(f"cannot read the file ({exc.strerror})", source=path.name) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"not valid CSV ({exc})"
            raise ListFormatError(message, source=path.name, line=line + 1) from None
        line = reader.line_num
        if not row or row == ["\x1a"] or not any(c.strip() for c in row):
            continue  # blank lines and the DOS end-of-file mark of older OFAC files
        if len(row) != fields:
            raise ListFormatError(
                f"expected {fields} fields, found {len(row)}", source=path.name, line=line
            )
        if not row[0].strip().isdigit():
            raise ListFormatError(
                f"the entity number {row[0].strip()!r} is not a number", source=path.name, line=line
            )
        yield line, [_clean(c) for c in row]


def parse_dates(remarks: str) -> tuple[str, ...]:
    """``DOB 03 Jul 1956; alt. DOB Jul 1956; DOB circa 1960; DOB 1960 to 1962`` as ISO strings."""
    found: list[str] = []
    for match in _DOB.finditer(remarks):
        for part in re.split(r"\bto\b", match.group(1)):
            value = _one_date(part.replace("circa", "").strip(" .,"))
            if value and value not in found:
                found.append(value)
    return tuple(found)


def _one_date(text: str) -> str | None:
    for fmt, out in (("%d %b %Y", "%Y-%m-%d"), ("%b %Y", "%Y-%m"), ("%Y", "%Y")):
        try:
            return datetime.strptime(text, fmt).strftime(out)
        except ValueError:
            continue
    return None


def parse_aliases(remarks: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(1).strip() for m in _AKA.finditer(remarks)))


def parse_nationalities(remarks: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(1).strip(" .") for m in _NATIONALITY.finditer(remarks)))


def read_ofac(
    sdn: str | Path, alt: str | Path | None = None, add: str | Path | None = None
) -> tuple[ListEntry, ...]:
    """Read the SDN files, all or nothing; a malformed row raises naming its file and line."""
    sdn = Path(sdn)
    rows: dict[str, dict] = {}
    duplicates: set[str] = set()
    for line, row in _rows(sdn, SDN_FIELDS):
        ent, name, sdn_type, programme, title = row[0], row[1], row[2].lower(), row[3], row[4]
        if not name:
            raise ListFormatError("the name is empty", source=sdn.name, line=line)
        if ent in rows or f"{ent}" in duplicates:
            # Real snapshots hold the odd reused number (2677 twice in 2022-01-31): keep both.
            duplicates.add(ent)
            ent = f"{ent}-line{line}"
        if sdn_type in ("vessel", "aircraft"):
            continue
        if sdn_type not in ("individual", ""):
            raise ListFormatError(f"unknown SDN type {row[2]!r}", source=sdn.name, line=line)
        remarks = row[11]
        rows[ent] = {
            "kind": PERSON if sdn_type == "individual" else ORGANISATION,
            "name": name,
            "aliases": [Alias(a) for a in parse_aliases(remarks)],
            "dates": parse_dates(remarks) if sdn_type == "individual" else (),
            "countries": list(parse_nationalities(remarks)),
            "position": title,
            "programmes": tuple(p.strip() for p in programme.split("] [") if p.strip()),
            "remarks": remarks,
        }
    if alt is not None:
        alt = Path(alt)
        for line, row in _rows(alt, ALT_FIELDS):
            if not row[3]:
                raise ListFormatError("the alias is empty", source=alt.name, line=line)
            if row[0] in rows:
                aliases = rows[row[0]]["aliases"]
                if all(a.name != row[3] for a in aliases):
                    aliases.append(Alias(row[3]))
    if add is not None:
        add = Path(add)
        for _line, row in _rows(add, ADD_FIELDS):
            entry = rows.get(row[0])
            wanted = entry and entry["kind"] == ORGANISATION and row[4]
            if wanted and row[4] not in entry["countries"]:
                entry["countries"].append(row[4])
    entries = [
        ListEntry(
            id=f"ofac-{ent}",
            kind=r["kind"],
            name=r["name"],
            aliases=tuple(r["aliases"]),
            birth_dates=r["dates"],
            countries=tuple(r["countries"]),
            position=r["position"],
            programmes=r["programmes"],
            reason=r["remarks"],
            source=f"OFAC SDN {ent}",
        )
        for ent, r in rows.items()
    ]
    return check_not_empty(entries, sdn.name)
