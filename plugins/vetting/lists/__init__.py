"""Non-engagement lists in memory: the entry model and the readers of each list format."""

from .model import KINDS, ORGANISATION, PERSON, Alias, ListEntry, ListFormatError
from .ofac import read_ofac
from .parley_csv import COLUMNS, TEMPLATE, parse_parley_csv, read_parley_csv

__all__ = [
    "COLUMNS",
    "KINDS",
    "ORGANISATION",
    "PERSON",
    "TEMPLATE",
    "Alias",
    "ListEntry",
    "ListFormatError",
    "parse_parley_csv",
    "read_ofac",
    "read_parley_csv",
]
