"""Cells of the CSV files Parley writes, made safe for the spreadsheets that open them."""

from __future__ import annotations

from typing import Any

# a cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a
    formula (a name or title may begin with "="); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
