"""Slack's encoding of what a member typed, undone: the text a command's grammar reads.

Slack sends `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`, and, for a command whose manifest
entry escapes (`should_escape`, on for `/rebound` so that `/rebound admin add @sam` names a
member), wraps links, channels and special mentions in `<…>`. Links become their address,
channels `#name`, `<!here>` the text `@here`, links what was typed (a bare domain stays
the domain, a URL its address); a member mention stays `<@U123|name>`, which
the grammar that needs one reads (`/rebound admin`) and every renderer shows as inert text.
"""

from __future__ import annotations

import re

_ENTITY = re.compile(r"<([^<>]*)>")
_USER = re.compile(r"^@[UW][A-Z0-9]+(\|[^|]*)?$")


def _entity(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if _USER.match(inner):
        return match.group(0)  # a member, by id: `/rebound admin add` needs it
    if target.startswith("#"):  # a channel
        return f"#{label}" if label else target
    if target.startswith("!"):  # @here, @channel, a user group, a date: its words as text
        special = target[1:].split("^", 1)[0]
        return label or (f"@{special}" if special in ("here", "channel", "everyone") else "")
    # A link: what the member typed. Slack links a bare domain or an address as
    # `<http://Booking.com|Booking.com>`; a whole URL comes as `<https://…>`, without a label.
    return label or target


def decode(text: str) -> str:
    """The text as the member typed it (mentions of members kept in Slack's id form)."""
    text = _ENTITY.sub(_entity, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
