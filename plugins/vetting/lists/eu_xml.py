"""The EU Consolidated Financial Sanctions List, XML export (``http://eu.europa.ec/fpi/fsd/export``).

Each ``sanctionEntity`` (``logicalId``, ``euReferenceNumber``) has a ``subjectType`` (``person``
or ``enterprise``), ``nameAlias`` elements (``wholeName``, ``function``; ``strong="false"`` marks a
weak alias; the first is the main name), ``citizenship`` and ``birthdate`` elements (a full
``birthdate``, or ``year`` with ``monthOfYear`` and ``dayOfMonth``, or ``yearRangeFrom`` and
``yearRangeTo`` kept as every year between, see ``birth_years``), ``address`` elements with a
``countryDescription``, ``regulation`` elements with a ``programme`` and a ``remark``. Ids are
``eu-`` and the logical id.
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

NS = "{http://eu.europa.ec/fpi/fsd/export}"
_KINDS = {"person": PERSON, "enterprise": ORGANISATION}


def read_eu_xml(path: str | Path | bytes, *, source: str | None = None) -> tuple[ListEntry, ...]:
    source = source or (Path(path).name if not isinstance(path, bytes) else "eu.xml")
    root = parse_xml(path, source)
    if root.tag != f"{NS}export":
        raise ListFormatError(f"expected the EU export element, found {root.tag}", source=source)
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for number, element in enumerate(root.iterfind(f"{NS}sanctionEntity"), start=1):
        entry = _entry(element, source, number)
        if entry is None:
            continue
        if entry.id in seen:
            raise ListFormatError(f"sanctionEntity {entry.id} appears twice", source=source)
        seen.add(entry.id)
        entries.append(entry)
    return check_not_empty(entries, source)


def _entry(element, source: str, number: int) -> ListEntry | None:
    logical = element.get("logicalId", "").strip()
    label = f"sanctionEntity {'logicalId ' + logical if logical else f'number {number}'}"

    def fail(message: str):
        raise ListFormatError(f"{label}: {message}", source=source)

    if not logical:
        fail("no logicalId")
    subject = element.find(f"{NS}subjectType")
    code = (subject.get("code", "") if subject is not None else "").strip().lower()
    if code not in _KINDS:
        fail(f"unknown subjectType {code!r}")
    kind = _KINDS[code]
    names: list[Alias] = []
    functions: list[str] = []
    for alias in element.iterfind(f"{NS}nameAlias"):
        whole = alias.get("wholeName", "").strip()
        if not whole:
            parts = (alias.get(a, "").strip() for a in ("firstName", "middleName", "lastName"))
            whole = " ".join(p for p in parts if p)
        if whole and all(n.name != whole for n in names):
            names.append(Alias(whole, alias.get("strong", "true").strip().lower() == "false"))
        if alias.get("function", "").strip():
            functions.append(alias.get("function").strip())
    if not names:
        fail("no nameAlias with a name")
    dates = _birth_dates(element, fail)
    countries = [
        c.get("countryDescription", "").strip()
        for c in [*element.iterfind(f"{NS}citizenship"), *element.iterfind(f"{NS}address")]
        if c.get("countryDescription", "").strip() not in ("", "UNKNOWN", "00")
    ]
    programmes = [
        r.get("programme", "").strip()
        for r in element.iterfind(f"{NS}regulation")
        if r.get("programme", "").strip()
    ]
    main, *aliases = names
    return ListEntry(
        id=f"eu-{logical}",
        kind=kind,
        name=main.name,
        aliases=tuple(aliases),
        birth_dates=tuple(dict.fromkeys(dates)),
        countries=tuple(dict.fromkeys(countries)),
        position="; ".join(dict.fromkeys(functions)),
        programmes=tuple(dict.fromkeys(programmes)),
        reason=" ".join(text(r) for r in element.iterfind(f"{NS}remark")),
        source=f"EU {element.get('euReferenceNumber', logical)}",
    )


def _birth_dates(element, fail) -> list[str]:
    dates: list[str] = []
    for birth in element.iterfind(f"{NS}birthdate"):
        full = birth.get("birthdate", "").strip()
        value = (
            iso_date(*full[:10].split("-")[:3])
            if full
            else iso_date(
                *(birth.get(a, "") for a in ("year", "monthOfYear", "dayOfMonth")), strict=False
            )
        )
        if full and value is None:
            fail(f"birth date {full!r} is not a date")
        if value:
            dates.append(value)
        bounds = (birth.get("yearRangeFrom", "").strip(), birth.get("yearRangeTo", "").strip())
        years = birth_years(*bounds)
        if years is None:
            fail(f"birth years {bounds[0]!r} to {bounds[1]!r} are not years")
        dates.extend(years)
    return dates
