"""Text search that ignores case and diacritics, alike on SQLite and PostgreSQL.

"nguyen" finds "Nguyễn", "dien" finds "Điện" and "LOPEZ" finds "López": both the column and the
words searched for pass through ``folded``, which takes the Latin letters with diacritics (those
of Latin-1, Latin Extended-A and B, and of Vietnamese) to their base letter, drops combining
marks (text typed decomposed) and lowers the case. PostgreSQL does it with ``translate`` (no
extension needed), SQLite with ``parley_fold``, a function every SQLite connection is given.
Other scripts (Burmese, Khmer, Thai) are compared as they are.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from itertools import chain

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import Pool
from sqlalchemy.sql.functions import FunctionElement

# letters with no decomposition into a base letter and a mark
_EXTRA = {"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "\u0131": "i", "ħ": "h"}


def _letters() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        letter = chr(code)
        decomposed = unicodedata.normalize("NFKD", letter)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha() and base != letter:
            table[letter] = base.lower()
    return table | _EXTRA


LETTERS = _letters()
MARKS = "".join(chr(code) for code in range(0x300, 0x370))
_SQL_FROM = "".join(LETTERS) + MARKS
_SQL_TO = "".join(LETTERS.values())
_MARK_SET = frozenset(MARKS)


class folded(FunctionElement):
    """``expression`` without case and diacritics, in SQL."""

    type = sa.String()
    name = "folded"
    inherit_cache = True


def fold(text: str | None) -> str | None:
    """``text`` without case and diacritics, as ``folded`` does it in SQL."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    composed = unicodedata.normalize("NFC", text)
    return "".join(LETTERS.get(c, c) for c in composed if c not in _MARK_SET).lower()


@sa.event.listens_for(Pool, "connect")
def _teach_sqlite(dbapi_connection, _record) -> None:
    """Give every SQLite connection ``parley_fold`` (SQLite has no ``translate``, and a chain
    of ``replace`` as long as the table overflows its parser)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("parley_fold", 1, fold, deterministic=True)


@compiles(folded)
def _folded_by_function(element: folded, compiler, **kw) -> str:
    return f"parley_fold({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_by_translate(element: folded, compiler, **kw) -> str:
    sql = compiler.process(element.clauses, **kw)
    return f"lower(translate({sql}, '{_SQL_FROM}', '{_SQL_TO}'))"


def matches(words: str, *columns) -> sa.ColumnElement[bool]:
    """Whether any of ``columns`` contains ``words`` (a literal text: ``%`` and ``_`` are no
    wildcards), ignoring case and diacritics."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = sa.literal("%") + folded(sa.literal(escaped)) + sa.literal("%")
    return sa.or_(*(folded(sa.func.coalesce(c, "")).like(pattern, escape="\\") for c in columns))


def search_words(value: str | None, limit: int = 200) -> str:
    """What a visitor typed in a search box, trimmed, its runs of spaces made one."""
    return " ".join((value or "").split())[:limit]
