"""The follow-up lifecycle from the member's side: see them all, mark sent, snooze, skip."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import markup, routes
from bot.context import Context
from bot.delivery import nudges, planning
from bot.messages import drafts, labels, replies, unreachable
from bot.momentum import reply_check
from bot.records import OPEN_STATES, WAITING_STATES, ActivityKind, FollowUp, FollowUpState
from bot.values import (
    Actions,
    Block,
    BulletList,
    Button,
    Line,
    Outbound,
    Paragraph,
    Span,
    Style,
)

RECENT = timedelta(days=14)
PAGE_SIZE = 4  # a row of buttons each, plus one row for "Show more": five rows a message
MORE = "followups.more"
SNOOZES = {nudges.SNOOZE_DAY: timedelta(days=1), nudges.SNOOZE_WEEK: timedelta(weeks=1)}


def list_followups(ctx: Context, after: str = "") -> list[Outbound]:
    """Open follow-ups a page at a time, then the recently finished ones.

    `after` is the "Show more" button's value: the due time and id of the last one already shown.
    The next page starts after it in the current list, so marking some sent or skipping them
    on an earlier page never makes others jump past unseen.
    """
    everything = ctx.repo.followups_for_member(ctx.member.id)
    visible = [f for f in everything if f.state in OPEN_STATES or ctx.now - f.updated_at <= RECENT]
    if not visible:
        return [ctx.say(replies.FOLLOWUPS_EMPTY)]
    actionable = [f for f in visible if f.state in OPEN_STATES]
    start = 0
    if after:
        cursor = _cursor(after)
        if cursor is None:
            return [ctx.problem("gone")]
        start = sum(1 for f in actionable if (f.due_at, f.id) <= cursor)
    page = actionable[start : start + PAGE_SIZE]
    header = replies.FOLLOWUPS_HEADER
    if len(actionable) > PAGE_SIZE and page:
        first, last = start + 1, start + len(page)
        header = f"{header} ({first}-{last} of {len(actionable)} open)"
    body: list[Block] = [Paragraph((Span(header, Style.BOLD),))]
    for followup in page:
        body.append(Paragraph(describe(ctx, followup)))
        body.append(nudges.actions(followup, with_draft=True))
    if not page and after:
        body.extend(markup.blocks(replies.FOLLOWUPS_NO_MORE))
    rest = len(actionable) - start - len(page)
    if rest > 0:
        last_shown = page[-1]
        body.extend(markup.blocks(replies.FOLLOWUPS_MORE, {"count": rest}))
        value = f"{last_shown.due_at.isoformat()}|{last_shown.id}"
        body.append(Actions((Button(replies.FOLLOWUPS_MORE_BUTTON, MORE, value),)))
    finished = [f for f in visible if f.state not in OPEN_STATES]
    if finished and not after:
        body.append(Paragraph((Span(labels.RECENTLY, Style.BOLD),)))
        body.append(BulletList(tuple(describe(ctx, f) for f in finished)))
    return [ctx.reply(tuple(body))]


def _cursor(value: str) -> tuple[datetime, int] | None:
    due, _, followup_id = value.partition("|")
    try:
        moment = datetime.fromisoformat(due)
    except ValueError:
        return None
    if moment.tzinfo is None or not followup_id.isdigit():
        return None
    return moment, int(followup_id)


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
        snoozed = state is FollowUpState.SNOOZED
        template = labels.STATUS_SNOOZED if snoozed else labels.STATUS_PLANNED
        if not snoozed and followup.last_error == replies.DMS_CLOSED:
            template = unreachable.STATUS_TRYING_AGAIN  # refused once: tried once more
        tail = markup.line(template, {"when": ctx.when(followup.due_at)})
    elif state is FollowUpState.SENT and followup.sent_at is not None:
        tail = markup.line(labels.STATUS_NUDGED, {"when": ctx.when(followup.sent_at)})
    elif state is FollowUpState.FAILED:
        error = followup.last_error
        why = ctx.menu.respell(routes.plain_reason(error)) if error else ""
        tail = markup.line(labels.STATUS_FAILED, {"why": why or labels.REASON_UNKNOWN})
    elif state is FollowUpState.MISSED:
        tail = markup.line(labels.STATUS_MISSED, {"when": ctx.when(followup.due_at)})
    elif state is FollowUpState.ANSWERED:
        tail = markup.line(labels.STATUS_ANSWERED)
    elif state is FollowUpState.DONE and followup.done_at is not None:
        tail = markup.line(labels.STATUS_DONE, {"when": ctx.when(followup.done_at)})
    else:
        tail = markup.line(labels.STATUS_OTHER, {"state": state.value})
    return head + tail


def press(
    ctx: Context,
    action_id: str,
    followup_id: int,
    generation: int | None = None,
    *,
    sent: tuple[str, str] | None = None,
) -> list[Outbound]:
    """Act on a nudge's button once. A button carries the nudge it came with (`generation`): if
    the follow-up has moved on since (snoozed, or the same button pressed again), nothing
    changes and the member sees where it stands now, with buttons that are current. `sent`: the
    email's subject and body as the member sent it (the draft editor), kept when marking done."""
    followup = ctx.repo.get_followup(followup_id)
    if followup is None:
        return [ctx.problem("gone")]
    if followup.member_id != ctx.member.id:
        return [ctx.problem("not_yours")]
    if generation is not None and generation != followup.generation:
        return _out_of_date(ctx, followup.id)
    values: dict[str, markup.Param] = {
        "email": replies.EMAIL_NAMES[followup.kind],
        "company": followup.company,
    }

    def move(to_state: FollowUpState, due_at: datetime | None = None) -> bool:
        return ctx.repo.transition_followup(
            followup.id, OPEN_STATES, to_state, ctx.now, due_at=due_at, generation=generation
        )

    def refused() -> list[Outbound]:
        current = ctx.repo.get_followup(followup.id)
        if current is not None and generation is not None and current.generation != generation:
            return _out_of_date(ctx, followup.id)
        return [ctx.problem("already", {"state": _current(ctx, followup.id)})]

    if action_id == nudges.DONE:
        if not move(FollowUpState.DONE):
            return refused()
        ctx.repo.add_activity(
            ctx.member.id,
            ActivityKind.FOLLOWUP_SENT,
            drafts.TITLES[followup.kind],
            ctx.now,
            rejection_id=followup.rejection_id,
        )
        # A week on, one DM asks whether they replied (only for a member with a group).
        reply_check.plan(ctx.repo, ctx.member, followup.id, ctx.now, ctx.default_tz)
        if sent is not None:
            ctx.repo.keep_sent_draft(followup.id, *sent)
            return [ctx.say(replies.MARKED_DONE_KEPT, values)]
        return [ctx.say(replies.MARKED_DONE, values)]
    if action_id in SNOOZES:
        until = planning.arrival(
            max(ctx.now, followup.due_at) + SNOOZES[action_id],
            ctx.tz,
            ctx.member.quiet_hours,
            ctx.member.skip_weekends,
        )
        if not move(FollowUpState.SNOOZED, until):
            return refused()
        return [ctx.say(replies.SNOOZED, {**values, "when": ctx.when(until)})]
    if not move(FollowUpState.SKIPPED):
        return refused()
    return [ctx.say(replies.SKIPPED, values)]


def _out_of_date(ctx: Context, followup_id: int) -> list[Outbound]:
    """The press changed nothing: say so, and show the follow-up as it stands now."""
    current = ctx.repo.get_followup(followup_id)
    if current is None:
        return [ctx.problem("gone")]
    body: list[Block] = [
        *markup.blocks(replies.BUTTON_OUT_OF_DATE),
        Paragraph(describe(ctx, current)),
    ]
    if current.state in OPEN_STATES:
        body.append(nudges.actions(current, with_draft=True))
    return [ctx.reply(tuple(body))]


def _current(ctx: Context, followup_id: int) -> str:
    current = ctx.repo.get_followup(followup_id)
    if current is None:
        return labels.GONE
    return labels.CLOSED_WORDS.get(current.state, current.state.value)
