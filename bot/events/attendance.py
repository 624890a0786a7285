"""The answers to "did you make it?": "I went" logs the event as attended, once; "Didn't make
it" says that's fine (and takes back an "I went" pressed by mistake). The DM keeps its
buttons, so a member who pressed the wrong one can change their answer."""

from __future__ import annotations

from datetime import datetime

from bot.context import Context
from bot.event_records import Event
from bot.ids import button_id
from bot.messages import event_reminders as words
from bot.records import ActivityKind
from bot.values import Outbound


def went(ctx: Context, value: str) -> list[Outbound]:
    event = _event(ctx, value)
    if event is None:
        return [ctx.problem("gone")]
    if not _answered(ctx, event):
        return [_answer(ctx, words.NOT_GOING, event)]
    if not ctx.repo.mark_attended(event.id, ctx.member.id, True, ctx.now):
        return [_answer(ctx, words.WENT_ALREADY, event)]
    # Counted in the week it happened, like an event logged with `/event`.
    ctx.repo.add_activity(ctx.member.id, ActivityKind.EVENT, event.title, _when(ctx, event))
    return [_answer(ctx, words.WENT_LOGGED, event)]


def missed(ctx: Context, value: str) -> list[Outbound]:
    event = _event(ctx, value)
    if event is None:
        return [ctx.problem("gone")]
    if not _answered(ctx, event):
        return [_answer(ctx, words.NOT_GOING, event)]
    had_gone = _attended(ctx, event)
    ctx.repo.mark_attended(event.id, ctx.member.id, False, ctx.now)
    if not had_gone:
        return [_answer(ctx, words.MISSED_OK, event)]
    when = _when(ctx, event)
    for activity in ctx.repo.activities_for_member(ctx.member.id):
        same = (activity.kind, activity.detail, activity.occurred_at) == (
            ActivityKind.EVENT,
            event.title,
            when,
        )
        if same:
            ctx.repo.delete_activity(ctx.member.id, activity.id)
            break
    return [_answer(ctx, words.MISSED_UNDONE, event)]


def _event(ctx: Context, value: str) -> Event | None:
    """The event the button names, if it is on the presser's workspace's calendar."""
    event_id = button_id(value)
    event = None if event_id is None else ctx.repo.get_event(event_id)
    group = None if event is None else ctx.repo.get_group_by_id(event.group_id)
    if group is None or (group.platform, group.workspace_id) != (
        ctx.actor.platform,
        ctx.actor.workspace_id,
    ):
        return None
    return event


def _answered(ctx: Context, event: Event) -> bool:
    return any(answer.member_id == ctx.member.id for answer in ctx.repo.rsvps(event.id))


def _attended(ctx: Context, event: Event) -> bool:
    return any(
        answer.member_id == ctx.member.id and answer.attended is True
        for answer in ctx.repo.rsvps(event.id)
    )


def _when(ctx: Context, event: Event) -> datetime:
    return min(event.starts_at, ctx.now)


def _answer(ctx: Context, template: str, event: Event) -> Outbound:
    return ctx.say(template, {"title": event.title})
