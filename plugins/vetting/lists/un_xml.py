"""The UN Security Council Consolidated List (XML).

``CONSOLIDATED_LIST`` holds ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. A person's name
is ``FIRST_NAME`` to ``FOURTH_NAME``; aliases are ``*_ALIAS/ALIAS_NAME`` (quality ``Low`` is a
weak alias; one field may hold several names separated by ";", each its own alias) and
``NAME_ORIGINAL_SCRIPT``; birth dates are ``INDIVIDUAL_DATE_OF_BIRTH`` (``DATE``, ``YEAR``, or
``FROM_YEAR``/``TO_YEAR`` kept as every year between, see ``birth_years``); nationalities
``NATIONALITY/VALUE``; an entity's countries come from ``ENTITY_ADDRESS/COUNTRY``. Ids are
``un-`` and the reference number.
"""

from __future__ import annotations

from pathlib import Path

from .model import (
    ORGANISATION,
    PERSON,
    Alias,
    ListEntry,
    ListFormatError,
    birth_years,
    check_not_empty,
)
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
    dates: list[str] = []
    for dob in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        exact = text(dob.find("DATE"))
        if exact:
            value = iso_date(*exact[:10].split("-")[:3])
            if value is None:
                fail(f"birth date {exact!r} is not a date")
            dates.append(value)
        year = text(dob.find("YEAR"))
        if year:
            if iso_date(year) is None:
                fail(f"birth year {year!r} is not a year")
            dates.append(year)
        bounds = (text(dob.find("FROM_YEAR")), text(dob.find("TO_YEAR")))
        years = birth_years(*bounds)
        if years is None:
            fail(f"birth years {bounds[0]!r} to {bounds[1]!r} are not years")
        dates.extend(years)
    countries = [text(v) for v in element.iterfind("NATIONALITY/VALUE") if text(v)]
    countries += [text(c) for c in element.iterfind("ENTITY_ADDRESS/COUNTRY") if text(c)]
    return ListEntry(
        id=f"un-{reference}",
        kind=kind,
        name=name,
        aliases=_aliases(element, kind, name),
        birth_dates=tuple(dict.fromkeys(dates)),
        countries=tuple(dict.fromkeys(countries)),
        position="; ".join(text(v) for v in element.iterfind("DESIGNATION/VALUE") if text(v)),
        programmes=(text(element.find("UN_LIST_TYPE")),)
        if text(element.find("UN_LIST_TYPE"))
        else (),
        reason=text(element.find("COMMENTS1")),
        source=f"UN {reference}",
    )


def _aliases(element, kind: str, name: str) -> tuple[Alias, ...]:
    """Each alias once (a strong one over a weak one of the same name), the name itself never;
    the name in its original script is a strong alias."""
    tag = "INDIVIDUAL_ALIAS" if kind == PERSON else "ENTITY_ALIAS"
    written = [
        (alias_name, text(alias.find("QUALITY")).lower() == "low")
        for alias in element.iterfind(tag)
        for alias_name in _names(text(alias.find("ALIAS_NAME")))
    ]
    original = text(element.find("NAME_ORIGINAL_SCRIPT"))
    written += [(original_name, False) for original_name in _names(original)]
    aliases: dict[str, Alias] = {}
    for alias_name, weak in written:
        key = alias_name.casefold()
        if key != name.casefold() and (key not in aliases or aliases[key].weak > weak):
            aliases[key] = Alias(alias_name, weak)
    return tuple(aliases.values())


def _names(field: str) -> list[str]:
    """The names of one field: the UN writes several in one, separated by ";"."""
    return [" ".join(part.split()) for part in field.split(";") if part.strip()]
