"""Non-engagement lists in memory: the entry model and the readers of each list format."""

from .eu_xml import read_eu_xml
from .ftm import parse_ftm, read_ftm
from .model import KINDS, ORGANISATION, PERSON, Alias, ListEntry, ListFormatError
from .ofac import read_ofac
from .parley_csv import COLUMNS, TEMPLATE, entry_from_fields, parse_parley_csv, read_parley_csv
from .un_xml import read_un_xml

__all__ = [
    "COLUMNS",
    "KINDS",
    "ORGANISATION",
    "PERSON",
    "TEMPLATE",
    "Alias",
    "ListEntry",
    "ListFormatError",
    "entry_from_fields",
    "parse_ftm",
    "parse_parley_csv",
    "read_eu_xml",
    "read_ftm",
    "read_ofac",
    "read_parley_csv",
    "read_un_xml",
]
