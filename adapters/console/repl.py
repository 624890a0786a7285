"""Reading the keyboard (with line editing and history) or a pipe, one line at a time."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.render import safe_text
from adapters.console.session import ConsoleSession

HISTORY = Path.home() / ".rebound_history"


async def run(session: ConsoleSession, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    interactive = stdin.isatty()
    if interactive:
        _enable_line_editing()
    try:
        while True:
            prompt = f"{session.member}> "
            if interactive:
                try:
                    line = await asyncio.to_thread(input, prompt)
                except EOFError:
                    out.write("\n")
                    break
            else:
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    break
                if line.strip():
                    out.write(prompt + safe_text(line.rstrip("\n")) + "\n")
            if not await session.handle_line(line):
                break
    finally:
        if interactive:
            _save_history()


def _enable_line_editing() -> None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input still works
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY)
    readline.set_history_length(1000)


def _save_history() -> None:
    try:
        import readline

        readline.write_history_file(HISTORY)
    except (ImportError, OSError):
        pass
