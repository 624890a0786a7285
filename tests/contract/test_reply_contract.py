"""The replies half of the repository contract (`bot.reply_store`), on every backend: a member's
answer to "did they reply?" kept on the follow-up, and a group's counts in one read."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.ports import Repository, UnitOfWork
from bot.records import OPEN_STATES, FollowUpKind, FollowUpState, Member, Privacy, ReplyOutcome
from bot.reply_store import ReplyCounts
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
WEEK = timedelta(days=7)
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C1", "job-hunt")
PAT = Actor("slack", "T1", "U3", "Pat", "C1", "job-hunt")
ELSEWHERE = Actor("slack", "T2", "U1", "Lee", "C9", "other-group")


def sent_followup(repo: Repository, who: Member, company: str, marked: datetime) -> int:
    """A rejection whose thank-you note was marked sent at `marked` (the other two stay open)."""
    rejection = repo.add_rejection(who.id, company, "", "", NOON - WEEK)
    ids = [
        repo.add_followup(rejection.id, who.id, kind, NOON, NOON - WEEK).id for kind in FollowUpKind
    ]
    assert repo.transition_followup(ids[0], OPEN_STATES, FollowUpState.DONE, marked)
    return ids[0]


def test_an_answer_is_kept_on_a_followup_marked_sent_and_may_change(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        done = sent_followup(repo, alex, "Acme", NOON)
        still_open = done + 1
        assert repo.record_reply_outcome(done, ReplyOutcome.NONE, NOON + WEEK)
        assert not repo.record_reply_outcome(still_open, ReplyOutcome.REPLIED, NOON + WEEK)
        assert not repo.record_reply_outcome(999_999, ReplyOutcome.REPLIED, NOON + WEEK)
    with uow() as repo:
        answered = repo.get_followup(done)
        assert answered is not None
        assert answered.reply_outcome is ReplyOutcome.NONE
        assert answered.reply_answered_at == NOON + WEEK
        untouched = repo.get_followup(still_open)
        assert untouched is not None and untouched.reply_outcome is None
        assert untouched.reply_answered_at is None
        later = NOON + 2 * WEEK
        assert repo.record_reply_outcome(done, ReplyOutcome.FEEDBACK, later)
    with uow() as repo:
        (changed, *_) = repo.followups_for_member(alex.id)
        assert (changed.id, changed.reply_outcome) == (done, ReplyOutcome.FEEDBACK)
        assert changed.reply_answered_at == later
        assert changed.state is FollowUpState.DONE and changed.done_at == NOON, "nothing else"


def test_a_groups_counts_keep_to_its_window_its_members_and_their_privacy(
    uow: UnitOfWork,
) -> None:
    since, until = NOON, NOON + WEEK
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        pat, lee = repo.ensure_member(PAT, NOON), repo.ensure_member(ELSEWHERE, NOON)
        repo.save_member(replace(pat, privacy=Privacy.PRIVATE))
        answers = [ReplyOutcome.FEEDBACK, ReplyOutcome.REPLIED, ReplyOutcome.NONE, None]
        for index, answer in enumerate(answers):
            followup = sent_followup(repo, alex, f"Acme {index}", since + timedelta(hours=index))
            if answer is not None:
                assert repo.record_reply_outcome(followup, answer, until)
        replied = sent_followup(repo, sam, "Globex", until - timedelta(microseconds=1))
        repo.record_reply_outcome(replied, ReplyOutcome.REPLIED, until)
        sent_followup(repo, sam, "Before", since - timedelta(microseconds=1))  # before the window
        sent_followup(repo, sam, "After", until)  # the window's end is not in it
        hidden = sent_followup(repo, pat, "Private", since)  # `private`: never counted
        repo.record_reply_outcome(hidden, ReplyOutcome.REPLIED, until)
        other = sent_followup(repo, lee, "Other group", since)
        repo.record_reply_outcome(other, ReplyOutcome.FEEDBACK, until)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
    with uow() as repo:
        counts = repo.group_reply_counts(group.id, since, until)
        assert counts == ReplyCounts(sent=5, answered=4, replied=3, with_feedback=1)
        assert repo.group_reply_counts(group.id, until, until + WEEK) == ReplyCounts(sent=1)
        assert repo.group_reply_counts(group.id + 1000, since, until) == ReplyCounts()
