"""The UN Security Council Consolidated List (XML).

``CONSOLIDATED_LIST`` holds ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. A person's name
is ``FIRST_NAME`` to ``FOURTH_NAME``; aliases are ``*_ALIAS/ALIAS_NAME`` (quality ``Low`` is a
weak alias) and ``NAME_ORIGINAL_SCRIPT``; birth dates are ``INDIVIDUAL_DATE_OF_BIRTH`` (``DATE``,
``YEAR`` or ``FROM_YEAR``/``TO_YEAR``); nationalities ``NATIONALITY/VALUE``; an entity's
countries come from ``ENTITY_ADDRESS/COUNTRY``. Ids are ``un-`` and the reference number.
"""

from __future__ import annotations

from pathlib import Path

from .model import ORGANISATION, PERSON, Alias, ListEntry, ListFormatError, check_not_empty
from .xmltools import iso_date, parse_xml, text

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read_un_xml(path: str | Path | bytes, *, source: str | None = None) -> tuple[ListEntry, ...]:
    source = source or (Path(path).name if not isinstance(path, bytes) else "consolidated.xml")
    root = parse_xml(path, source)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"expected CONSOLIDATED_LIST, found {root.tag}", source=source)
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for kind, tag in ((PERSON, "INDIVIDUALS/INDIVIDUAL"), (ORGANISATION, "ENTITIES/ENTITY")):
        for number, element in enumerate(root.iterfind(tag), start=1):
            entry = _entry(element, kind, source, number)
            if entry.id in seen:
                raise ListFormatError(f"{entry.id} appears twice", source=source)
            seen.add(entry.id)
            entries.append(entry)
    return check_not_empty(entries, source)


def _entry(element, kind: str, source: str, number: int) -> ListEntry:
    dataid = text(element.find("DATAID"))
    label = f"{element.tag} {'DATAID ' + dataid if dataid else f'number {number}'}"

    def fail(message: str):
        raise ListFormatError(f"{label}: {message}", source=source)

    reference = text(element.find("REFERENCE_NUMBER")) or dataid
    if not reference:
        fail("no REFERENCE_NUMBER nor DATAID")
    parts = [text(element.find(tag)) for tag in _NAME_PARTS]
    name = " ".join(p for p in parts if p)
    if not name:
        fail("the name is empty")
    aliases: list[Alias] = []
    alias_tag = "INDIVIDUAL_ALIAS" if kind == PERSON else "ENTITY_ALIAS"
    for alias in element.iterfind(alias_tag):
        alias_name = text(alias.find("ALIAS_NAME"))
        if alias_name and alias_name != name:
            weak = text(alias.find("QUALITY")).lower() == "low"
            aliases.append(Alias(alias_name, weak))
    original = text(element.find("NAME_ORIGINAL_SCRIPT"))
    if original:
        aliases.append(Alias(original))
    dates: list[str] = []
    for dob in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        exact = text(dob.find("DATE"))
        if exact:
            value = iso_date(*exact[:10].split("-")[:3])
            if value is None:
                fail(f"birth date {exact!r} is not a date")
            dates.append(value)
        for tag in ("YEAR", "FROM_YEAR", "TO_YEAR"):
            year = text(dob.find(tag))
            if year:
                if iso_date(year) is None:
                    fail(f"birth year {year!r} is not a year")
                dates.append(year)
    countries = [text(v) for v in element.iterfind("NATIONALITY/VALUE") if text(v)]
    countries += [text(c) for c in element.iterfind("ENTITY_ADDRESS/COUNTRY") if text(c)]
    return ListEntry(
        id=f"un-{reference}",
        kind=kind,
        name=name,
        aliases=tuple(dict.fromkeys(aliases)),
        birth_dates=tuple(dict.fromkeys(dates)),
        countries=tuple(dict.fromkeys(countries)),
        position="; ".join(text(v) for v in element.iterfind("DESIGNATION/VALUE") if text(v)),
        programmes=(text(element.find("UN_LIST_TYPE")),)
        if text(element.find("UN_LIST_TYPE"))
        else (),
        reason=text(element.find("COMMENTS1")),
        source=f"UN {reference}",
    )
