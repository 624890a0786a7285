"""What the group channel receives on its rhythm: the networking prompt, and what every group
post shares (its destination, its scheduled time). The weekly summary is `bot.momentum`'s."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import markup
from bot.commands.menu import Menu
from bot.event_records import Event
from bot.messages import rhythm as words
from bot.records import ActivityKind, Group, Occurrence, SharedStep
from bot.timezones import at_local, zone
from bot.values import (
    Block,
    BulletList,
    Destination,
    DestinationKind,
    LocalTime,
    Outbound,
)

WEEK = timedelta(days=7)
EVENTS_AHEAD = timedelta(days=14)  # the networking prompt lists the group's events this far ahead
SUMMARY_ROWS = tuple((label, kind) for kind, label in words.ROW_LABELS.items())
MAX_COMPANIES = 5  # names listed in one line: a post stays readable on a phone


def destination(group: Group) -> Destination:
    return Destination(
        DestinationKind.CHANNEL,
        group.platform,
        group.workspace_id,
        channel_id=group.channel_id,
        label=group.name or group.channel_id,
    )


def _listing(companies: list[str]) -> str:
    """ "Acme, Globex and Initech", or "… and 2 more" past MAX_COMPANIES."""
    shown, hidden = companies[:MAX_COMPANIES], len(companies) - MAX_COMPANIES
    if hidden > 0:
        return ", ".join(shown) + words.SHARED_MORE.format(count=hidden)
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def networking(
    occurrence: Occurrence,
    group: Group,
    tz: str,
    menu: Menu | None = None,
    networkers: tuple[str, ...] = (),
    events: tuple[Event, ...] = (),
) -> Outbound:
    """`menu`: how the group's platform spells `/networked` (maybe `/rebound networked`).
    `networkers`: the names of members who logged networking this week and chose `full`
    privacy; `events`: the group's events in the next `EVENTS_AHEAD`."""
    week = scheduled(occurrence).isocalendar()[1]
    prompt = words.NETWORKING_PROMPTS[week % len(words.NETWORKING_PROMPTS)]
    rewrite = (menu or Menu()).rewrite
    body = markup.blocks(
        words.NETWORKING_INTRO + "\n\n" + prompt + "\n\n" + rewrite(words.NETWORKING_LOG)
    )
    if networkers:
        body += markup.blocks(words.NETWORKING_WHO, {"names": _listing(list(networkers))})
    if events:
        lines = tuple(
            markup.line(
                words.NETWORKING_EVENT, {"title": e.title, "when": LocalTime(e.starts_at, tz)}
            )
            for e in events
        )
        body += (*markup.blocks(words.NETWORKING_EVENTS), BulletList(lines))
        body += markup.blocks(rewrite(words.NETWORKING_EVENTS_MORE))
    return post_for(occurrence, group, tz, body, words.NETWORKING_SUMMARY)


def _event_params(event: Event, tz: str) -> dict[str, markup.Param]:
    return {"title": event.title, "when": LocalTime(event.starts_at, tz)}


def networking_week(occurrence: Occurrence, tz: str) -> tuple[datetime, datetime]:
    """From Monday 00:00 of the prompt's local week up to the prompt: "this week" so far."""
    end = scheduled(occurrence)
    local = end.astimezone(zone(tz))
    return at_local(local.date() - timedelta(days=local.weekday()), 0, 0, tz), end


def post_for(
    occurrence: Occurrence, group: Group, tz: str, body: tuple[Block, ...], summary: str
) -> Outbound:
    return Outbound(
        destination(group),
        body,
        summary=summary,
        due_at=LocalTime(scheduled(occurrence), tz),
        work_keys=(occurrence.key,),
    )


def build(
    occurrence: Occurrence,
    group: Group,
    tz: str,
    shared: list[SharedStep] | tuple[SharedStep, ...] = (),
    menu: Menu | None = None,
    events: tuple[Event, ...] = (),
) -> Outbound:
    """The networking prompt; `shared`: this week's steps of `full` members so far (only their
    networking is named)."""
    networkers = tuple(
        dict.fromkeys(
            s.display_name or words.SHARED_NAMELESS
            for s in shared
            if s.kind is ActivityKind.NETWORKED
        )
    )
    return networking(occurrence, group, tz, menu, networkers, events)


def scheduled(occurrence: Occurrence) -> datetime:
    """The slot's own time: `due_at` moves with each retry, the week it sums up does not."""
    return occurrence.scheduled_at or occurrence.due_at
