"""`/event add|list|cancel` and the answer buttons on an event's post (the registry's `/event`).

`/event <anything else>` still logs an event the member went to (`bot.commands.checkins`). An
event belongs to the member's group, the one whose channel gets its post and reminders. Every
refusal leaves everything as it was: it is decided before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import markup
from bot.commands import admins, checkins
from bot.commands.buttons import ButtonAction, ButtonHandler
from bot.commands.option import Option
from bot.commands.requests import LogEvent
from bot.context import Context
from bot.event_records import Event, Rsvp, RsvpChoice
from bot.events import reminders
from bot.events.grammar import MAX_TITLE, AddEvent, CancelEvent, EventRequest, ListEvents
from bot.events.invite import invite
from bot.events.post import ACTIONS, details, post
from bot.events.when import MAX_AHEAD, WhenProblem, read_when
from bot.ids import button_id
from bot.messages import commands as menu_words
from bot.messages import events as words
from bot.records import Group, Privacy
from bot.rhythm.posts import destination
from bot.timezones import effective
from bot.values import BulletList, Destination, DestinationKind, Line, LocalTime, Outbound

MAX_LISTED = 10
# Discord's fields for `/event`: `what` is the text (an event gone to, or `add`, `list`,
# `cancel 3`); the others spell out `add`'s parts, joined back into one text (`compose`).
OPTIONS = (
    Option("what", menu_words.OPTION_EVENT, required=True),
    Option("title", menu_words.OPTION_EVENT_TITLE),
    Option("when", menu_words.OPTION_EVENT_WHEN, marker="at"),
    Option("link", menu_words.OPTION_EVENT_LINK),
    Option("where", menu_words.OPTION_EVENT_WHERE, marker="where:"),
)


def handle(ctx: Context, request: EventRequest) -> list[Outbound]:
    if isinstance(request, LogEvent):
        return checkins.log_event(ctx, request)
    if isinstance(request, AddEvent):
        return add(ctx, request)
    if isinstance(request, ListEvents):
        return list_events(ctx)
    return cancel(ctx, request)


def home_group(ctx: Context) -> Group | None:
    """The member's group: the workspace's chosen channel, else where they first used Rebound."""
    member = ctx.member
    return ctx.repo.get_group(member.platform, member.workspace_id, member.home_channel_id)


def may_manage(ctx: Context, event: Event) -> bool:
    """Who may cancel an event: whoever added it, an organiser (the platform's word) or a
    group admin (`/rebound admin`)."""
    return event.creator_id == ctx.member.id or admins.may_manage(ctx.actor, ctx.repo)


def add(ctx: Context, request: AddEvent) -> list[Outbound]:
    group = home_group(ctx)
    if group is None:
        return [ctx.say(words.NO_GROUP)]
    # The first " at " after which the words read as a date ("Meetup at Initech at Friday 6pm").
    # The last split that reads without a problem wins: the date is at the end, and the title
    # may have "at" in it too ("Drinks at 7 at Friday 6pm" is on Friday).
    readings = [(title, when, read_when(when, ctx.tz, ctx.now)) for title, when in request.splits]
    found = next((r for r in reversed(readings) if r[2].problem is None), None) or next(
        (r for r in readings if r[2].problem is not WhenProblem.UNREADABLE), None
    )
    if found is None:
        return [ctx.say(words.WHEN_UNREADABLE, {"when": request.splits[0][1]})]
    title, typed, reading = found
    if len(title) > MAX_TITLE:
        return [ctx.problem("too_long", {"what": "event title", "limit": str(MAX_TITLE)})]
    said = {"when": typed, "title": title}
    if reading.problem is WhenProblem.NO_TIME:
        return [ctx.say(words.WHEN_NO_TIME, said)]
    if reading.at is None or reading.problem is not None:
        template = words.WHEN_PAST if reading.problem is WhenProblem.PAST else words.WHEN_TOO_FAR
        shown = ctx.when(reading.at) if reading.at else typed
        return [ctx.say(template, {**said, "at": shown})]
    starts = reading.at
    event = ctx.repo.add_event(
        group.id,
        ctx.member.id,
        title,
        starts,
        starts + reminders.LENGTH,
        ctx.tz,
        request.url,
        request.place,
        ctx.now,
    )
    reminders.plan_group_reminders(ctx.repo, event, ctx.now)
    added = ctx.say(words.ADDED, {"title": title, "when": ctx.when(starts), "id": event.id})
    return [post(event, group, []), added]


def list_events(ctx: Context) -> list[Outbound]:
    group = home_group(ctx)
    if group is None:
        return [ctx.say(words.NO_GROUP)]
    # Under way ones too: they can still be cancelled, and latecomers still go.
    since = ctx.now - reminders.LENGTH
    ahead = ctx.repo.events_between(group.id, since, ctx.now + MAX_AHEAD + reminders.LENGTH)
    upcoming = [event for event in ahead if event.ends_at > ctx.now]
    if not upcoming:
        return [ctx.say(words.LIST_EMPTY)]
    items = tuple(_listed(ctx, event) for event in upcoming[:MAX_LISTED])
    body = (*ctx.blocks(words.LIST_TITLE), BulletList(items))
    if len(upcoming) > MAX_LISTED:
        body += ctx.blocks(words.LIST_MORE, {"count": len(upcoming) - MAX_LISTED})
    return [ctx.reply((*body, *ctx.blocks(words.LIST_CANCEL)))]


def _listed(ctx: Context, event: Event) -> Line:
    params: dict[str, markup.Param] = {
        "id": event.id,
        "title": event.title,
        "when": ctx.when(event.starts_at),
    }
    line = markup.line(words.LIST_ITEM, params)
    if event.location:
        line += markup.line(words.LIST_PLACE, {"place": event.location})
    who = going_names(ctx.repo.rsvps(event.id))
    if not who:
        return line + markup.line(words.LIST_NOBODY)
    return line + markup.line(words.LIST_GOING, {"who": who})


def going_names(rsvps: Sequence[Rsvp]) -> str:
    """Who is going, as the group may see them: named only when their privacy is `full` (the
    one level that lets the group see a name), the others only counted ("Alex, Sam, 2 more")."""
    going = [r for r in rsvps if r.choice is RsvpChoice.GOING]
    names = [r.display_name for r in going if r.privacy is Privacy.FULL]
    unnamed = len(going) - len(names)
    if unnamed and names:
        names.append(words.LIST_UNNAMED.format(count=unnamed))
    elif unnamed:
        names.append((words.LIST_ONE if unnamed == 1 else words.LIST_MANY).format(count=unnamed))
    return ", ".join(names)


def cancel(ctx: Context, request: CancelEvent) -> list[Outbound]:
    group = home_group(ctx)
    event = ctx.repo.get_event(request.event_id) if request.event_id else None
    if event is None or group is None or event.group_id != group.id:
        return [ctx.say(words.CANCEL_UNKNOWN, {"id": request.typed})]
    ctx.repo.lock_event(event.id)
    event = ctx.repo.get_event(event.id) or event
    named = {"title": event.title}
    if event.cancelled:
        return [ctx.say(words.CANCEL_ALREADY, named)]
    if event.ends_at <= ctx.now:
        return [ctx.say(words.CANCEL_OVER, named)]
    if not may_manage(ctx, event):
        return [ctx.say(words.CANCEL_NOT_YOURS, named)]
    ctx.repo.cancel_event(event.id, ctx.now)
    reminders.cancel(ctx.repo, event, ctx.now)
    goers = [
        r.member_id
        for r in ctx.repo.rsvps(event.id)
        if r.choice is RsvpChoice.GOING and r.member_id != ctx.member.id
    ]
    dms = [dm for member_id in goers if (dm := _cancelled_dm(ctx, event, group, member_id))]
    note = markup.blocks(words.CANCELLED_POST, {**named, "when": _at(event)})
    told = (words.CANCELLED_TOLD if len(dms) == 1 else words.CANCELLED_TOLD_PLURAL) if dms else ""
    done = ctx.say(
        words.CANCELLED,
        {
            **named,
            "when": ctx.when(event.starts_at),
            "told": told.format(count=len(dms)) or words.CANCELLED_NOBODY,
        },
    )
    return [Outbound(destination(group), note), *dms, done]


def _at(event: Event) -> LocalTime:
    return LocalTime(event.starts_at, event.timezone)


def _cancelled_dm(ctx: Context, event: Event, group: Group, member_id: int) -> Outbound | None:
    member = ctx.repo.get_member(member_id)
    if member is None:
        return None
    tz = effective(member.timezone, group.timezone or ctx.default_tz)
    body = markup.blocks(
        words.CANCELLED_DM, {"title": event.title, "when": LocalTime(event.starts_at, tz)}
    )
    to = Destination(
        DestinationKind.DM,
        member.platform,
        member.workspace_id,
        user_id=member.user_id,
        label=member.display_name,
    )
    return Outbound(to, body)


def _answer(choice: RsvpChoice) -> ButtonHandler:
    def press(ctx: Context, value: str) -> list[Outbound]:
        event_id = button_id(value)
        if event_id is None or ctx.repo.get_event(event_id) is None:
            return [ctx.problem("gone")]
        ctx.repo.lock_event(event_id)  # answers pressed at once each count the other's
        event = ctx.repo.get_event(event_id)
        group = ctx.repo.get_group_by_id(event.group_id) if event else None
        if event is None or group is None or not _ours(ctx, group):
            return [ctx.problem("gone")]
        if event.cancelled:
            return [ctx.say(words.RSVP_CANCELLED, {"title": event.title})]
        if event.starts_at <= ctx.now:
            return [ctx.say(words.RSVP_STARTED, {"title": event.title})]
        earlier = {r.member_id: r.choice for r in ctx.repo.rsvps(event.id)}
        ctx.repo.set_rsvp(event.id, ctx.member.id, choice, ctx.now)
        answered = [post(event, group, ctx.repo.rsvps(event.id), replaces_source=True)]
        if choice is RsvpChoice.GOING:
            reminders.plan_member_reminders(ctx.repo, event, ctx.member.id, ctx.now)
            if earlier.get(ctx.member.id) is not RsvpChoice.GOING:  # the invite once, not per press
                answered.append(_going_dm(ctx, event))
        return answered

    return press


def _ours(ctx: Context, group: Group) -> bool:
    """The presser's workspace holds the event (a channel shared with another workspace shows
    the post to people whose calendar it is not)."""
    return (group.platform, group.workspace_id) == (ctx.actor.platform, ctx.actor.workspace_id)


def _going_dm(ctx: Context, event: Event) -> Outbound:
    to = Destination(
        DestinationKind.DM,
        ctx.actor.platform,
        ctx.actor.workspace_id,
        user_id=ctx.actor.user_id,
        label=ctx.actor.display_name,
    )
    body = (*markup.blocks(words.GOING_DM, {"title": event.title}), *details(event))
    return Outbound(to, body, attachments=(invite(event),))


BUTTONS = tuple(ButtonAction(action, _answer(choice)) for choice, action in ACTIONS.items())
