"""An event's post in the group channel: what, when (in each reader's own time), where, the
link, how many answered what, and the answer buttons, with the `.ics` invite attached.

The same post is rebuilt after each answer with the new counts, to take the place of the one
whose button was pressed (`Outbound.replaces_source`); that copy carries no attachment, since
the platform keeps the one already on the message. Counts only, never names: who is going is
for `/event list`, where privacy decides who is named.
"""

from __future__ import annotations

from bot import markup
from bot.event_records import Event, Rsvp, RsvpChoice
from bot.events.invite import invite
from bot.messages import events as words
from bot.records import Group
from bot.rhythm.posts import destination
from bot.values import Actions, Block, Button, ButtonStyle, Fields, Link, LocalTime, Outbound, Span

GOING = "event.going"
INTERESTED = "event.interested"
NOT_GOING = "event.not_going"
ACTIONS = {
    RsvpChoice.GOING: GOING,
    RsvpChoice.INTERESTED: INTERESTED,
    RsvpChoice.NOT_GOING: NOT_GOING,
}
CHOICES = {action: choice for choice, action in ACTIONS.items()}


def counts(rsvps: list[Rsvp]) -> dict[RsvpChoice, int]:
    found = dict.fromkeys(RsvpChoice, 0)
    for rsvp in rsvps:
        found[rsvp.choice] += 1
    return found


def details(event: Event) -> tuple[Block, ...]:
    """When, where and the link: shared by the post and the "going" DM."""
    body = markup.blocks(words.POST_WHEN, {"when": LocalTime(event.starts_at, event.timezone)})
    if event.location:
        body += markup.blocks(words.POST_WHERE, {"place": event.location})
    if event.url:
        body += markup.blocks(words.POST_LINK, {"link": Link(event.url, event.url)})
    return body


def post(
    event: Event, group: Group, rsvps: list[Rsvp], *, replaces_source: bool = False
) -> Outbound:
    tally = counts(rsvps)
    body = (
        *markup.blocks(words.POST_TITLE, {"title": event.title}),
        *details(event),
        *markup.blocks(words.POST_ASK),
        Fields(
            tuple(
                (words.COUNT_LABELS[choice.value], (Span(str(tally[choice])),))
                for choice in RsvpChoice
            )
        ),
        Actions(
            (
                Button(words.GOING, GOING, str(event.id), ButtonStyle.PRIMARY),
                Button(words.INTERESTED, INTERESTED, str(event.id)),
                Button(words.NOT_GOING, NOT_GOING, str(event.id)),
            )
        ),
    )
    return Outbound(
        destination(group),
        body,
        attachments=() if replaces_source else (invite(event),),
        summary=words.POST_SUMMARY.format(title=event.title),
        replaces_source=replaces_source,
    )
