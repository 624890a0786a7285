"""`/rebound setup`: an organiser makes this channel the group's channel for its posts.

Until someone does, a member's group is the channel where they first used a command. After,
every member of the workspace belongs to the chosen channel's group, and only that channel
gets the group's weekly posts (`bot.rhythm.slots.active_slots`) and the closed-DM mentions.
Whether someone may choose is the platform's word (`Actor.can_manage`) or the group's
(`/rebound admin add`).
"""

from __future__ import annotations

from bot.commands.admins import may_manage
from bot.commands.requests import SetUpGroup
from bot.context import Context
from bot.group_store import AdminLookup
from bot.messages import setup as words
from bot.records import Group, OccurrenceKind
from bot.rhythm import posts, slots
from bot.values import Actor, Block, Outbound


def refusal(actor: Actor, lookup: AdminLookup, request: SetUpGroup) -> str | None:
    """Asked before anything is stored (the registry's gate), so someone refused leaves no
    trace: not a member, and no group made of the channel they tried it in. An organiser by
    the platform's word, or a group admin (`/rebound admin add`), may."""
    if not actor.channel_id:
        return words.NOT_A_CHANNEL
    if not may_manage(actor, lookup):
        return words.REFUSED
    return None


def set_up(ctx: Context, request: SetUpGroup) -> list[Outbound]:
    actor = ctx.actor
    moved = ctx.repo.choose_group_channel(actor.platform, actor.workspace_id, actor.channel_id)
    # Who set the group up stays one of its admins, whatever the platform later says.
    ctx.repo.add_group_admin(
        actor.platform, actor.workspace_id, actor.user_id, actor.user_id, ctx.now
    )
    group = ctx.repo.get_group(actor.platform, actor.workspace_id, actor.channel_id)
    assert group is not None  # the command's own context made it
    body = [*ctx.blocks(words.CHOSEN), *_schedule(ctx, group)]
    body += ctx.blocks(words.REMINDERS)
    if moved:
        body += ctx.blocks(words.MOVED if moved == 1 else words.MOVED_PLURAL, {"count": moved})
    # Told privately too: if the bot may not post in this channel, the announcement fails, and
    # this says what the choice means and what the group's posts will need.
    return [Outbound(posts.destination(group), tuple(body)), ctx.say(words.DONE)]


def _schedule(ctx: Context, group: Group) -> list[Block]:
    """One line per weekly post, with when it next comes (in each reader's own time)."""
    lines: list[Block] = []
    for kind, slot, tz in slots.active_slots(group, ctx.default_tz):
        template = words.SUMMARY if kind is OccurrenceKind.SUMMARY else words.NETWORKING
        lines += ctx.blocks(template, {"when": ctx.when(slots.next_fire(slot, tz, ctx.now))})
    return lines or list(ctx.blocks(words.NO_POSTS))
