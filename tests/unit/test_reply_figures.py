"""Whether following up works, in figures (issue 12 item 4): a member's own ("4 follow-ups sent,
2 replies, 1 with feedback"), and the group's reply rate, which stays quiet below 5 sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core import Core
from bot.delivery import nudges
from bot.momentum import replies, reply_check
from bot.momentum.replies import ReplyFigures, ReplyRate
from bot.ports import UnitOfWork
from bot.values import Block, ButtonPress, Destination, DestinationKind, Outbound
from tests.helpers import actor, at, slash, text

NOON = at("2026-12-01T12:00:00+00:00")
WEEK = timedelta(days=7)


def shown(blocks: tuple[Block, ...]) -> str:
    return text(Outbound(Destination(DestinationKind.DM, "console", "T1", user_id="alex"), blocks))


def send(
    core: Core,
    uow: UnitOfWork,
    who: str,
    company: str,
    when: datetime,
    answer: str | None = None,
) -> None:
    """Log a rejection, press "I sent it" on its thank-you note, maybe answer "did they
    reply?" a week later."""
    core.handle(slash("rejected", company, who), when - timedelta(minutes=1))
    with uow() as repo:
        member = repo.find_member(actor(who))
        assert member is not None
        newest = repo.rejections_for_member(member.id)[0]
        thank_you = repo.followups_for_rejection(newest.id)[0]
    value = f"{thank_you.id}:{thank_you.generation}"
    (said,) = core.handle(ButtonPress(actor(who), nudges.DONE, value), when)
    assert "marked as sent" in text(said)
    if answer is not None:
        core.handle(ButtonPress(actor(who), answer, str(thank_you.id)), when + WEEK)


def test_a_members_own_figures(core: Core, uow: UnitOfWork) -> None:
    send(core, uow, "Alex", "Acme", NOON, reply_check.FEEDBACK)
    send(core, uow, "Alex", "Globex", NOON + timedelta(hours=1), reply_check.NONE)
    send(core, uow, "Alex", "Umbrella", NOON + timedelta(hours=1), None)
    send(core, uow, "Alex", "Initech", NOON + timedelta(hours=2), reply_check.REPLIED)
    send(core, uow, "Sam", "Hooli", NOON, reply_check.REPLIED)  # someone else's
    with uow() as repo:
        alex = repo.find_member(actor("Alex"))
        assert alex is not None
        figures = replies.member_figures(repo, alex.id)
    assert figures == ReplyFigures(sent=4, replied=2, with_feedback=1)
    words = shown(replies.figures_blocks(figures))
    assert "4 follow-ups sent, 2 replies, 1 with feedback" in words
    assert "1 follow-up sent, no replies yet" in shown(
        replies.figures_blocks(ReplyFigures(1, 0, 0))
    )
    assert "2 follow-ups sent, 1 reply, 0 with feedback" in shown(
        replies.figures_blocks(ReplyFigures(2, 1, 0))
    )
    assert "No follow-ups marked sent yet" in shown(replies.figures_blocks(ReplyFigures(0, 0, 0)))


def test_the_group_rate_stays_quiet_below_five_sent(core: Core, uow: UnitOfWork) -> None:
    answers = [reply_check.FEEDBACK, reply_check.REPLIED, reply_check.NONE, None]
    for index, answer in enumerate(answers):
        send(core, uow, ["Alex", "Sam"][index % 2], f"Company {index}", NOON, answer)
    core.handle(slash("rebound", "privacy private", "Pat"), NOON)
    send(core, uow, "Pat", "Private Co", NOON, reply_check.REPLIED)  # not counted: private
    with uow() as repo:
        (group,) = repo.groups()
        assert replies.group_reply_rate(repo, group.id, NOON, NOON + WEEK) is None, "4 sent"
    send(core, uow, "Sam", "Company 4", NOON + timedelta(hours=1), reply_check.REPLIED)
    with uow() as repo:
        rate = replies.group_reply_rate(repo, group.id, NOON, NOON + WEEK)
        before = replies.group_reply_rate(repo, group.id, NOON - WEEK, NOON)
    assert rate == ReplyRate(sent=5, replied=3, with_feedback=1) and rate.percent == 60
    assert before is None
    line = shown(replies.rate_blocks(rate))
    assert "3 of 5 (60%), 1 with feedback" in line
    assert "Alex" not in line and "Company" not in line, "numbers only"
    assert replies.rate_blocks(None) == ()
