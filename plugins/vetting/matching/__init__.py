"""Name matching for screening against non-engagement lists: no Flask, no database."""

from .characters import disguise
from .index import NameIndex
from .names import Name, parse
from .normalise import fold, key
from .screen import Finding, Screener, Subject, Thresholds, screen

__all__ = [
    "Finding",
    "Name",
    "NameIndex",
    "Screener",
    "Subject",
    "Thresholds",
    "disguise",
    "fold",
    "key",
    "parse",
    "screen",
]
