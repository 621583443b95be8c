"""CSV as spreadsheets read it: UTF-8 with a byte-order mark, streamed a row at a time, and
no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import io

__all__ = ["BOM", "cell", "drain"]

BOM = "\ufeff"  # UTF-8's byte-order mark: spreadsheets write and expect it
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet will not run: a leading =, +, -, @, tab or CR
    (a formula, e.g. `=HYPERLINK(...)`) gets a leading apostrophe, as OWASP advises.
    None is an empty cell; numbers and the like their text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def drain(buffer: io.StringIO) -> str:
    """What a CSV writer wrote into `buffer` since the last drain."""
    value = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return value
