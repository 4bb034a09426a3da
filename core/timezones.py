"""Timezones as people name them.

A person types the venue's city ("Brussels", "brussels", "São Paulo"), a country with one zone
("Belgium"), a former name tzdata keeps as an alias ("Rangoon"), one of the offered labels
("Brussels — Belgium (UTC+1, summer UTC+2)") or an IANA name; ``resolve`` turns it into the
IANA name stored with a dialogue, or refuses it naming close matches. ``place`` and
``utc_offset`` say a zone back in words ("Jakarta", "UTC+7").

The names come from the tzdata package Parley already depends on: ``zone.tab`` (every zone of
every country, with its city), ``iso3166.tab`` (country names) and the links of ``tzdata.zi``
(former and alternative names). A few capitals and venues that name no zone are added here.
"""

# ruff: noqa: RUF001 (spans of dates and times are printed with en dashes)

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from unidecode import unidecode
from wtforms import Field, Form, ValidationError

# places people type that name no zone of their own, with the zone they are in
OTHER_PLACES = {
    "Geneva": "Europe/Zurich",
    "Strasbourg": "Europe/Paris",
    "The Hague": "Europe/Amsterdam",
    "Hanoi": "Asia/Ho_Chi_Minh",
    "Naypyidaw": "Asia/Yangon",
    "Putrajaya": "Asia/Kuala_Lumpur",
    "Bali": "Asia/Makassar",
    "New Delhi": "Asia/Kolkata",
    "Beijing": "Asia/Shanghai",
    "Washington": "America/New_York",
    "Ottawa": "America/Toronto",
    "Canberra": "Australia/Sydney",
    "Brasilia": "America/Sao_Paulo",
}
# other names of countries (iso3166.tab has one each)
OTHER_COUNTRY_NAMES = {
    "Burma": "MM",
    "UK": "GB",
    "United Kingdom": "GB",
    "Great Britain": "GB",
    "USA": "US",
    "South Korea": "KR",
    "North Korea": "KP",
    "Timor-Leste": "TL",
    "Czechia": "CZ",
    "Ivory Coast": "CI",
    "Swaziland": "SZ",
}
MOST_LISTED = 5  # zones named in the message for a country with several


class UnknownZone(ValueError):
    """What was typed names no zone, or several: the message says which ones come close."""


def _key(text: str) -> str:
    """``text`` as it is looked up: without case, diacritics, punctuation or repeated spaces."""
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", unidecode(text).casefold()).split())


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _data() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """``(country code of each zone, country name by code, zone each link points to)``."""
    countries = {row[0]: row[1] for row in _table("iso3166.tab")}
    zones = {row[2]: row[0] for row in _table("zone.tab")}
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _l, target, name = line.split()
            links[name] = target
    return zones, countries, links


@cache
def _ids() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


def canonical(zone: str) -> str:
    """The zone a country's list names for ``zone``: ``Asia/Yangon`` for ``Asia/Rangoon``."""
    zones, _countries, links = _data()
    target = links.get(zone, zone)
    if zone in zones or target not in zones:
        return "UTC" if target in ("Etc/UTC", "UTC") else zone
    return target


def place(zone: str) -> str:
    """The city a zone is named after ("Jakarta"), or "" for UTC and the ``Etc/`` zones."""
    zone = canonical(zone)
    if zone == "UTC" or zone.startswith("Etc/") or "/" not in zone:
        return ""
    return _city(zone)


def utc_offset(local: datetime) -> str:
    """``UTC+7``, ``UTC+5:30``, ``UTC-4`` for an aware datetime."""
    return _offset_text(local.utcoffset())


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02}" if rest else "")


def _offsets(zone: str, year: int) -> str:
    """``UTC+1, summer UTC+2`` (winter and summer of ``year``), or one offset."""
    tz = ZoneInfo(zone)
    offsets = sorted(
        {datetime(year, month, 1, tzinfo=UTC).astimezone(tz).utcoffset() for month in (1, 7)}
    )
    shown = [_offset_text(offset) for offset in offsets]
    return shown[0] if len(shown) == 1 else f"{shown[0]}, summer {shown[1]}"


def _label(city: str, zone: str, year: int) -> str:
    zones, countries, _links = _data()
    if zone == "UTC":
        return "UTC"
    return f"{city} — {countries[zones[zone]]} ({_offsets(zone, year)})"


@cache
def choices(year: int) -> list[tuple[str, str]]:
    """``(IANA name, "Jakarta — Indonesia (UTC+7)")`` for every zone of every country and the
    other places, by city; offsets as in ``year``."""
    zones, _countries, _links = _data()
    named = [(_city(zone), zone) for zone in zones] + list(OTHER_PLACES.items())
    options = [(zone, _label(city, zone, year)) for city, zone in sorted(named)]
    return [("UTC", "UTC"), *options]


@cache
def _names() -> tuple[dict[str, tuple[str, ...]], ...]:
    """The names looked up, best first: cities, aliases, other places, countries."""
    zones, countries, links = _data()
    cities = {_key(_city(zone)): (zone,) for zone in zones}
    cities[_key("UTC")] = cities[_key("GMT")] = ("UTC",)
    aliases: dict[str, set[str]] = {}
    for name, target in links.items():
        # not the abbreviations (EST, CET, PRC): people mean other zones by them
        if target in zones and not name.startswith("Etc/") and not name.isupper():
            aliases.setdefault(_key(_city(name)), set()).add(target)
    others = {_key(name): (zone,) for name, zone in OTHER_PLACES.items()}
    by_country: dict[str, list[str]] = {}
    for zone, code in zones.items():
        by_country.setdefault(code, []).append(zone)
    # "Korea" is the start of two countries' names, "Congo" too: both count
    named: dict[str, list[str]] = {}
    for code, name in [*countries.items(), *((c, n) for n, c in OTHER_COUNTRY_NAMES.items())]:
        for key in {_key(name), _key(name.split(" (")[0])}:
            named.setdefault(key, []).extend(by_country.get(code, ()))
    return (
        cities,
        {key: tuple(sorted(found)) for key, found in aliases.items()},
        others,
        {key: tuple(found) for key, found in named.items() if found},
    )


def _candidates(text: str) -> list[str]:
    """What to look up for ``text``: all of it, then the part before a dash, comma or bracket
    (a label or "City, Country"), each also without a trailing "city"."""
    first = re.split(r"\s*[—–,(]\s*|\s+-\s+", text, maxsplit=1)[0]
    keys = [_key(text), _key(first)]
    keys += [key.removesuffix(" city") for key in keys if key.endswith(" city")]
    return list(dict.fromkeys(k for k in keys if k))


def resolve(text: str, year: int | None = None) -> str:
    """The IANA name for what a person typed; ``UnknownZone`` says why not."""
    text = text.strip()
    typed = _ids().get(text.casefold())
    if typed is not None and ("/" in typed or typed == "UTC"):
        return canonical(typed)
    year = year or datetime.now(UTC).year
    for key in _candidates(text):
        for names in _names():
            found = names.get(key)
            if found and len(found) == 1:
                return found[0]
            if found:
                raise UnknownZone(_several(text, found, year))
    raise UnknownZone(_unknown(text, year))


def _several(text: str, found: tuple[str, ...], year: int) -> str:
    listed = ", ".join(_label(_city(zone), zone, year) for zone in found[:MOST_LISTED])
    more = f" and {len(found) - MOST_LISTED} more" if len(found) > MOST_LISTED else ""
    return (
        f"“{text}” has {len(found)} timezones: {listed}{more}. Type the city of the venue, "
        "or choose it from the list"
    )


def _unknown(text: str, year: int) -> str:
    names = {key: found for tier in _names() for key, found in tier.items() if len(found) == 1}
    # an IANA name mistyped is compared by its city
    tried = [*_candidates(text), _key(_city(text))]
    keys = [k for key in tried for k in difflib.get_close_matches(key, names, 3, 0.75)]
    close = list(dict.fromkeys(_label(_city(names[k][0]), names[k][0], year) for k in keys))[:3]
    advice = (
        f"Did you mean {' or '.join(close)}? Otherwise type" if close else "Type"
    ) + " the city of the venue or one near it in the same timezone, or choose from the list"
    shown = text if len(text) <= 80 else text[:79] + "…"
    return f"“{shown}” is not a known timezone. {advice}"


def known_zone(_form: Form, field: Field) -> None:
    """A form validator: the field's text becomes the IANA name it names, or is refused."""
    try:
        field.data = resolve(field.data or "")
    except UnknownZone as refused:
        raise ValidationError(str(refused)) from None
