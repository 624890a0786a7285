"""Logging what happened: rejections (with their plan), applications, networking, events."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot import markup
from bot.commands import companies
from bot.commands.requests import LogApplied, LogEvent, LogNetworking, LogRejection
from bot.context import Context
from bot.delivery import nudges, planning
from bot.messages import drafts, labels, replies
from bot.messages import undo as undo_words
from bot.messages.encouragement import ENCOURAGEMENTS
from bot.records import OPEN_STATES, ActivityKind, FollowUp, FollowUpState, Rejection
from bot.values import Actions, Block, BulletList, Button, ButtonStyle, Outbound

UNDO = "rejection.undo"
UNDO_ACTIVITY = "activity.undo"
FIRST_DRAFT = "rejection.draft"
DUPLICATE_WINDOW = timedelta(hours=24)
# Stored times have microsecond resolution: a window ending one tick after now includes now, so
# `/momentum` counts what was logged this very moment (a frozen console clock, a fast typist).
TICK = timedelta(microseconds=1)


def log_rejection(ctx: Context, request: LogRejection) -> list[Outbound]:
    """Log it with its plan, unless the same company and role came in within a day (then show
    that one: a different role at the same company is a different rejection)."""
    company = companies.first_spelling(ctx, request.company)
    existing = ctx.repo.find_recent_rejection(
        ctx.member.id, company, ctx.now - DUPLICATE_WINDOW, role=request.role
    )
    if existing is not None:
        intro = markup.blocks(
            replies.DUPLICATE_REJECTION,
            {
                "company": existing.company,
                "role_suffix": nudges.role_suffix(existing.role),
                "when": ctx.when(existing.logged_at),
            },
        )
        return [ctx.reply((*intro, *plan_blocks(ctx, existing)))]

    rejection = ctx.repo.add_rejection(
        ctx.member.id, company, request.role, request.note, ctx.now, stage=request.stage
    )
    member = ctx.member
    group = ctx.own_group()
    days = "" if group is None else group.followup_days  # the group's cadence
    plan = planning.plan(ctx.now, ctx.tz, member.quiet_hours, member.skip_weekends, days)
    planned = ctx.repo.add_followups(rejection.id, ctx.member.id, list(plan), ctx.now)
    choice = pick_encouragement(ctx.member.last_encouragement, ctx.member.user_id, rejection.id)
    ctx.repo.save_member(replace(ctx.member, last_encouragement=choice))
    body: tuple[Block, ...] = (
        *markup.blocks(ENCOURAGEMENTS[choice], {"company": rejection.company}),
        *markup.blocks(
            replies.LOGGED_REJECTION,
            {"company": rejection.company, "role_suffix": nudges.role_suffix(rejection.role)},
        ),
        *plan_blocks(ctx, rejection, planned),
    )
    return [ctx.reply(body, summary=labels.LOGGED_SUMMARY.format(company=rejection.company))]


def pick_encouragement(last: int | None, user_id: str, salt: int) -> int:
    """A varied choice that never repeats the member's previous one.

    Deterministic (a hash of who and which rejection) so transcripts are reproducible, yet spread
    over the whole pool.
    """
    size = len(ENCOURAGEMENTS)
    seed = sum(ord(char) for char in user_id) * 31 + salt * 7
    if last is None or not 0 <= last < size:
        return seed % size
    return (last + 1 + seed % (size - 1)) % size


def plan_blocks(
    ctx: Context, rejection: Rejection, followups: list[FollowUp] | None = None
) -> tuple[Block, ...]:
    """The plan of `rejection`: its `followups` when the caller just made them (in due order),
    else read."""
    if followups is None:
        followups = ctx.repo.followups_for_rejection(rejection.id)
    followups = sorted(followups, key=lambda f: (f.due_at, f.id))
    items = tuple(
        markup.line(
            replies.PLAN_ITEM,
            {
                "title": drafts.TITLES[f.kind],
                "when": ctx.when(f.due_at),
                "purpose": drafts.PURPOSES[f.kind],
            },
        )
        for f in followups
        if f.state in (FollowUpState.PENDING, FollowUpState.SNOOZED)
    )
    buttons = Actions(
        (
            Button(labels.FIRST_DRAFT, FIRST_DRAFT, str(rejection.id), ButtonStyle.PRIMARY),
            Button(labels.UNDO, UNDO, str(rejection.id), ButtonStyle.DANGER),
        )
    )
    listed: tuple[Block, ...] = (BulletList(items),) if items else ()
    return (*listed, *ctx.blocks(replies.PLAN_FOOTER), buttons)


def first_draft(ctx: Context, rejection_id: int) -> list[Outbound]:
    rejection = ctx.repo.get_rejection(rejection_id)
    if rejection is None:
        return [ctx.problem("gone")]
    if rejection.member_id != ctx.member.id:
        return [ctx.problem("not_yours")]
    followups = ctx.repo.followups_for_rejection(rejection.id)
    if not followups:
        return [ctx.problem("gone")]
    open_ones = [f for f in followups if f.state in OPEN_STATES]
    return show_draft(ctx, (open_ones or followups)[0].id)


def show_draft(ctx: Context, followup_id: int) -> list[Outbound]:
    followup = ctx.repo.get_followup(followup_id)
    if followup is None:
        return [ctx.problem("gone")]
    if followup.member_id != ctx.member.id:
        return [ctx.problem("not_yours")]
    intro = markup.blocks(
        replies.DRAFT_PREVIEW,
        {
            "email": replies.EMAIL_NAMES[followup.kind],
            "company": followup.company,
            "when": ctx.when(followup.due_at),
        },
    )
    return [ctx.reply((*intro, nudges.draft(followup), nudges.actions(followup)))]


def log_applied(ctx: Context, request: LogApplied) -> list[Outbound]:
    company = companies.first_spelling(ctx, request.company)
    detail = f"{company} ({request.role})" if request.role else company
    activity = ctx.repo.add_activity(
        ctx.member.id, ActivityKind.APPLIED, detail, ctx.now, company=company
    )
    words = markup.blocks(
        replies.APPLIED, {"company": company, "role_suffix": nudges.role_suffix(request.role)}
    )
    return [_with_undo(ctx, words, activity.id)]


def log_networking(ctx: Context, request: LogNetworking) -> list[Outbound]:
    activity = ctx.repo.add_activity(ctx.member.id, ActivityKind.NETWORKED, request.detail, ctx.now)
    return [_with_undo(ctx, markup.blocks(replies.NETWORKED), activity.id)]


def log_event(ctx: Context, request: LogEvent) -> list[Outbound]:
    activity = ctx.repo.add_activity(ctx.member.id, ActivityKind.EVENT, request.detail, ctx.now)
    return [_with_undo(ctx, markup.blocks(replies.EVENT), activity.id)]


def _with_undo(ctx: Context, words: tuple[Block, ...], activity_id: int) -> Outbound:
    """A confirmation with an Undo for exactly this entry, for the member who logged it."""
    undo_button = Button(labels.UNDO, UNDO_ACTIVITY, f"{ctx.member.user_id}:{activity_id}")
    return ctx.reply((*words, Actions((undo_button,))))


def undo_activity(ctx: Context, value: str) -> list[Outbound]:
    """Remove the one entry a confirmation was about: once, and only for whoever logged it."""
    user_id, _, activity_id = value.rpartition(":")
    if not activity_id.isdigit():
        return [ctx.problem("gone")]
    if user_id != ctx.member.user_id:
        return [ctx.problem("not_yours")]
    removed = ctx.repo.delete_activity(ctx.member.id, int(activity_id))
    if removed is None:
        return [ctx.say(undo_words.ACTIVITY_ALREADY_UNDONE)]
    template = undo_words.ACTIVITY_UNDONE.get(removed.kind.value, undo_words.ACTIVITY_UNDONE_OTHER)
    return [ctx.say(template, {"detail": removed.detail})]
