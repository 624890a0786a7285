"""A member's own overview, for platforms with a personal home screen (Slack's App Home)."""

from __future__ import annotations

from bot import markup
from bot.commands import followups
from bot.context import Context
from bot.messages import labels, replies
from bot.rhythm.posts import SUMMARY_ROWS, WEEK
from bot.values import Actor, Block, Destination, DestinationKind, Fields, Outbound, Span


def welcome(actor: Actor) -> Outbound:
    """The home of someone Rebound stores nothing about."""
    destination = Destination(
        DestinationKind.DM,
        actor.platform,
        actor.workspace_id,
        user_id=actor.user_id,
        label=actor.display_name,
    )
    return Outbound(
        destination, markup.blocks(replies.HOME_WELCOME), summary=labels.HOME_WELCOME_SUMMARY
    )


def overview(ctx: Context) -> Outbound:
    recent = [
        a for a in ctx.repo.activities_for_member(ctx.member.id) if ctx.now - a.occurred_at < WEEK
    ]
    counts = {kind: sum(1 for a in recent if a.kind is kind) for _label, kind in SUMMARY_ROWS}
    body: list[Block] = [
        *markup.blocks(replies.HOME_TITLE, {"name": ctx.member.display_name}),
        Fields(tuple((label, (Span(str(counts[kind])),)) for label, kind in SUMMARY_ROWS)),
    ]
    body.extend(followups.list_followups(ctx)[0].blocks)
    destination = Destination(
        DestinationKind.DM,
        ctx.actor.platform,
        ctx.actor.workspace_id,
        user_id=ctx.actor.user_id,
        label=ctx.member.display_name,
    )
    return Outbound(destination, tuple(body), summary=labels.HOME_SUMMARY)
