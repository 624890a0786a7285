"""The lines of a `.env` file that cannot be read, reported instead of skipped.

python-dotenv (which pydantic-settings reads `.env` with) skips a line it cannot parse, logs a
warning and carries on, so the setting on it quietly keeps its default: an unclosed quote in
`DATABASE_URL` starts the bot on a new ./rebound.db. Text that is not UTF-8 stops python-dotenv
with a traceback. Each is found here with python-dotenv's own parser, so what is refused is
exactly what it would skip, and reported with its line number and setting name, never its value
(it may be a token). A UTF-8 byte-order mark (an editor's "UTF-8 with BOM") is no mistake: it is
read past (`ENCODING`, which Settings reads `.env` with too), so it never hides the first name.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dotenv.parser import parse_stream

ENCODING = "utf-8-sig"  # UTF-8, past a byte-order mark if there is one
# The name before `=`, to say which setting a bad line was meant to set (names are not secret).
_NAME = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=")


@dataclass(frozen=True)
class EnvFile:
    """What reading `.env` found: its problems, and whether python-dotenv can read it at all."""

    problems: list[str] = field(default_factory=list)
    readable: bool = True


def check(path: Path) -> EnvFile:
    """The problems of the `.env` file at `path`; none when there is no such file."""
    if not path.is_file():
        return EnvFile()
    try:
        text = path.read_text(encoding=ENCODING)
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return EnvFile(
            [
                f"{path} line {line} is not UTF-8 text: save the file as UTF-8 (an editor's "
                "Save As or Encoding menu), then start again"
            ],
            readable=False,
        )
    found = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            name = _NAME.match(binding.original.string)
            which = f" ({name.group(1)})" if name else ""
            found.append(
                f"{path} line {binding.original.line}{which} cannot be read, and would be "
                'skipped: write it as NAME=value, and close a quote that opens the value (" or '
                "') with the same quote, or use no quotes"
            )
    return EnvFile(found)
