"""What `/event` text asks for: an event for the group calendar (`add`), the calendar (`list`),
a cancellation (`cancel <number>`), or, as before the calendar, an event the member went to.

    /event add <title> at <when> [<link>] [where: <place>]
    /event add Tech fair at next Thursday 6pm https://fair.example Hall 3

Words after the link are the place too. A title may itself say "at" ("Meetup at Initech at
Friday 6pm"), so every " at " is a candidate split, leftmost first; the handler, which knows the
member's zone and the time, keeps the first whose rest reads as a date (`bot.events.when`).
Pure, like `bot.commands.parsing`, so every refusal is tested without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.commands.cleaning import clean
from bot.commands.parsing import event as attended
from bot.commands.requests import LogEvent, Problem
from bot.ids import button_id

MAX_TITLE = 150
MAX_PLACE = 200  # the database keeps 255
MAX_URL = 1000

_AT = re.compile(r"\s+at\s+", re.IGNORECASE)
_WHERE = re.compile(r"(?<!\S)where:", re.IGNORECASE)
# A word that is meant as a link, whatever its scheme: only http(s) ones are accepted, and the
# rest are refused by name rather than becoming part of the date or the place.
_LINKISH = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://|(?:javascript|mailto|data|file|tel|ftp|vbscript):|www\.)",
    re.IGNORECASE,
)
_ACTIONS = frozenset({"add", "list", "cancel"})


@dataclass(frozen=True)
class AddEvent:
    splits: tuple[tuple[str, str], ...]  # (title, when) at each " at ", leftmost first
    url: str = ""
    place: str = ""


@dataclass(frozen=True)
class ListEvents:
    pass


@dataclass(frozen=True)
class CancelEvent:
    event_id: int  # 0 for a number no row can have (too long for the database)
    typed: str  # as the member wrote it, for the answer


EventRequest = AddEvent | ListEvents | CancelEvent | LogEvent


def parse(text: str) -> EventRequest | Problem:
    """`/event`'s text: a calendar action by its first word, else what the member attended."""
    words = clean(text).split(" ", 1)
    action = words[0].lower()
    rest = words[1] if len(words) > 1 else ""
    if action not in _ACTIONS:
        return attended(text)
    if action == "list":
        return ListEvents() if not rest else attended(text)  # "list of ..." is an event gone to
    if action == "cancel":
        return _cancel(rest)
    return _add(rest)


def _cancel(rest: str) -> CancelEvent | Problem:
    typed = rest.removeprefix("#").strip()
    if not (typed.isascii() and typed.isdigit()):
        return Problem("usage_event_cancel")
    return CancelEvent(button_id(typed) or 0, typed)


def _add(rest: str) -> AddEvent | Problem:
    head, place = rest, ""
    where = _WHERE.search(rest)
    if where is not None:
        head, place = rest[: where.start()], rest[where.end() :]
    words = head.split()
    url = ""
    linked = next((index for index, word in enumerate(words) if _LINKISH.match(word)), None)
    if linked is not None:
        url = words[linked]
        place = " ".join(filter(None, (" ".join(words[linked + 1 :]), place.strip())))
        words = words[:linked]
        if not _web_address(url):
            return Problem("event_link_scheme", (("url", url[:MAX_URL]),))
    typed = " ".join(words)
    splits = tuple(
        (typed[: match.start()].strip(), typed[match.end() :].strip())
        for match in _AT.finditer(typed)
        if typed[: match.start()].strip() and typed[match.end() :].strip()
    )
    if not splits:
        return Problem("usage_event_add")
    for value, what, limit in (
        (splits[0][0], "event title", MAX_TITLE),  # the shortest title any split gives
        (place, "place", MAX_PLACE),
        (url, "link", MAX_URL),
    ):
        if len(value) > limit:
            return Problem("too_long", (("what", what), ("limit", str(limit))))
    return AddEvent(splits, url, clean(place))


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
