"""Outbound messages as Slack Block Kit JSON, safe to post with `chat.postMessage`.

Everything the core calls text is data that may come from a member (a company named `<!channel>`),
so every piece is escaped before it is placed in mrkdwn (`adapters.slack.mrkdwn`, which alone
writes `<...>`: links, dates, a deliberate `Mention`). Text objects are also marked
`verbatim`, so Slack does not auto-parse bare names either.
Slack's limits (3,000 characters a section, 10 fields, 50 blocks, 75-character button labels,
unique action ids) are enforced here so a long list or a long draft degrades into more sections
instead of a rejected API call.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from adapters.slack.mrkdwn import escape, local, mark, mrkdwn, one_line
from bot.messages import labels
from bot.values import (
    Actions,
    Attachment,
    Block,
    BulletList,
    Button,
    ButtonStyle,
    Fields,
    Line,
    Link,
    Mention,
    Outbound,
    Paragraph,
    Quote,
    Span,
    Style,
)

SECTION_LIMIT = 3000
TEXT_LIMIT = 3000
FIELD_LIMIT = 2000
FIELDS_PER_SECTION = 10
BLOCK_LIMIT = 50
BUTTONS_PER_ROW = 25
LABEL_LIMIT = 75
VALUE_LIMIT = 2000
MORE_NOTICE = labels.MORE_NOTICE

_SUFFIX = re.compile(r"^(.*):\d+$", re.DOTALL)

Json = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """`text` is the notification and screen-reader fallback; `blocks` is what members see."""

    text: str
    blocks: list[Json]


def render(message: Outbound) -> SlackMessage:
    """The Block Kit form of a message; attachments are left to the uploader (`attachments`)."""
    blocks: list[Json] = []
    counter = itertools.count(1)  # Slack rejects a message whose action ids repeat
    for block in message.blocks:
        if isinstance(block, Actions):
            blocks.extend(_actions(block, counter))
        else:
            blocks.extend(_sections(block))
    if len(blocks) > BLOCK_LIMIT:
        notice = {"type": "mrkdwn", "text": MORE_NOTICE, "verbatim": True}
        blocks = [*blocks[: BLOCK_LIMIT - 1], {"type": "context", "elements": [notice]}]
    return SlackMessage(_fallback(message), blocks)


def attachments(message: Outbound) -> list[Attachment]:
    """Files are uploaded separately (`files_upload_v2`), never embedded in blocks."""
    return list(message.attachments)


def action_name(action_id: str) -> str:
    """The core's action id behind a rendered one: `followup.done:3` -> `followup.done`."""
    match = _SUFFIX.match(action_id)
    return match.group(1) if match else action_id


# --- blocks ---------------------------------------------------------------------------------


def _sections(block: Block) -> list[Json]:
    if isinstance(block, Paragraph | BulletList):
        if isinstance(block, Paragraph):
            text = mrkdwn(block.content)
        else:
            text = "\n".join(f"• {mrkdwn(item)}" for item in block.items)
        return [_section(chunk) for chunk in _pack(_pieces(text.split("\n")))]
    if isinstance(block, Quote):
        title = [mark(one_line(block.title), Style.BOLD)] if block.title.strip() else []
        quoted = _pieces(mrkdwn(block.content).split("\n"), prefix="> ")
        return [_section(chunk) for chunk in _pack([*title, *quoted])]
    if isinstance(block, Fields):
        fields = [_field(label, value) for label, value in block.pairs]
        fields = [field for field in fields if field.strip()]
        return [
            {"type": "section", "fields": [_text(f) for f in fields[i : i + FIELDS_PER_SECTION]]}
            for i in range(0, len(fields), FIELDS_PER_SECTION)
        ]
    return []


def _section(text: str) -> Json:
    return {"type": "section", "text": _text(text)}


def _text(text: str) -> Json:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _field(label: str, value: Line) -> str:
    shown = mrkdwn(value)
    text = f"{mark(one_line(label), Style.BOLD)}\n{shown}" if label.strip() else shown
    return _truncate(text, FIELD_LIMIT)


def _actions(block: Actions, counter: Iterator[int]) -> list[Json]:
    elements = [_button(button, next(counter)) for button in block.buttons]
    return [
        {"type": "actions", "elements": elements[i : i + BUTTONS_PER_ROW]}
        for i in range(0, len(elements), BUTTONS_PER_ROW)
    ]


def _button(button: Button, number: int) -> Json:
    if len(button.value) > VALUE_LIMIT:
        # Cutting an opaque value could turn one id into another: fail loudly instead.
        raise ValueError(f"button value over {VALUE_LIMIT} characters: {button.action_id}")
    label = _truncate(one_line(button.label), LABEL_LIMIT) or "…"
    element: Json = {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "action_id": f"{button.action_id}:{number}",
    }
    if button.value:
        element["value"] = button.value
    if button.style is not ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element


def _plain(content: Line) -> str:
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Link):
            parts.append(item.label or item.url)
        elif isinstance(item, Mention):
            parts.append(f"@{item.label}")
        else:
            parts.append(local(item))
    return "".join(parts)


def _plain_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _plain(block.content)
    if isinstance(block, BulletList):
        return "\n".join(f"• {_plain(item)}" for item in block.items)
    if isinstance(block, Fields):
        return "\n".join(f"{label}: {_plain(value)}" for label, value in block.pairs)
    if isinstance(block, Quote):
        return "\n".join(part for part in (block.title, _plain(block.content)) if part)
    return " · ".join(button.label for button in block.buttons)


def _fallback(message: Outbound) -> str:
    """The summary, else the first block that has any text; plain, escaped, within Slack's cap."""
    candidates = [message.summary, *(_plain_block(block) for block in message.blocks)]
    text = next((c.strip() for c in candidates if c.strip()), "")
    return _truncate(escape(text), TEXT_LIMIT)


# --- limits ---------------------------------------------------------------------------------


def _pieces(lines: list[str], prefix: str = "") -> list[str]:
    """Lines no longer than a section; a longer line is split, each part keeping `prefix`."""
    room = SECTION_LIMIT - len(prefix)
    pieces: list[str] = []
    for line in lines:
        while len(line) > room:
            cut = _cut(line, room)
            pieces.append(prefix + line[:cut])
            line = line[cut:]
        pieces.append((prefix + line).rstrip() if prefix else line)
    return pieces


def _pack(pieces: list[str]) -> list[str]:
    """Lines packed greedily into section texts, so a long list costs few of the 50 blocks."""
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + 1 + len(piece) <= SECTION_LIMIT:
            chunks[-1] += "\n" + piece
        else:
            chunks.append(piece)
    return [chunk for chunk in chunks if chunk.strip()]


def _cut(text: str, limit: int) -> int:
    """Where to split `text` within `limit`: after a space if one is near, never inside an
    entity (`&amp;`) or a `<link|label>` this module built, which Slack would show as debris."""
    cut = limit
    space = text.rfind(" ", limit // 2, limit)
    if space > 0:
        cut = space + 1
    opened = text.rfind("<", 0, cut)
    if opened > 0 and opened > text.rfind(">", 0, cut):
        cut = opened
    amp = text.rfind("&", 0, cut)
    if amp > 0 and amp > text.rfind(";", 0, cut) and cut - amp < len("&amp;"):
        cut = amp
    return cut


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: _cut(text, limit - 1)].rstrip() + "…"
