"""A tiny message template language, so message text can live as readable data.

Templates are trusted text written by us: `**bold**`, `_italic_`, `` `code` ``, `- ` bullet lines,
blank lines between paragraphs and `{name}` placeholders. Parameters are never parsed as markup:
a company called `**<!channel>**` stays literal text that every renderer escapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.values import (
    Block,
    BulletList,
    Inline,
    Line,
    Link,
    LocalTime,
    Mention,
    Paragraph,
    Span,
    Style,
)

Param = str | int | LocalTime | Link | Mention | Line

_TOKEN = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w])_(?P<italic>.+?)_(?![\w])"
    r"|`(?P<code>.+?)`"
    r"|\{(?P<param>\w+)\}"
)


def line(template: str, params: Mapping[str, Param] | None = None) -> Line:
    """One line of inline markup."""
    return tuple(_merge(_inline(template, params or {}, Style.PLAIN)))


def blocks(template: str, params: Mapping[str, Param] | None = None) -> tuple[Block, ...]:
    """Paragraphs and bullet lists from a multi-line template."""
    values = params or {}
    out: list[Block] = []
    bullets: list[Line] = []
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            out.append(Paragraph(line(" ".join(paragraph), values)))
            paragraph.clear()

    def flush_bullets() -> None:
        if bullets:
            out.append(BulletList(tuple(bullets)))
            bullets.clear()

    for raw in template.strip().splitlines():
        text = raw.strip()
        if not text:
            flush_paragraph()
            flush_bullets()
        elif text.startswith("- "):
            flush_paragraph()
            bullets.append(line(text[2:], values))
        else:
            flush_bullets()
            paragraph.append(text)
    flush_paragraph()
    flush_bullets()
    return tuple(out)


def plain_text(content: Line) -> str:
    """The words of a line without markup, for summaries and fallbacks."""
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Link):
            parts.append(item.label)
        elif isinstance(item, Mention):
            parts.append(f"@{item.label}")
        else:
            parts.append(item.at.isoformat())
    return "".join(parts)


def _inline(template: str, params: Mapping[str, Param], style: Style) -> list[Inline]:
    out: list[Inline] = []
    position = 0
    for match in _TOKEN.finditer(template):
        if match.start() > position:
            out.append(Span(template[position : match.start()], style))
        position = match.end()
        if match.group("bold") is not None:
            out.extend(_inline(match.group("bold"), params, Style.BOLD))
        elif match.group("italic") is not None:
            out.extend(_inline(match.group("italic"), params, Style.ITALIC))
        elif match.group("code") is not None:
            out.extend(_code(match.group("code"), params))
        else:
            out.extend(_param(params[match.group("param")], style))
    if position < len(template):
        out.append(Span(template[position:], style))
    return out


def _code(template: str, params: Mapping[str, Param]) -> list[Inline]:
    """Code spans take placeholders but no other markup: `/rebound {sub}` stays literal code."""
    pieces = re.split(r"\{(\w+)\}", template)
    return [
        Span(str(params[piece]) if index % 2 else piece, Style.CODE)
        for index, piece in enumerate(pieces)
        if piece
    ]


def _param(value: Param, style: Style) -> list[Inline]:
    if isinstance(value, str | int):
        return [Span(str(value), style)]
    if isinstance(value, LocalTime | Link | Mention):
        return [value]
    return list(value)


def _merge(items: list[Inline]) -> list[Inline]:
    """Join neighbouring spans of one style so renderers emit fewer markers."""
    merged: list[Inline] = []
    for item in items:
        previous = merged[-1] if merged else None
        if isinstance(item, Span) and isinstance(previous, Span) and previous.style == item.style:
            merged[-1] = Span(previous.text + item.text, item.style)
        elif not (isinstance(item, Span) and item.text == ""):
            merged.append(item)
    return merged
