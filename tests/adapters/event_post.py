"""An event post made by hand, as the core's group calendar (issue 11) makes one: a title, the
time in each reader's zone, a link, place and counts side by side, three RSVP buttons and an
`.ics` invite. A test-only command, `/meetup`, posts it in the group channel over the real
core (a registry that adds it, as `test_slack_registry.py` adds `/thanked`), and its buttons
answer as the calendar's do, so the adapters' command and press paths are driven end to end
before the calendar itself exists:

- Going: the post again with its new counts, taking the place of the pressed one
  (`replaces_source`, with its invite still attached: the platform must not send it again),
  the invite in the member's DM, and a private "you're going";
- Interested: only the post with its new counts;
- Not going with the value `slow`: the same, after longer than Discord waits (`SLOW`).

The title and place carry mention-like text, which must reach readers as those characters.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands.buttons import ButtonAction
from bot.commands.registry import REGISTRY, Command, Registry
from bot.context import Context
from bot.messages.commands import Words
from bot.values import (
    Actions,
    Actor,
    Attachment,
    Button,
    ButtonStyle,
    Destination,
    DestinationKind,
    Fields,
    Link,
    LocalTime,
    Outbound,
    Paragraph,
    Span,
    Style,
)

START = datetime(2026, 12, 3, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
TITLE = "City job fair <!channel> @everyone"
PLACE = "Hall 2 <@U999> @here"
URL = "https://example.org/fair?a=1&b=2"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rebound//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:event-1@rebound\r\nDTSTART;TZID=Europe/Berlin:20261203T180000\r\n"
    b"SUMMARY:City job fair\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
INVITE = Attachment(filename="event-1.ics", mime_type="text/calendar", data=ICS)
GOING, INTERESTED, NOT_GOING = "meetup.going", "meetup.maybe", "meetup.no"
YOU_ARE_GOING = "You're going. Your invite is in your DMs."
IN_YOUR_DMS = "Your invite for City job fair, to add to your calendar."
SLOW = 2.5  # seconds: longer than the runtime waits before deferring (Discord allows 3)


def channel_of(actor: Actor) -> Destination:
    return Destination(
        DestinationKind.CHANNEL,
        actor.platform,
        actor.workspace_id,
        channel_id=actor.channel_id,
        label=actor.channel_name,
    )


def post(
    where: Destination, going: int = 0, interested: int = 0, *, replaces: bool = False
) -> Outbound:
    """The event post with these counts; `replaces`: as a press's answer, in place."""
    counts = f"{going} going · {interested} interested"
    return Outbound(
        where,
        (
            Paragraph((Span(TITLE, Style.BOLD),)),
            Paragraph((Span("When: "), LocalTime(START, "Europe/Berlin"))),
            Paragraph((Link(URL, "Event page"),)),
            Fields((("Where", (Span(PLACE),)), ("Who", (Span(counts),)))),
            Actions(
                (
                    Button("Going", GOING, "1", ButtonStyle.PRIMARY),
                    Button("Interested", INTERESTED, "1"),
                    Button("Not going", NOT_GOING, "1"),
                )
            ),
        ),
        attachments=(INVITE,),
        summary=f"{TITLE}: {counts}",
        replaces_source=replaces,
    )


def _post(ctx: Context, _typed: str) -> list[Outbound]:
    return [post(channel_of(ctx.actor))]


def _going(ctx: Context, _value: str) -> list[Outbound]:
    dm = Destination(
        DestinationKind.DM,
        ctx.actor.platform,
        ctx.actor.workspace_id,
        user_id=ctx.actor.user_id,
        label=ctx.actor.display_name,
    )
    invite = Outbound(dm, (Paragraph((Span(IN_YOUR_DMS),)),), attachments=(INVITE,))
    return [
        post(channel_of(ctx.actor), going=1, replaces=True),
        invite,
        ctx.reply((Paragraph((Span(YOU_ARE_GOING),)),)),
    ]


def _interested(ctx: Context, _value: str) -> list[Outbound]:
    return [post(channel_of(ctx.actor), interested=1, replaces=True)]


def _not_going(ctx: Context, value: str) -> list[Outbound]:
    if value == "slow":
        time.sleep(SLOW)  # a slow database, as the worker thread sees it
    return [post(channel_of(ctx.actor), replaces=True)]


MEETUP = Command(
    "meetup",
    Words("Post a test event", "", (("", "post a test event"),)),
    lambda typed: typed,
    _post,
    buttons=(
        ButtonAction(GOING, _going),
        ButtonAction(INTERESTED, _interested),
        ButtonAction(NOT_GOING, _not_going),
    ),
)
WITH_MEETUP = Registry(
    (*REGISTRY.commands, MEETUP), REGISTRY.umbrella, REGISTRY.umbrella_words, REGISTRY.subcommands
)
