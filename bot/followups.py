"""The follow-up lifecycle from the member's side: see them all, mark sent, snooze, skip."""

from __future__ import annotations

from datetime import timedelta

from bot import markup, nudges
from bot.context import Context
from bot.messages import drafts, replies
from bot.records import OPEN_STATES, WAITING_STATES, ActivityKind, FollowUp, FollowUpState
from bot.values import Block, BulletList, Line, Outbound, Paragraph, Span, Style

RECENT = timedelta(days=14)
MAX_ACTIONABLE = nudges.MAX_PER_MESSAGE  # one row of buttons each
SNOOZES = {nudges.SNOOZE_DAY: timedelta(days=1), nudges.SNOOZE_WEEK: timedelta(weeks=1)}


def list_followups(ctx: Context) -> list[Outbound]:
    everything = ctx.repo.followups_for_member(ctx.member.id)
    visible = [f for f in everything if f.state in OPEN_STATES or ctx.now - f.updated_at <= RECENT]
    if not visible:
        return [ctx.say(replies.FOLLOWUPS_EMPTY)]
    body: list[Block] = [Paragraph((Span(replies.FOLLOWUPS_HEADER, Style.BOLD),))]
    actionable = [f for f in visible if f.state in OPEN_STATES]
    for followup in actionable[:MAX_ACTIONABLE]:
        body.append(Paragraph(describe(ctx, followup)))
        body.append(nudges.actions(followup, with_draft=True))
    if len(actionable) > MAX_ACTIONABLE:
        more = len(actionable) - MAX_ACTIONABLE
        body.extend(markup.blocks(replies.FOLLOWUPS_MORE, {"count": more}))
    finished = [f for f in visible if f.state not in OPEN_STATES]
    if finished:
        body.append(Paragraph((Span("Recently", Style.BOLD),)))
        body.append(BulletList(tuple(describe(ctx, f) for f in finished)))
    return [ctx.reply(tuple(body))]


def describe(ctx: Context, followup: FollowUp) -> Line:
    """One honest line: what, for whom, and exactly where it stands."""
    head = markup.line(
        "**{company}**{role_suffix}: {title}",
        {
            "company": followup.company,
            "role_suffix": nudges.role_suffix(followup.role),
            "title": drafts.TITLES[followup.kind].lower(),
        },
    )
    state = followup.state
    if state in WAITING_STATES or state is FollowUpState.SENDING:
        label = "snoozed until" if state is FollowUpState.SNOOZED else "nudge planned for"
        tail = markup.line(f", {label} {{when}}", {"when": ctx.when(followup.due_at)})
    elif state is FollowUpState.SENT and followup.sent_at is not None:
        tail = markup.line(", nudged {when}: sent it yet?", {"when": ctx.when(followup.sent_at)})
    elif state is FollowUpState.FAILED:
        tail = markup.line(", _not delivered_: {why}", {"why": followup.last_error or "unknown"})
    elif state is FollowUpState.MISSED:
        tail = markup.line(
            ", _missed_ while I was offline (due {when})", {"when": ctx.when(followup.due_at)}
        )
    elif state is FollowUpState.DONE and followup.done_at is not None:
        tail = markup.line(", sent {when}", {"when": ctx.when(followup.done_at)})
    else:
        tail = markup.line(f", {state.value}")
    return head + tail


def press(ctx: Context, action_id: str, followup_id: int) -> list[Outbound]:
    followup = ctx.repo.get_followup(followup_id)
    if followup is None:
        return [ctx.problem("gone")]
    if followup.member_id != ctx.member.id:
        return [ctx.problem("not_yours")]
    values: dict[str, markup.Param] = {
        "email": replies.EMAIL_NAMES[followup.kind],
        "company": followup.company,
    }
    if action_id == nudges.DONE:
        if not ctx.repo.transition_followup(followup.id, OPEN_STATES, FollowUpState.DONE, ctx.now):
            return [ctx.problem("already", {"state": _current(ctx, followup.id)})]
        ctx.repo.add_activity(
            ctx.member.id,
            ActivityKind.FOLLOWUP_SENT,
            drafts.TITLES[followup.kind],
            ctx.now,
            rejection_id=followup.rejection_id,
        )
        return [ctx.say(replies.MARKED_DONE, values)]
    if action_id in SNOOZES:
        until = max(ctx.now, followup.due_at) + SNOOZES[action_id]
        if not ctx.repo.transition_followup(
            followup.id, OPEN_STATES, FollowUpState.SNOOZED, ctx.now, due_at=until
        ):
            return [ctx.problem("already", {"state": _current(ctx, followup.id)})]
        return [ctx.say(replies.SNOOZED, {**values, "when": ctx.when(until)})]
    if not ctx.repo.transition_followup(followup.id, OPEN_STATES, FollowUpState.SKIPPED, ctx.now):
        return [ctx.problem("already", {"state": _current(ctx, followup.id)})]
    return [ctx.say(replies.SKIPPED, values)]


def _current(ctx: Context, followup_id: int) -> str:
    current = ctx.repo.get_followup(followup_id)
    return current.state.value if current else "gone"
