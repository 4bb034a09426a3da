"""Reading XML list files all or nothing, with the failing line or element named."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .model import ListFormatError, is_date


def parse_xml(path: str | Path | bytes, source: str) -> ET.Element:
    """The document's root; a syntax error names its line.

    ElementTree resolves no external entities, and the expat bundled with Python 3.11 refuses
    entity-expansion attacks ("billion laughs").
    """
    try:
        if isinstance(path, bytes):
            return ET.fromstring(path)
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ListFormatError(f"not well-formed XML ({exc})", source=source, line=line) from None
    except OSError as exc:
        raise ListFormatError(f"cannot read the file ({exc.strerror})", source=source) from None


def text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def iso_date(year: str = "", month: str = "", day: str = "", *, strict: bool = True) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from parts, or None if that is not a real date.

    Not ``strict``: an impossible month or day is dropped and the year kept.
    """
    if not (year.isdigit() and len(year) == 4):
        return None
    value = year
    if month.isdigit() and int(month):
        value += f"-{int(month):02d}"
        if day.isdigit() and int(day):
            value += f"-{int(day):02d}"
    if is_date(value):
        return value
    return None if strict else year
