"""OpenSanctions / FollowTheMoney entities, one JSON object a line.

Each line is ``{"id": ..., "schema": ..., "properties": {...}}``. ``Person`` becomes a person;
``Organization``, ``Company``, ``LegalEntity`` and ``PublicBody`` an organisation; other schemata
(vessels, addresses, sanctions...) are skipped. Properties used: ``name`` (the first is the main
name), ``alias`` and ``previousName``, ``weakAlias`` (weak), ``birthDate``, ``nationality``,
``citizenship`` and ``country``, ``position``, ``program``/``programId``, ``notes`` and
``sourceUrl``. Ids are ``ftm-`` and the entity id.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import ORGANISATION, PERSON, Alias, ListEntry, ListFormatError, check_not_empty
from .xmltools import iso_date

KINDS = {
    "Person": PERSON,
    "Organization": ORGANISATION,
    "Company": ORGANISATION,
    "LegalEntity": ORGANISATION,
    "PublicBody": ORGANISATION,
}


def read_ftm(path: str | Path) -> tuple[ListEntry, ...]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(f"cannot read the file ({exc.strerror})", source=path.name) from None
    return parse_ftm(data, source=path.name)


def parse_ftm(data: bytes | str, *, source: str = "entities.ftm.json") -> tuple[ListEntry, ...]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ListFormatError("not UTF-8 text", source=source, line=line) from None
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        entry = _entry(raw, source, line)
        if entry is None:
            continue
        if entry.id in seen:
            message = f"entity {entry.id} already on line {seen[entry.id]}"
            raise ListFormatError(message, source=source, line=line)
        seen[entry.id] = line
        entries.append(entry)
    return check_not_empty(entries, source)


def _entry(raw: str, source: str, line: int) -> ListEntry | None:
    def fail(message: str):
        raise ListFormatError(message, source=source, line=line)

    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        fail(f"not valid JSON ({exc.msg})")
    if not isinstance(obj, dict) or not isinstance(obj.get("properties", {}), dict):
        fail("not a FollowTheMoney entity")
    if not obj.get("id") or not obj.get("schema"):
        fail("an entity needs an id and a schema")
    if not isinstance(obj["id"], str) or not isinstance(obj["schema"], str):
        fail("an entity's id and schema are strings")
    kind = KINDS.get(obj["schema"])
    if kind is None:
        return None
    props = obj.get("properties") or {}

    def values(*names: str) -> list[str]:
        found: list[str] = []
        for name in names:
            value = props.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(f"property {name!r} must be a list of strings")
            found.extend(v.strip() for v in value if v.strip())
        return list(dict.fromkeys(found))

    names = values("name") or ([obj["caption"]] if isinstance(obj.get("caption"), str) else [])
    if not names:
        fail(f"entity {obj['id']} has no name")
    aliases = [Alias(n) for n in names[1:] + values("alias", "previousName") if n != names[0]]
    aliases += [Alias(n, weak=True) for n in values("weakAlias")]
    dates = []
    for value in values("birthDate"):
        date = iso_date(*value[:10].split("-")[:3])
        if date is None:
            fail(f"birth date {value!r} is not a date")
        dates.append(date)
    return ListEntry(
        id=f"ftm-{obj['id']}",
        kind=kind,
        name=names[0],
        aliases=tuple(dict.fromkeys(aliases)),
        birth_dates=tuple(dict.fromkeys(dates)),
        countries=tuple(values("nationality", "citizenship", "country")),
        position="; ".join(values("position")),
        programmes=tuple(values("program", "programId")),
        reason=" ".join(values("notes")),
        source=" ".join(values("sourceUrl")) or ", ".join(_strings(obj.get("datasets"))),
    )


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
