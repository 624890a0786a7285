"""Feedback a company gave: kept with its company, and it closes that rejection's request.

The company is never guessed: it is the part before a colon, or a company the member already
named at the start of the text; otherwise the member is asked. Once feedback has arrived, asking
for it again would be odd, so the feedback request is closed in whatever open state it was.
"""

from __future__ import annotations

from bot.commands import companies
from bot.commands.requests import LogFeedback
from bot.context import Context
from bot.messages import replies
from bot.records import OPEN_STATES, ActivityKind, FollowUpKind, FollowUpState, Rejection
from bot.values import Outbound


def log_feedback(ctx: Context, request: LogFeedback) -> list[Outbound]:
    if request.company:
        company, text = companies.first_spelling(ctx, request.company), request.text
    else:
        found = companies.split_known(ctx, request.text)
        if found is None:
            return [ctx.problem("feedback_which_company")]
        company, text = found
    if not text:
        return [ctx.problem("feedback_what_said", {"company": company})]
    rejection, closed = _close_request(ctx, company)
    ctx.repo.add_activity(
        ctx.member.id,
        ActivityKind.FEEDBACK,
        text,
        ctx.now,
        rejection_id=rejection.id if rejection else None,
        company=company,
    )
    template = replies.FEEDBACK_LINKED if closed else replies.FEEDBACK_PLAIN
    return [ctx.say(template, {"company": company})]


def _close_request(ctx: Context, company: str) -> tuple[Rejection | None, bool]:
    """The rejection this feedback belongs to (the newest from that company whose feedback
    request is still open, else the newest from that company), and whether a request closed."""
    wanted = companies.key(company)
    mine = [
        r
        for r in ctx.repo.rejections_for_member(ctx.member.id)
        if companies.key(r.company) == wanted
    ]
    for rejection in mine:
        requests = [
            f
            for f in ctx.repo.followups_for_rejection(rejection.id)
            if f.kind is FollowUpKind.FEEDBACK and f.state in OPEN_STATES
        ]
        closed = [
            ctx.repo.transition_followup(f.id, OPEN_STATES, FollowUpState.ANSWERED, ctx.now)
            for f in requests
        ]
        if any(closed):
            return rejection, True
    return (mine[0] if mine else None), False
