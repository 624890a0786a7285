"""Whether following up works, in figures: a member's own ("5 follow-ups sent, 2 replies, 1 with
feedback", only to them), and a group's reply rate for the weekly summary.

A reply counts only when the member said so (the "did they reply?" DM a week after marking a
follow-up sent, `bot.momentum.reply_check`). The group's rate stays quiet below `MIN_SENT`
follow-ups: with three sent, one reply is a coincidence, not a rate, and it would point at
whoever sent them. Members whose privacy is `private` are not counted, as in every group figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import markup
from bot.messages import momentum_replies as words
from bot.ports import Repository
from bot.records import FollowUpState, ReplyOutcome
from bot.values import Block

MIN_SENT = 5  # fewer follow-ups sent than this in the window: no group rate at all
_REPLIED = (ReplyOutcome.REPLIED, ReplyOutcome.FEEDBACK)


@dataclass(frozen=True)
class ReplyFigures:
    sent: int
    replied: int  # with feedback or without
    with_feedback: int


@dataclass(frozen=True)
class ReplyRate:
    sent: int
    replied: int
    with_feedback: int

    @property
    def percent(self) -> int:
        """Replies per follow-up sent, rounded to a whole percent (sent is never 0 here)."""
        return round(100 * self.replied / self.sent)


def member_figures(repo: Repository, member_id: int) -> ReplyFigures:
    """Every follow-up the member marked sent, and what they said came of them."""
    outcomes = [
        followup.reply_outcome
        for followup in repo.followups_for_member(member_id)
        if followup.state is FollowUpState.DONE
    ]
    return ReplyFigures(
        sent=len(outcomes),
        replied=sum(1 for outcome in outcomes if outcome in _REPLIED),
        with_feedback=outcomes.count(ReplyOutcome.FEEDBACK),
    )


def figures_blocks(figures: ReplyFigures) -> tuple[Block, ...]:
    """The member's own figures (for `/momentum`, which only they see)."""
    if figures.sent == 0:
        return (*markup.blocks(words.FIGURES_TITLE), *markup.blocks(words.FIGURES_NONE))
    parts = [_count(figures.sent, words.SENT_ONE, words.SENT_MANY)]
    if figures.replied == 0:
        parts.append(words.REPLIES_NONE)
    else:
        parts.append(_count(figures.replied, words.REPLIES_ONE, words.REPLIES_MANY))
        parts.append(words.WITH_FEEDBACK.format(count=figures.with_feedback))
    return (
        *markup.blocks(words.FIGURES_TITLE),
        *markup.blocks(", ".join(parts)),
        *markup.blocks(words.FIGURES_HOW),
    )


def group_reply_rate(
    repo: Repository, group_id: int, since: datetime, until: datetime
) -> ReplyRate | None:
    """The group's follow-ups marked sent in [since, until) and how many got a reply, or None
    below `MIN_SENT` sent. One statement, whatever the group's size.

    Follow-ups marked sent in the last week have not been asked about yet, so a window that
    ends now counts them as "no reply known": a longer window (the last 8 weeks, say) reads
    truer than the summary's own week."""
    counts = repo.group_reply_counts(group_id, since, until)
    if counts.sent < MIN_SENT:
        return None
    return ReplyRate(counts.sent, counts.replied, counts.with_feedback)


def rate_blocks(rate: ReplyRate | None) -> tuple[Block, ...]:
    """The group's rate as one line (numbers only, no one named); nothing when None."""
    if rate is None:
        return ()
    template = words.RATE_FEEDBACK if rate.with_feedback else words.RATE
    return markup.blocks(
        template,
        {
            "replied": rate.replied,
            "sent": rate.sent,
            "percent": rate.percent,
            "with_feedback": rate.with_feedback,
        },
    )


def _count(number: int, one: str, many: str) -> str:
    return one if number == 1 else many.format(count=number)
