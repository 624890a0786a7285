"""Outbound messages as terminal text: the console's Block Kit.

Every piece of text passes through `_safe`, which drops control characters so a company name can
never move the cursor, clear the screen or ring the bell.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.cleaning import visible
from bot.timezones import zone
from bot.values import (
    Actions,
    BulletList,
    Button,
    DestinationKind,
    Fields,
    Line,
    Link,
    LocalTime,
    Mention,
    Outbound,
    Paragraph,
    Quote,
    Span,
    Style,
)

WIDTH_INDENT = "    "


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...]


def format_time(moment: LocalTime) -> str:
    local = moment.at.astimezone(zone(moment.tz))
    if moment.style == "date":
        return local.strftime("%a %-d %b %Y")
    if moment.style == "time":
        return local.strftime("%H:%M %Z")
    return local.strftime("%a %-d %b %Y, %H:%M %Z")


def header(message: Outbound) -> str:
    destination = message.destination
    if destination.kind is DestinationKind.DM:
        where = f"[DM → {safe_text(destination.label or destination.user_id)}]"
    elif destination.kind is DestinationKind.EPHEMERAL:
        where = "[only you]"
    else:
        where = f"[#{safe_text(destination.label or destination.channel_id)}]"
    if message.due_at is not None:
        return f"{where} {format_time(message.due_at)}"
    return where


def render(message: Outbound, first_number: int) -> Rendered:
    """Text for one message; its buttons are numbered from `first_number` for `/press N`."""
    lines = [header(message)]
    buttons: list[Button] = []
    for block in message.blocks:
        if isinstance(block, Paragraph):
            lines.append(WIDTH_INDENT + _line(block.content))
        elif isinstance(block, BulletList):
            lines.extend(f"{WIDTH_INDENT}• {_line(item)}" for item in block.items)
        elif isinstance(block, Fields):
            lines.extend(
                f"{WIDTH_INDENT}{safe_text(label)}: {_line(v)}" for label, v in block.pairs
            )
        elif isinstance(block, Quote):
            if block.title:
                lines.append(f"{WIDTH_INDENT}│ {safe_text(block.title)}")
                lines.append(f"{WIDTH_INDENT}│")
            for text in _line(block.content).split("\n"):
                lines.append(f"{WIDTH_INDENT}│ {text}".rstrip())
        elif isinstance(block, Actions):
            labels = []
            for button in block.buttons:
                buttons.append(button)
                labels.append(f"[{first_number + len(buttons) - 1}] {safe_text(button.label)}")
            lines.append(WIDTH_INDENT + "  ".join(labels))
    for attachment in message.attachments:
        lines.append(
            f"{WIDTH_INDENT}📎 {safe_text(attachment.filename)} "
            f"({attachment.mime_type}, {len(attachment.data)} bytes)"
        )
    return Rendered("\n".join(lines), tuple(buttons))


def _line(content: Line) -> str:
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            text = safe_text(item.text, keep_newlines=True)
            parts.append(f"`{text}`" if item.style is Style.CODE else text)
        elif isinstance(item, Link):
            parts.append(f"{safe_text(item.label)} <{safe_text(item.url)}>")
        elif isinstance(item, Mention):
            parts.append(f"@{safe_text(item.label)}")
        else:
            parts.append(format_time(item))
    return "".join(parts)


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """Without control or invisible characters; the joiners inside an emoji stay."""
    return visible(text, keep_newlines=keep_newlines)
