"""A member's own history, read back only to them: past rejections with what became of each
follow-up (`/rejected list`), and the feedback they saved (`/feedback list`).

Both are paged, newest first, so a long search stays readable on every platform.
"""

from __future__ import annotations

from datetime import datetime

from bot import markup, routes
from bot.commands.requests import ShowHistory
from bot.context import Context
from bot.delivery import nudges
from bot.messages import drafts, labels
from bot.messages import history as history_words
from bot.records import ActivityKind, FollowUp, FollowUpState
from bot.values import Block, BulletList, Line, LocalTime, Outbound, Paragraph, Quote, Span

PAGE_SIZE = 10


def show(ctx: Context, request: ShowHistory) -> list[Outbound]:
    if request.command == "rejected":
        return _rejections(ctx, request.page)
    return _feedback(ctx, request.page)


def _rejections(ctx: Context, page: int) -> list[Outbound]:
    everything = ctx.repo.rejections_for_member(ctx.member.id)
    if not everything:
        return [ctx.say(history_words.HISTORY_EMPTY_REJECTED)]
    shown = _page(ctx, ctx.menu.spell("rejected"), "your list", len(everything), page)
    if isinstance(shown, Outbound):
        return [shown]
    first, last = shown
    body: list[Block] = [
        *markup.blocks(history_words.HISTORY_HEADER_REJECTED, {"count": len(everything)})
    ]
    for rejection in everything[first:last]:
        stage = f", {drafts.STAGE_LABELS[rejection.stage]}" if rejection.stage else ""
        head = markup.line(
            history_words.HISTORY_REJECTION,
            {
                "company": rejection.company,
                "role_suffix": nudges.role_suffix(rejection.role),
                "stage": stage,
                "when": _date(ctx, rejection.logged_at),
            },
        )
        body.append(Paragraph(head))
        outcomes = tuple(outcome(ctx, f) for f in ctx.repo.followups_for_rejection(rejection.id))
        if outcomes:
            body.append(BulletList(outcomes))
    body.extend(_footer(ctx.menu.spell("rejected"), len(everything), first, last))
    return [ctx.reply(tuple(body), summary=labels.REJECTIONS_SUMMARY)]


def outcome(ctx: Context, followup: FollowUp) -> Line:
    """What became of one follow-up, in a few words."""
    title = markup.line("{title}: ", {"title": drafts.TITLES[followup.kind]})
    state = followup.state
    if state is FollowUpState.DONE and followup.done_at is not None:
        return title + markup.line(labels.OUTCOME_DONE, {"when": _date(ctx, followup.done_at)})
    if state is FollowUpState.SENT:
        return title + markup.line(labels.OUTCOME_NUDGED)
    if state is FollowUpState.FAILED:
        error = followup.last_error
        why = ctx.menu.respell(routes.plain_reason(error)) if error else ""
        return title + markup.line(labels.OUTCOME_FAILED, {"why": why or labels.REASON_UNKNOWN})
    if state in (FollowUpState.PENDING, FollowUpState.SENDING, FollowUpState.SNOOZED):
        snoozed = state is FollowUpState.SNOOZED
        template = labels.OUTCOME_SNOOZED if snoozed else labels.OUTCOME_PLANNED
        return title + markup.line(template, {"when": ctx.when(followup.due_at)})
    return title + markup.line(labels.OUTCOME_WORDS.get(state, state.value))


def _feedback(ctx: Context, page: int) -> list[Outbound]:
    everything = [
        a
        for a in reversed(ctx.repo.activities_for_member(ctx.member.id))
        if a.kind is ActivityKind.FEEDBACK
    ]
    if not everything:
        return [ctx.say(history_words.HISTORY_EMPTY_FEEDBACK)]
    shown = _page(ctx, ctx.menu.spell("feedback"), "your feedback", len(everything), page)
    if isinstance(shown, Outbound):
        return [shown]
    first, last = shown
    body: list[Block] = [
        *markup.blocks(history_words.HISTORY_HEADER_FEEDBACK, {"count": len(everything)})
    ]
    for entry in everything[first:last]:
        head = markup.line(
            history_words.HISTORY_FEEDBACK,
            {"company": entry.company or "(no company)", "when": _date(ctx, entry.occurred_at)},
        )
        body += [Paragraph(head), Quote((Span(entry.detail),))]
    body.extend(_footer(ctx.menu.spell("feedback"), len(everything), first, last))
    return [ctx.reply(tuple(body), summary=labels.FEEDBACK_SUMMARY)]


def _page(
    ctx: Context, command: str, what: str, count: int, page: int
) -> tuple[int, int] | Outbound:
    """The slice to show, or a problem when the page is past the end."""
    pages = -(-count // PAGE_SIZE)
    if page > pages:
        label = f"{pages} page" + ("" if pages == 1 else "s")
        return ctx.problem(
            "no_such_page",
            {
                "page": str(page),
                "what": what,
                "pages": label,
                "command": command,
                "last": str(pages),
            },
        )
    first = (page - 1) * PAGE_SIZE
    return first, min(first + PAGE_SIZE, count)


def _footer(command: str, count: int, first: int, last: int) -> tuple[Block, ...]:
    if last >= count:
        return ()
    return markup.blocks(
        history_words.HISTORY_PAGE,
        {
            "first": first + 1,
            "last": last,
            "count": count,
            "command": command,
            "next": last // PAGE_SIZE + 1,
        },
    )


def _date(ctx: Context, moment: datetime) -> LocalTime:
    return LocalTime(moment, ctx.tz, "date")
