"""Does following up work? (issue 12 item 4): a week after a follow-up is marked sent, one DM
asks whether the employer replied; its buttons keep the answer, privately, and can change it.

Run on the in-memory fake and SQLite, through the core and the due-work pass a member's
messages really take.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.commands import checkins, undo
from bot.commands.account import FORGET_CONFIRM
from bot.core import Core
from bot.delivery import nudges
from bot.delivery.due import DueWork, run_due_pass
from bot.delivery.report import PassReport
from bot.momentum import reply_check
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpState, Occurrence, OccurrenceKind, ReplyOutcome
from bot.values import (
    Actor,
    ButtonPress,
    DestinationKind,
    DraftSubmitted,
    Outbound,
    SlashCommand,
)
from tests.helpers import RecordingMessenger, actor, at, buttons, slash, text

MARKED = at("2026-12-01T12:00:00+00:00")  # a Tuesday
WEEK = timedelta(days=7)
LABELS = ["Replied with feedback", "Replied", "No reply yet"]


def reply_dms(platform: RecordingMessenger) -> list[Outbound]:
    return [m for m in platform.sent if any(k.startswith("reply:") for k in m.work_keys)]


def mark_first_sent(core: Core, when: datetime, who: str = "Alex") -> int:
    """`/rejected Acme`, then "I sent it" on its thank-you note, at `when`; the follow-up's id."""
    core.handle(slash("rejected", "Acme Corp role: Analyst", who), when - timedelta(minutes=5))
    (listing,) = core.handle(slash("followups", "", who), when)
    done = next(b for b in buttons(listing) if b.action_id == nudges.DONE)
    (answer,) = core.handle(ButtonPress(actor(who), done.action_id, done.value), when)
    assert "marked as sent" in text(answer)
    return int(done.value.split(":")[0])


def followup_of(uow: UnitOfWork, followup_id: int) -> FollowUp | None:
    with uow() as repo:
        return repo.get_followup(followup_id)


def outcome_of(uow: UnitOfWork, followup_id: int) -> ReplyOutcome | None:
    found = followup_of(uow, followup_id)
    assert found is not None
    return found.reply_outcome


def reply_rows(uow: UnitOfWork) -> list[Occurrence]:
    with uow() as repo:
        return [
            o
            for group in repo.groups()
            for o in repo.occurrences_for_group(group.id)  # type: ignore[attr-defined]
            if o.kind is OccurrenceKind.REPLY_CHECK
        ]


async def passes(work: DueWork, platform: RecordingMessenger, *moments: datetime) -> None:
    for moment in moments:
        await run_due_pass(work, platform.route, moment)


async def test_marking_sent_plans_one_dm_a_week_later_and_a_second_pass_sends_nothing(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    followup_id = mark_first_sent(core, MARKED)
    (row,) = reply_rows(uow)
    assert row.due_at == MARKED + WEEK and row.state is FollowUpState.PENDING
    platform = RecordingMessenger()
    await passes(work, platform, MARKED + WEEK - timedelta(minutes=1))
    assert reply_dms(platform) == [], "not before the week is up"
    await passes(work, platform, MARKED + WEEK, MARKED + WEEK + timedelta(hours=1))
    await passes(work, platform, MARKED + 2 * WEEK, MARKED + 5 * WEEK)
    (dm,) = reply_dms(platform)
    assert dm.destination.kind is DestinationKind.DM and dm.destination.user_id == "alex"
    assert dm.due_at is not None and dm.due_at.at == MARKED + WEEK
    words = text(dm)
    assert "A week ago you sent your thank-you note to Acme Corp. Did they reply?" in words
    assert [b.label for b in buttons(dm)] == LABELS
    assert {b.value for b in buttons(dm)} == {str(followup_id)}
    (row,) = reply_rows(uow)
    assert row.state is FollowUpState.SENT


async def test_the_draft_editor_plans_it_too_and_only_once(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    core.handle(slash("rejected", "Globex"), MARKED - timedelta(minutes=5))
    (listing,) = core.handle(slash("followups"), MARKED)
    done = next(b for b in buttons(listing) if b.action_id == nudges.DONE)
    submitted = DraftSubmitted(actor(), done.value, "Thanks", "Thank you for your time.")
    core.handle(submitted, MARKED)
    core.handle(submitted, MARKED + timedelta(minutes=1))  # submitted twice: refused, no new row
    core.handle(ButtonPress(actor(), done.action_id, done.value), MARKED + timedelta(minutes=2))
    assert len(reply_rows(uow)) == 1
    platform = RecordingMessenger()
    await passes(work, platform, MARKED + WEEK, MARKED + WEEK + timedelta(minutes=2))
    (dm,) = reply_dms(platform)
    assert "thank-you note to Globex" in text(dm)


async def test_quiet_hours_and_a_skipped_weekend_hold_it(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    core.handle(slash("rebound", "quiet 11:00-15:00"), MARKED - timedelta(days=1))
    mark_first_sent(core, MARKED)
    platform = RecordingMessenger()
    report = PassReport()
    await run_due_pass(work, platform.route, MARKED + WEEK, report)
    assert reply_dms(platform) == [] and report.deferred_reminders == 1
    await passes(work, platform, MARKED + WEEK + timedelta(hours=2, minutes=59))
    assert reply_dms(platform) == []
    await passes(work, platform, MARKED + WEEK + timedelta(hours=3))
    (dm,) = reply_dms(platform)
    assert dm.due_at is not None and dm.due_at.at == MARKED + WEEK + timedelta(hours=3)

    saturday = at("2026-12-05T10:00:00+00:00")
    core.handle(slash("rebound", "weekends skip", "Sam"), saturday - timedelta(days=1))
    core.handle(slash("rebound", "quiet off", "Sam"), saturday - timedelta(days=1))
    mark_first_sent(core, saturday, "Sam")
    await passes(work, platform, saturday + WEEK, saturday + WEEK + timedelta(days=1))
    assert [m.destination.user_id for m in reply_dms(platform)] == ["alex"], "not on a weekend"
    await passes(work, platform, saturday + WEEK + timedelta(days=2))
    assert [m.destination.user_id for m in reply_dms(platform)] == ["alex", "sam"], "Monday"


async def test_each_button_keeps_the_answer_privately_and_can_change_it(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    followup_id = mark_first_sent(core, MARKED)
    platform = RecordingMessenger()
    await passes(work, platform, MARKED + WEEK)
    (dm,) = reply_dms(platform)
    feedback, replied, none = buttons(dm)
    later = MARKED + WEEK + timedelta(hours=1)

    (said,) = core.handle(ButtonPress(actor(), none.action_id, none.value), later)
    assert said.destination.kind is DestinationKind.EPHEMERAL
    assert "No reply yet is common" in text(said)
    assert outcome_of(uow, followup_id) is ReplyOutcome.NONE

    (said,) = core.handle(ButtonPress(actor(), replied.action_id, replied.value), later + WEEK)
    assert "Good to hear: Acme Corp replied." in text(said)
    assert outcome_of(uow, followup_id) is ReplyOutcome.REPLIED
    changed = followup_of(uow, followup_id)
    assert changed is not None and changed.reply_answered_at == later + WEEK

    (said,) = core.handle(ButtonPress(actor(), feedback.action_id, feedback.value), later + WEEK)
    assert "`/feedback Acme Corp: …`" in text(said), "suggests saving what they said"
    assert outcome_of(uow, followup_id) is ReplyOutcome.FEEDBACK

    (theirs,) = core.handle(ButtonPress(actor("Sam"), none.action_id, none.value), later + WEEK)
    assert "someone else's" in text(theirs)
    assert outcome_of(uow, followup_id) is ReplyOutcome.FEEDBACK
    (stale,) = core.handle(ButtonPress(actor(), none.action_id, "99999"), later)
    assert "no longer exists" in text(stale)
    await passes(work, platform, later + 2 * WEEK)
    assert len(reply_dms(platform)) == 1, "answering sends nothing more"


async def test_answered_already_undone_or_forgotten_means_no_dm(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    answered = mark_first_sent(core, MARKED, "Alex")
    core.handle(ButtonPress(actor("Alex"), reply_check.REPLIED, str(answered)), MARKED)
    undone = mark_first_sent(core, MARKED, "Sam")
    with uow() as repo:
        followup = repo.get_followup(undone)
        assert followup is not None
        rejection_id = str(followup.rejection_id)
    (asked,) = core.handle(ButtonPress(actor("Sam"), checkins.UNDO, rejection_id), MARKED)
    yes = next(b for b in buttons(asked) if b.action_id == undo.CONFIRM)
    core.handle(ButtonPress(actor("Sam"), yes.action_id, yes.value), MARKED)
    assert followup_of(uow, undone) is None
    mark_first_sent(core, MARKED + timedelta(minutes=1), "Cory")  # SQLite: Sam's ids again
    (ask,) = core.handle(slash("rebound", "forget", "Cory"), MARKED)
    forget = next(b for b in buttons(ask) if b.action_id == FORGET_CONFIRM)
    (gone,) = core.handle(ButtonPress(actor("Cory"), forget.action_id, forget.value), MARKED)
    assert gone.erasure is not None
    platform = RecordingMessenger()
    await passes(work, platform, MARKED + WEEK, MARKED + WEEK + timedelta(hours=1))
    assert reply_dms(platform) == []
    assert [row.state for row in reply_rows(uow)] == [FollowUpState.CANCELLED] * 3


async def test_a_week_past_its_time_it_is_missed_and_a_member_without_a_group_gets_none(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    mark_first_sent(core, MARKED)
    platform = RecordingMessenger()
    report = PassReport()
    await run_due_pass(work, platform.route, MARKED + 2 * WEEK + timedelta(minutes=1), report)
    assert reply_dms(platform) == [] and report.missed["reply_check"] == 1
    (row,) = reply_rows(uow)
    assert row.state is FollowUpState.MISSED

    loner = Actor("console", "T9", "lee", "Lee", "", "")  # only ever wrote in DMs
    core.handle(SlashCommand(loner, "rejected", "Initech"), MARKED)
    (listing,) = core.handle(SlashCommand(loner, "followups", ""), MARKED)
    done = next(b for b in buttons(listing) if b.action_id == nudges.DONE)
    (answer,) = core.handle(ButtonPress(loner, done.action_id, done.value), MARKED)
    assert "marked as sent" in text(answer) and "reply" not in text(answer), "promises no DM"
    await passes(work, platform, MARKED + WEEK, MARKED + WEEK + timedelta(hours=1))
    assert reply_dms(platform) == [] and len(reply_rows(uow)) == 1


async def test_undone_while_it_is_on_its_way_it_is_not_sent_and_two_passes_send_it_once(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    followup_id = mark_first_sent(core, MARKED)
    due = MARKED + WEEK
    jobs, _ = work.claim(due, {"console"})
    (job,) = [j for j in jobs if j.message.work_keys[0].startswith("reply:")]
    with uow() as repo:
        followup = repo.get_followup(followup_id)
        assert followup is not None
        rejection_id = str(followup.rejection_id)
    (asked,) = core.handle(ButtonPress(actor(), checkins.UNDO, rejection_id), due)
    yes = next(b for b in buttons(asked) if b.action_id == undo.CONFIRM)
    core.handle(ButtonPress(actor(), yes.action_id, yes.value), due)
    assert work.renew(job, due) is None, "checked again just before sending"
    assert [row.state for row in reply_rows(uow)] == [FollowUpState.CANCELLED]

    sam = mark_first_sent(core, MARKED + timedelta(minutes=1), "Sam")  # SQLite: Alex's ids
    platform = RecordingMessenger()
    later = due + timedelta(minutes=1)
    await passes(work, platform, later, later)  # two replicas, one after the other
    (dm,) = reply_dms(platform)
    assert dm.destination.user_id == "sam" and buttons(dm)[0].value == str(sam)
