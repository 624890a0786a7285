"""The console's output: every message printed once, buttons numbered, attachments saved."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TextIO

from adapters.console.render import render
from bot.ports import Delivery
from bot.values import Button, Outbound


class Transcript:
    def __init__(self, out: TextIO, files_dir: Path) -> None:
        self._out = out
        self._files_dir = files_dir
        self.buttons: dict[int, Button] = {}
        self._files = itertools.count(1)
        self._messages = itertools.count(1)

    def show(self, message: Outbound) -> str:
        rendered = render(message, len(self.buttons) + 1)
        for button in rendered.buttons:
            self.buttons[len(self.buttons) + 1] = button
        self._out.write(rendered.text + "\n")
        for attachment in message.attachments:
            self._files_dir.mkdir(parents=True, exist_ok=True)
            path = self._files_dir / f"{next(self._files)}-{Path(attachment.filename).name}"
            path.write_bytes(attachment.data)
            self._out.write(f"    saved to {path}\n")
        self._out.flush()
        return f"console:{next(self._messages)}"

    def note(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()


class ConsoleMessenger:
    """Delivers scheduled messages by printing them; the console never fails to deliver."""

    def __init__(self, transcript: Transcript) -> None:
        self._transcript = transcript

    async def send(self, message: Outbound) -> Delivery:
        return Delivery(ok=True, message_ref=self._transcript.show(message))
