"""Core inline markup (`bot.values.Line`) as Slack mrkdwn, every member's word escaped.

Only this module writes `<...>` sequences: links to web and mail addresses, dates Slack shows in
each reader's zone, and a deliberate mention of one member (`Mention`); anything a member typed
(`<!channel>`, `<@U1>`) reaches readers as those characters.
"""

from __future__ import annotations

import re

from bot.timezones import zone
from bot.values import Line, Link, LocalTime, Mention, Span, Style

_TOKENS = {
    "date": "{date_short_pretty}",
    "time": "{time}",
    "datetime": "{date_short_pretty} at {time}",
    "relative": "{ago}",
}
_MARKERS = {Style.BOLD: "*", Style.ITALIC: "_", Style.CODE: "`"}
_LINKABLE = re.compile(r"(?:https?://|mailto:)\S+")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Slack's three control characters as entities; `&` first so nothing is escaped twice."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(content: Line) -> str:
    """One line of core markup as escaped Slack mrkdwn."""
    parts: list[str] = []
    for item in content:
        if isinstance(item, Span):
            parts.append(
                "\n".join(mark(line, item.style) for line in escape(item.text).split("\n"))
            )
        elif isinstance(item, Link):
            parts.append(_link(item))
        elif isinstance(item, Mention):
            parts.append(_mention(item))
        else:
            token = _TOKENS[item.style]
            parts.append(f"<!date^{int(item.at.timestamp())}^{token}|{escape(local(item))}>")
    return "".join(parts)


def one_line(text: str) -> str:
    """Escaped text for places where a newline would break the markup (labels, titles)."""
    return escape(" ".join(text.splitlines()))


def mark(text: str, style: Style) -> str:
    """Style one line: Slack markers do not span lines, and must hug non-space text to apply."""
    marker = _MARKERS.get(style)
    core = text.strip()
    if marker is None or not core:
        return text
    if style is Style.CODE:
        core = core.replace("`", "ˋ")
    elif marker in core:
        return text  # `*a*b*` cannot be bolded reliably; plain text beats stray asterisks
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _link(link: Link) -> str:
    label = one_line(link.label).replace("|", "¦")
    url = link.url.strip()
    if not _LINKABLE.fullmatch(url):
        # `<!channel|x>` would be a mention, not a link: only web and mail addresses are linked.
        return f"{label} ({escape(url)})" if label and url else label or escape(url)
    target = escape(url).replace("|", "%7C")
    return f"<{target}|{label}>" if label else f"<{target}>"


def _mention(item: Mention) -> str:
    """`<@U123>`: Slack notifies that member (and no one else; member text stays escaped, so it
    can never make one). An id that is not a Slack user id is shown as the name instead."""
    if _USER_ID.fullmatch(item.user_id):
        return f"<@{item.user_id}>"
    return one_line(f"@{item.label}")


def local(moment: LocalTime) -> str:
    local = moment.at.astimezone(zone(moment.tz))
    day = f"{local:%a} {local.day} {local:%b %Y}"
    clock = f"{local:%H:%M %Z}"
    return {"date": day, "time": clock}.get(moment.style, f"{day}, {clock}")
