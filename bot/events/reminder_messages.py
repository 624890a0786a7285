"""The messages an event's reminders become: built when they go out, from what is true then
(the event's place and link, how many are going), in the reader's own local time."""

from __future__ import annotations

from bot import markup
from bot.commands.menu import Menu
from bot.event_records import Event
from bot.events.reminders import ReminderKey
from bot.messages import event_reminders as words
from bot.records import Group, Member, Occurrence, OccurrenceKind
from bot.rhythm.posts import destination, scheduled
from bot.values import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Destination,
    DestinationKind,
    Link,
    LocalTime,
    Outbound,
)

WENT = "event.went"
MISSED = "event.missed"


def details(event: Event, tz: str) -> tuple[Block, ...]:
    """When (in each reader's time), where and the link, each only when there is one."""
    found = [*markup.blocks(words.WHEN, {"when": LocalTime(event.starts_at, tz)})]
    if event.location:
        found += markup.blocks(words.WHERE, {"where": event.location})
    if event.url:
        found += markup.blocks(words.LINK, {"link": Link(event.url, event.url)})
    return tuple(found)


def channel(
    occurrence: Occurrence, event: Event, group: Group, tz: str, going: int, menu: Menu | None
) -> Outbound:
    """The group channel's reminder a week or a day before."""
    week = occurrence.kind is OccurrenceKind.EVENT_WEEK
    title = {"title": event.title}
    if going == 0:
        count = markup.blocks(words.GOING_NONE)
    elif going == 1:
        count = markup.blocks(words.GOING_ONE)
    else:
        count = markup.blocks(words.GOING_MANY, {"count": going})
    body = (
        *markup.blocks(words.WEEK_TITLE if week else words.DAY_TITLE, title),
        *details(event, tz),
        *count,
        *markup.blocks((menu or Menu()).rewrite(words.CHANNEL_POINTER)),
    )
    summary = (words.CHANNEL_SUMMARY_WEEK if week else words.CHANNEL_SUMMARY_DAY).format(**title)
    return Outbound(
        destination(group),
        body,
        summary=summary,
        due_at=LocalTime(scheduled(occurrence), tz),
        work_keys=(occurrence.key,),
    )


def direct(
    occurrence: Occurrence,
    key: ReminderKey,
    event: Event,
    member: Member,
    tz: str,
    menu: Menu | None,
) -> Outbound:
    """The DM to a member going: shortly before, or "did you make it?" after."""
    where = Destination(
        DestinationKind.DM,
        member.platform,
        member.workspace_id,
        user_id=member.user_id,
        label=member.display_name,
    )
    rewrite = (menu or Menu()).rewrite
    title = {"title": event.title}
    if key.kind is OccurrenceKind.EVENT_SOON:
        body: tuple[Block, ...] = (
            *markup.blocks(words.SOON, {**title, "when": LocalTime(event.starts_at, tz, "time")}),
            *details(event, tz),
        )
        summary = words.SOON_SUMMARY.format(**title)
    else:
        value = str(event.id)
        body = (
            *markup.blocks(rewrite(words.AFTER), title),
            Actions(
                (
                    Button(words.WENT, WENT, value, ButtonStyle.PRIMARY),
                    Button(words.MISSED, MISSED, value),
                )
            ),
        )
        summary = words.AFTER_SUMMARY.format(**title)
    return Outbound(
        where,
        body,
        summary=summary,
        due_at=LocalTime(occurrence.due_at, tz),  # after quiet hours held it, if they did
        work_keys=(occurrence.key,),
    )
