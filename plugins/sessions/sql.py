"""Small SQL helpers for the programme's hot paths."""

from __future__ import annotations

import json
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from core.plugin_api import db_session


def _array_text(values: Collection[int | str]) -> str:
    """PostgreSQL's text form of an array: ``{1,2}``, ``{"a","b"}``."""
    if all(type(value) is int for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    quoted = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


def among(
    column: sa.ColumnElement, values: Collection[int | str], type_: sa.types.TypeEngine
) -> sa.ColumnElement:
    """``column IN values``, for hundreds of values.

    On PostgreSQL the values travel as one parameter, the text of an array, unnested in a
    subquery (``IN (SELECT unnest(CAST(:values AS type[])))``): the statement's text is the
    same however many values there are, so SQLAlchemy and psycopg compile it once instead of
    rendering a placeholder per value (for a thousand ids, some 4 ms a query); psycopg does
    not adapt the values one by one; the subquery is evaluated once and hashed, where
    ``= ANY(...)`` in a prepared statement's generic plan would compare each row with every
    value (or, with a cast, parse the array again for every row). SQLite reads the values as
    one JSON array with ``json_each``."""
    if db_session().get_bind().dialect.name == "postgresql":
        text = sa.bindparam(None, _array_text(values), type_=sa.Text())
        array = sa.cast(text, postgresql.ARRAY(type_))
        return column.in_(sa.select(sa.func.unnest(array)).scalar_subquery())
    # SQLite: the same, with the values as one JSON array read by json_each
    listed = sa.bindparam(None, json.dumps(list(values)), type_=sa.Text())
    each = sa.func.json_each(listed).table_valued("value")
    return column.in_(sa.select(each.c.value).scalar_subquery())
