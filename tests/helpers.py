"""Small helpers shared by tests: actors, commands, and reading what a member would see."""

from __future__ import annotations

from datetime import datetime

from adapters.console.render import render
from bot.ports import Delivery, Messenger
from bot.values import Actions, Actor, Button, ButtonPress, Outbound, SlashCommand


def actor(name: str = "Alex", channel: str = "general", workspace: str = "T1") -> Actor:
    return Actor("console", workspace, name.lower(), name, channel, channel)


def slash(name: str, text: str = "", who: str = "Alex") -> SlashCommand:
    return SlashCommand(actor(who), name, text)


def press(button: Button, who: str = "Alex") -> ButtonPress:
    return ButtonPress(actor(who), button.action_id, button.value)


def text(message: Outbound) -> str:
    """What a reader sees, as the console renders it (times in the member's zone)."""
    return render(message, 1).text


def buttons(message: Outbound) -> list[Button]:
    return [b for block in message.blocks if isinstance(block, Actions) for b in block.buttons]


def button(message: Outbound, label: str) -> Button:
    matches = [b for b in buttons(message) if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in buttons(message)]}"
    return matches[0]


class RecordingMessenger:
    """Delivers by remembering; can be told to fail the next deliveries.

    Like a platform's history, it can say whether a message with a given work key went out.
    """

    def __init__(self) -> None:
        self.sent: list[Outbound] = []
        self.failures: list[Delivery] = []
        self.lookups: list[tuple[str, ...]] = []
        self.retracted: list[str] = []

    async def send(self, message: Outbound) -> Delivery:
        if self.failures:
            return self.failures.pop(0)
        self.sent.append(message)
        return Delivery(ok=True, message_ref=f"m{len(self.sent)}")

    async def find(self, message: Outbound) -> Delivery | None:
        self.lookups.append(message.work_keys)
        for index, earlier in enumerate(self.sent, 1):
            if set(message.work_keys) & set(earlier.work_keys):
                return Delivery(ok=True, message_ref=f"m{index}")
        return None

    async def retract(self, message: Outbound, message_ref: str) -> None:
        self.retracted.append(message_ref)

    @property
    def route(self) -> dict[str, Messenger]:
        """Delivers for every platform the tests use."""
        return {"console": self, "slack": self}


def at(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None
    return moment
