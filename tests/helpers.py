"""Small helpers shared by tests: actors, commands, and reading what a member would see."""

from __future__ import annotations

from datetime import datetime

from bot.ports import Delivery, Messenger
from bot.timezones import zone
from bot.values import (
    Actions,
    Actor,
    BulletList,
    Button,
    ButtonPress,
    Fields,
    Line,
    Link,
    Mention,
    Outbound,
    Paragraph,
    Quote,
    SlashCommand,
    Span,
    Style,
)


def actor(name: str = "Alex", channel: str = "general", workspace: str = "T1") -> Actor:
    return Actor("console", workspace, name.lower(), name, channel, channel)


def slash(name: str, text: str = "", who: str = "Alex") -> SlashCommand:
    return SlashCommand(actor(who), name, text)


def press(button: Button, who: str = "Alex") -> ButtonPress:
    return ButtonPress(actor(who), button.action_id, button.value)


def text(message: Outbound) -> str:
    """The message's words, read from its values (no adapter's rendering): one line per
    paragraph, bullet, field or quoted line, code in backticks, a link as its label, a time in
    the zone the core gave it ("Tue 1 Dec 2026, 16:00 UTC"). Where it goes, its buttons and its
    attachments are values of their own: `message.destination`, `buttons()`, `attachments`."""
    lines: list[str] = []
    for block in message.blocks:
        if isinstance(block, Paragraph):
            lines.append(_words(block.content))
        elif isinstance(block, BulletList):
            lines.extend(f"• {_words(item)}" for item in block.items)
        elif isinstance(block, Fields):
            lines.extend(f"{label}: {_words(value)}" for label, value in block.pairs)
        elif isinstance(block, Quote):
            lines.extend([block.title] if block.title else [])
            lines.extend(_words(block.content).split("\n"))
    return "\n".join(lines)


def _words(content: Line) -> str:
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append(f"`{item.text}`" if item.style is Style.CODE else item.text)
        elif isinstance(item, Link):
            parts.append(item.label)
        elif isinstance(item, Mention):
            parts.append(f"@{item.label}")
        else:
            local = item.at.astimezone(zone(item.tz))
            shown = {"date": "%a %-d %b %Y", "time": "%H:%M %Z"}
            parts.append(local.strftime(shown.get(item.style, "%a %-d %b %Y, %H:%M %Z")))
    return "".join(parts)


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
