"""Outbound messages as Discord messages: content, embeds, button rows, files, and no mention
but a deliberate one (`Mention`), which may ping only that member.

Discord's limits are enforced here so a long list or a long draft degrades (into more embeds,
then a "more" notice) instead of a rejected API call: content 2,000 characters, 10 embeds of
at most 4,096 characters of description and 6,000 in all, 25 fields, 5 rows of 5 buttons,
80-character labels and 100-character custom ids. The message's text (paragraphs, lists) is
its `content`, which notifications show; a quoted draft and label/value fields are embeds.

A button's custom id is `action_id:n:workspace:value` (see `custom_id`): `n` keeps ids unique
within a message, as Discord requires, and `workspace` is the guild the message is about, so a
press in a DM, where Discord sends no guild id, reaches the same member as the guild command.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import discord

from adapters.discord.markdown import escape, markdown, one_line, plain
from bot.messages import labels
from bot.values import (
    Actions,
    Attachment,
    BulletList,
    ButtonStyle,
    DestinationKind,
    Fields,
    Line,
    Mention,
    Outbound,
    Paragraph,
    Quote,
)

CONTENT_LIMIT = 2000
EMBED_LIMIT = 10
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
EMBED_TOTAL_LIMIT = 6000
ROW_LIMIT = 5
BUTTONS_PER_ROW = 5
LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
EPHEMERAL_FLAG = 64  # Discord's message flag: only the member who acted sees it
MORE_NOTICE = labels.MORE_NOTICE

# Discord's button styles: 1 primary (blurple), 2 secondary (grey), 3 success, 4 danger.
BUTTON_STYLES = {ButtonStyle.DEFAULT: 2, ButtonStyle.PRIMARY: 1, ButtonStyle.DANGER: 4}

Json = dict[str, Any]


@dataclass(frozen=True)
class DiscordMessage:
    """What to send: pass `content`, `embeds` and `components` as JSON (or through discord.py's
    `Embed.from_dict`), `files()` as uploads, `allowed_mentions` always, and `flags` on an
    interaction response (64 makes it ephemeral)."""

    content: str
    embeds: list[Json] = field(default_factory=list)
    components: list[Json] = field(default_factory=list)
    attachments: tuple[Attachment, ...] = ()
    ephemeral: bool = False
    # The members the message deliberately mentions (`Mention`): the only ones it may ping.
    users: tuple[str, ...] = ()

    @property
    def flags(self) -> int:
        return EPHEMERAL_FLAG if self.ephemeral else 0

    @property
    def allowed_mentions(self) -> Json:
        """No one is pinged by anything we send (a company named `@everyone` stays text), except
        a member the core mentions on purpose, and then only them."""
        if self.users:
            return {"parse": [], "users": list(self.users)}
        return {"parse": []}

    def mentions(self) -> discord.AllowedMentions:
        if self.users:
            users = [discord.Object(int(user)) for user in self.users]
            return discord.AllowedMentions(
                everyone=False, users=users, roles=False, replied_user=False
            )
        return discord.AllowedMentions.none()

    def discord_embeds(self) -> list[discord.Embed]:
        return [discord.Embed.from_dict(embed) for embed in self.embeds]

    def files(self) -> list[discord.File]:
        return [discord.File(io.BytesIO(a.data), filename=a.filename) for a in self.attachments]

    def payload(self) -> Json:
        """The JSON body of a create-message or interaction-response call (without files)."""
        body: Json = {
            "content": self.content,
            "embeds": self.embeds,
            "components": self.components,
            "allowed_mentions": self.allowed_mentions,
        }
        if self.flags:
            body["flags"] = self.flags
        return body


def render(message: Outbound) -> DiscordMessage:
    texts: list[str] = []
    embeds: list[Json] = []
    rows: list[Json] = []
    workspace = message.destination.workspace_id
    for block in message.blocks:
        if isinstance(block, Paragraph):
            texts.append(markdown(block.content))
        elif isinstance(block, BulletList):
            texts.append("\n".join(f"• {markdown(item)}" for item in block.items))
        elif isinstance(block, Quote):
            embeds.extend(_quote(block))
        elif isinstance(block, Fields):
            embeds.extend(_fields(block))
        elif isinstance(block, Actions):
            rows.extend(_rows(block, workspace, start=_buttons_in(rows)))
    content, overflow = _content("\n\n".join(t for t in texts if t.strip()))
    if not content and not embeds:
        content = _cut(escape(message.summary), CONTENT_LIMIT)
    embeds = _bounded([*overflow, *embeds])
    return DiscordMessage(
        content,
        embeds,
        rows[:ROW_LIMIT],
        message.attachments,
        message.destination.kind is DestinationKind.EPHEMERAL,
        _mentioned(message),
    )


def _mentioned(message: Outbound) -> tuple[str, ...]:
    """The ids of the members the message mentions on purpose, as `markdown` writes them."""
    lines: list[Line] = []
    for block in message.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.content)
        elif isinstance(block, BulletList):
            lines.extend(block.items)
        elif isinstance(block, Quote):
            lines.append(block.content)
        elif isinstance(block, Fields):
            lines.extend(value for _label, value in block.pairs)
    found = (i.user_id for line in lines for i in line if isinstance(i, Mention))
    return tuple(dict.fromkeys(user for user in found if user.isdigit()))


def custom_id(action_id: str, number: int, workspace_id: str, value: str) -> str:
    """A button's custom id; longer than Discord allows fails loudly (cutting an opaque value
    could turn one id into another)."""
    made = f"{action_id}:{number}:{workspace_id}:{value}"
    if len(made) > CUSTOM_ID_LIMIT:
        raise ValueError(f"custom id over {CUSTOM_ID_LIMIT} characters: {action_id}")
    return made


def parse_custom_id(made: str) -> tuple[str, str, str] | None:
    """(action id, workspace id, value) of a custom id `custom_id` made, else None."""
    parts = made.split(":", 3)
    if len(parts) != 4 or not parts[0] or not parts[1].isdigit():
        return None
    return parts[0], parts[2], parts[3]


# --- blocks ---------------------------------------------------------------------------------


def _quote(block: Quote) -> list[Json]:
    """A draft to copy: an embed of its own, the text as written (escaped, so it shows so)."""
    title = _cut(escape(one_line(block.title)), TITLE_LIMIT)
    chunks = _chunks(markdown(block.content), DESCRIPTION_LIMIT) or [""]
    embeds = [{"description": chunk} for chunk in chunks]
    if title:
        embeds[0]["title"] = title
    return embeds


def _fields(block: Fields) -> list[Json]:
    fields = [
        {
            "name": _cut(escape(one_line(label)), FIELD_NAME_LIMIT) or "\u200b",
            "value": _cut(markdown(value), FIELD_VALUE_LIMIT) or "\u200b",
            "inline": True,
        }
        for label, value in block.pairs
        if label.strip() or plain(value).strip()
    ]
    return [
        {"fields": fields[i : i + FIELDS_PER_EMBED]}
        for i in range(0, len(fields), FIELDS_PER_EMBED)
    ]


def _buttons_in(rows: list[Json]) -> int:
    return sum(len(row["components"]) for row in rows)


def _rows(block: Actions, workspace: str, start: int) -> list[Json]:
    buttons = [
        {
            "type": 2,
            "style": BUTTON_STYLES.get(button.style, 2),
            "label": _cut(one_line(button.label), LABEL_LIMIT) or "…",
            "custom_id": custom_id(button.action_id, start + n, workspace, button.value),
        }
        for n, button in enumerate(block.buttons, 1)
    ]
    return [
        {"type": 1, "components": buttons[i : i + BUTTONS_PER_ROW]}
        for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]


# --- limits ---------------------------------------------------------------------------------


def _content(text: str) -> tuple[str, list[Json]]:
    """The text as content, and what does not fit as embeds continuing it."""
    if len(text) <= CONTENT_LIMIT:
        return text, []
    chunks = _chunks(text, CONTENT_LIMIT)
    rest = "\n".join(chunks[1:])
    return chunks[0], [{"description": chunk} for chunk in _chunks(rest, DESCRIPTION_LIMIT)]


def _bounded(embeds: list[Json]) -> list[Json]:
    """At most 10 embeds and 6,000 characters in all; what is left out is said to be."""
    kept: list[Json] = []
    total = 0
    room = EMBED_TOTAL_LIMIT - len(MORE_NOTICE)
    for embed in embeds:
        size = _size(embed)
        if len(kept) == EMBED_LIMIT - 1 or total + size > room:
            kept.append({"description": escape(MORE_NOTICE)})
            return kept
        kept.append(embed)
        total += size
    return kept


def _size(embed: Json) -> int:
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
    )


def _chunks(text: str, limit: int) -> list[str]:
    """Text in pieces of at most `limit`, split at line ends where it can, else at a space."""
    chunks: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = _cut_at(line, limit)
            chunks.append(line[:cut])
            line = line[cut:]
        if chunks and len(chunks[-1]) + 1 + len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [chunk for chunk in chunks if chunk.strip()]


def _cut_at(text: str, limit: int) -> int:
    """Where to split: after a space if one is near, never between a `\\` and what it escapes
    nor inside a `<t:…>` this adapter wrote."""
    space = text.rfind(" ", limit // 2, limit)
    cut = space + 1 if space > 0 else limit
    opened = text.rfind("<t:", 0, cut)
    if opened > 0 and opened > text.rfind(">", 0, cut):
        cut = opened
    while cut > 1 and text[cut - 1] == "\\":
        cut -= 1
    return cut


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: _cut_at(text, limit - 1)].rstrip() + "…"
