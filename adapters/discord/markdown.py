"""The core's inline markup (`bot.values.Line`) as Discord markdown that formats nothing and
pings no one unless this module wrote it (a `Mention`).

Member text is data: a company called `**@everyone**` must show as those characters. Markdown
is escaped with discord.py's own escaper, `<` is escaped so `<@123>`, `<@&role>`, `<#channel>`
and `<t:0>` stay text, and `@everyone`/`@here` get a zero-width space. The real protection
against pings is the message's `allowed_mentions` (none, see `render`); this keeps the words
looking like words too. Times become `<t:unix:style>` so each reader sees their own clock.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from bot.timezones import zone
from bot.values import Line, Link, LocalTime, Mention, Span, Style

# Discord's timestamp styles: D = date, t = short time, f = date and time, R = "in 2 days".
_TIME_STYLES = {"date": "D", "time": "t", "datetime": "f", "relative": "R"}
_MARKERS = {Style.BOLD: "**", Style.ITALIC: "*", Style.CODE: "`"}
_LINKABLE = re.compile(r"(?:https?://|mailto:)[^\s<>()\[\]]+")


def escape(text: str) -> str:
    """Member text as inert Discord text: no formatting, no mention, no `<...>` token."""
    text = escape_markdown(text, ignore_links=False)
    # discord.py leaves brackets next to a URL alone: `[click](https://…)` would be a link.
    text = _escape_brackets(text)
    return escape_mentions(text.replace("<", "\\<"))


def _escape_brackets(text: str) -> str:
    """Every `[` and `]` escaped, unless an odd run of backslashes already escapes it."""
    out: list[str] = []
    run = 0
    for char in text:
        if char in "[]" and run % 2 == 0:
            out.append("\\")
        out.append(char)
        run = run + 1 if char == "\\" else 0
    return "".join(out)


def one_line(text: str) -> str:
    """Plain text for places that take no newline (titles, labels), unescaped."""
    return " ".join(text.split())


def markdown(content: Line) -> str:
    """One line of core markup as Discord markdown."""
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append("\n".join(_mark(line, item.style) for line in item.text.split("\n")))
        elif isinstance(item, Link):
            parts.append(_link(item))
        elif isinstance(item, Mention):
            parts.append(mention(item))
        else:
            parts.append(timestamp(item))
    return "".join(parts)


def mention(item: Mention) -> str:
    """`<@id>`, which pings only if the message's `allowed_mentions` names that user (see
    `render`); an id that is not a Discord snowflake is shown as its name instead."""
    if item.user_id.isdigit():
        return f"<@{item.user_id}>"
    return escape(f"@{one_line(item.label)}")


def timestamp(moment: LocalTime) -> str:
    """`<t:1700000000:f>`: Discord shows it in the reader's own zone and language."""
    return f"<t:{int(moment.at.timestamp())}:{_TIME_STYLES[moment.style]}>"


def plain(content: Line) -> str:
    """Text without markup, for places that show none (an embed title, a button label)."""
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Link):
            parts.append(item.label or item.url)
        elif isinstance(item, Mention):
            parts.append(f"@{item.label}")
        else:
            local = item.at.astimezone(zone(item.tz))
            parts.append(f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M %Z}")
    return "".join(parts)


def _mark(line: str, style: Style) -> str:
    """Style one line; markers must hug non-space text for Discord to apply them."""
    marker = _MARKERS.get(style)
    core = line.strip()
    if not core:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    if style is Style.CODE:
        # Inside code nothing is parsed (no mention, no markdown); only a backtick could end it.
        return f"{lead}`{core.replace('`', 'ˋ')}`{trail}"
    escaped = escape(core)
    return f"{lead}{marker}{escaped}{marker}{trail}" if marker else f"{lead}{escaped}{trail}"


def _link(link: Link) -> str:
    label = escape(one_line(link.label))
    url = link.url.strip()
    if not _LINKABLE.fullmatch(url):
        # Only web and mail addresses become links; anything else is shown as text.
        return f"{label} ({escape(url)})" if label and url else label or escape(url)
    # `<url>` inside the link keeps Discord from adding a preview card.
    return f"[{label}](<{url}>)" if label else f"<{url}>"
