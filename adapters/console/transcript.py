"""The console's output: every message printed once, buttons numbered, attachments saved.

When the output is a file (`--transcript`), the file doubles as the console's message history:
each delivery is written with its work keys in a single write, so a restarted `rebound` can look
a key up and knows exactly what already went out.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from adapters.console.render import render
from bot.ports import Delivery
from bot.values import Button, Outbound

KEY_MARK = "    · ref "


class Transcript:
    def __init__(
        self,
        out: TextIO,
        files_dir: Path,
        *,
        history: Path | None = None,
        pressable: bool = True,
    ) -> None:
        """`pressable=False` (`rebound tick`, which exits after printing): buttons are numbered
        as ever but not kept, since nobody can press them, so memory does not grow with them."""
        self._out = out
        self._files_dir = files_dir
        self._history = history
        self._pressable = pressable
        self._numbered = 0  # buttons shown so far
        self.buttons: dict[int, Button] = {}
        # For each button number, the buttons of the message it is on, as `[1]-[3]`.
        self._source: dict[int, str] = {}
        self._next_file = 1
        self._messages = itertools.count(1)

    def show(self, message: Outbound, *, updates: int | None = None) -> str:
        """Print `message`; `updates`: the number of a pressed button whose message this one
        takes the place of (`Outbound.replaces_source`). A terminal cannot change what it
        printed, so the new version is printed, said to replace that message; the files it
        came with stay where they were saved, and are not saved again."""
        if updates is not None:
            message = replace(message, attachments=())
        rendered = render(message, self._numbered + 1)
        numbers = range(self._numbered + 1, self._numbered + 1 + len(rendered.buttons))
        self._numbered += len(rendered.buttons)
        for number, button in zip(numbers, rendered.buttons, strict=True):
            if self._pressable:
                self.buttons[number] = button
                self._source[number] = _span(numbers)
        reference = f"console:{next(self._messages)}"
        lines = [rendered.text]
        if updates is not None:
            head, _, rest = rendered.text.partition("\n")
            earlier = self._source.get(updates, f"[{updates}]")
            lines = [f"{head} (updated: this replaces the message with {earlier})"]
            lines += [rest] if rest else []
        for attachment in message.attachments:
            path = self._files_dir / f"{self._next_file}-{Path(attachment.filename).name}"
            try:
                self._files_dir.mkdir(parents=True, exist_ok=True)
                path = self._save(Path(attachment.filename).name, attachment.data)
            except OSError as error:  # a --files folder that cannot be written: say so, go on
                lines.append(f"    not saved: cannot write {path} ({error.strerror}); see --files")
                continue
            lines.append(f"    saved to {path}")
        if self._history is not None and message.work_keys:
            lines.append(KEY_MARK + " ".join(message.work_keys))
        self._out.write("\n".join(lines) + "\n")
        self._out.flush()
        return reference

    def _save(self, name: str, data: bytes) -> Path:
        """Write to the next free `N-name`: a file an earlier session saved (an export kept
        before `/rebound forget`) is never overwritten."""
        while True:
            path = self._files_dir / f"{self._next_file}-{name}"
            self._next_file += 1
            try:
                with path.open("xb") as file:
                    file.write(data)
            except FileExistsError:
                continue
            return path

    def note(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def delivered(self, work_key: str) -> bool:
        """Whether this transcript file already shows a message carrying `work_key`."""
        if self._history is None or not self._history.exists():
            return False
        with self._history.open(encoding="utf-8") as history:
            return any(
                line.startswith(KEY_MARK) and work_key in line[len(KEY_MARK) :].split()
                for line in history
            )


def _span(numbers: range) -> str:
    return f"[{numbers[0]}]" if len(numbers) == 1 else f"[{numbers[0]}]-[{numbers[-1]}]"


class ConsoleMessenger:
    """Delivers scheduled messages by printing them; the console never fails to deliver."""

    def __init__(self, transcript: Transcript) -> None:
        self._transcript = transcript

    async def send(self, message: Outbound) -> Delivery:
        return Delivery(ok=True, message_ref=self._transcript.show(message))

    async def find(self, message: Outbound) -> Delivery | None:
        if message.work_keys and self._transcript.delivered(message.work_keys[0]):
            return Delivery(ok=True, message_ref="console:recovered")
        return None

    async def retract(self, message: Outbound, message_ref: str) -> None:
        """Printed lines cannot be taken back; the terminal belongs to the member who forgot."""
