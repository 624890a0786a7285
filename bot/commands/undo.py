"""Undoing a logged rejection, honestly: say exactly what goes with it before it goes.

A rejection carries its follow-ups, and some of them may already be real: a nudge delivered to
the member, an email they marked as sent (which counts toward the group's week), feedback they
saved. Removing those silently would rewrite history, so when any exist the member sees the list
and confirms; when nothing has happened yet, Undo simply removes the plan.
"""

from __future__ import annotations

from bot import markup
from bot.context import Context
from bot.messages import replies
from bot.messages import undo as undo_words
from bot.records import ActivityKind, FollowUpState, Rejection
from bot.values import Actions, Block, BulletList, Button, ButtonStyle, Line, Outbound

CONFIRM = "rejection.undo_confirm"
KEEP = "rejection.undo_keep"
UNSENT = frozenset(
    {
        FollowUpState.PENDING,
        FollowUpState.SNOOZED,
        FollowUpState.MISSED,
        FollowUpState.FAILED,
    }
)


def undo(ctx: Context, rejection_id: int) -> list[Outbound]:
    """The Undo button under a plan: remove at once, or ask first if something was sent."""
    rejection = _own(ctx, rejection_id)
    if isinstance(rejection, Outbound):
        return [rejection]
    removed, already_real, counted, kept = _what_goes(ctx, rejection)
    if not already_real:
        ctx.repo.delete_rejection(rejection.id)
        return [ctx.say(undo_words.UNDONE, {"company": rejection.company})]
    buttons = Actions(
        (
            Button(undo_words.UNDO_YES, CONFIRM, str(rejection.id), ButtonStyle.DANGER),
            Button(undo_words.UNDO_NO, KEEP, str(rejection.id)),
        )
    )
    body: tuple[Block, ...] = (
        *markup.blocks(undo_words.UNDO_ASK, {"company": rejection.company}),
        BulletList(tuple(removed)),
        *_kept(ctx, kept, rejection),
        *markup.blocks(undo_words.UNDO_ASK_COUNTED if counted else undo_words.UNDO_ASK_OUTRO),
        buttons,
    )
    return [ctx.reply(body)]


def confirm(ctx: Context, rejection_id: int) -> list[Outbound]:
    rejection = _own(ctx, rejection_id)
    if isinstance(rejection, Outbound):
        return [rejection]
    removed, _already_real, _counted, kept = _what_goes(ctx, rejection)
    ctx.repo.delete_rejection(rejection.id)
    intro = markup.blocks(undo_words.UNDONE_LISTED, {"company": rejection.company})
    return [ctx.reply((*intro, BulletList(tuple(removed)), *_kept(ctx, kept, rejection)))]


def keep(ctx: Context, rejection_id: int) -> list[Outbound]:
    rejection = _own(ctx, rejection_id)
    if isinstance(rejection, Outbound):
        return [rejection]
    return [ctx.say(undo_words.UNDO_KEPT, {"company": rejection.company})]


def _own(ctx: Context, rejection_id: int) -> Rejection | Outbound:
    rejection = ctx.repo.get_rejection(rejection_id)
    if rejection is None:
        return ctx.problem("gone")
    if rejection.member_id != ctx.member.id:
        return ctx.problem("not_yours")
    return rejection


def _kept(ctx: Context, feedback: int, rejection: Rejection) -> tuple[Block, ...]:
    """Saved feedback outlives the rejection (storage unlinks it), so Undo says it stays."""
    if not feedback:
        return ()
    return ctx.blocks(undo_words.UNDO_FEEDBACK_KEPT, {"company": rejection.company})


def _what_goes(ctx: Context, rejection: Rejection) -> tuple[list[Line], bool, bool, int]:
    """One line per thing removed with the rejection; whether any of it already happened (a
    nudge delivered or being delivered, an email marked sent, feedback saved); whether any of
    it counts toward the member's week (a follow-up marked sent); and how many feedback
    entries were saved for it (those are kept, not removed)."""
    lines: list[Line] = []
    real = counted = False
    for followup in ctx.repo.followups_for_rejection(rejection.id):
        # The email as a member calls it: "the keep-in-touch note", not "the future consideration".
        params: dict[str, markup.Param] = {"title": replies.EMAIL_NAMES[followup.kind]}
        state = followup.state
        if state is FollowUpState.DONE:
            when = followup.done_at or followup.updated_at
            lines.append(markup.line(undo_words.UNDO_ITEM_DONE, {**params, "when": ctx.when(when)}))
            real = counted = True
        elif state is FollowUpState.SENT:
            when = followup.sent_at or followup.updated_at
            lines.append(
                markup.line(undo_words.UNDO_ITEM_NUDGED, {**params, "when": ctx.when(when)})
            )
            real = True
        elif state is FollowUpState.SENDING:
            lines.append(markup.line(undo_words.UNDO_ITEM_SENDING, params))
            real = True
        elif state in UNSENT:
            lines.append(markup.line(undo_words.UNDO_ITEM_UNSENT, params))
        elif state is FollowUpState.ANSWERED:
            lines.append(markup.line(undo_words.UNDO_ITEM_ANSWERED, params))
        elif state is FollowUpState.SKIPPED and followup.sent_at is not None:
            nudged = {**params, "when": ctx.when(followup.sent_at)}
            lines.append(markup.line(undo_words.UNDO_ITEM_NUDGED_SKIPPED, nudged))
            real = True
        elif state is FollowUpState.SKIPPED:
            lines.append(markup.line(undo_words.UNDO_ITEM_SKIPPED, params))
    feedback = [
        a
        for a in ctx.repo.activities_for_member(ctx.member.id)
        if a.rejection_id == rejection.id and a.kind is ActivityKind.FEEDBACK
    ]
    if feedback:
        real = True
    return lines, real, counted, len(feedback)
