"""The row id a button carries, read the one careful way every button handler shares.

`str.isdigit` alone is not enough: `²` is a digit to it but not to `int`, and a long run of
digits is past what `int` parses or the database can bind. A value that fails here is a button
no longer backed by anything, and the member is told so instead of seeing an error.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest row id our INTEGER primary keys store (PostgreSQL refuses more)


def button_id(value: str) -> int | None:
    """The row id a button carries, or None for a value no button of ours carries."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if number <= MAX_ID else None
