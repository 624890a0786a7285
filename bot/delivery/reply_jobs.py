"""Jobs for claimed "did they reply?" DMs (`bot.momentum.reply_check`), decided when they go
out: a follow-up undone or forgotten since, or already answered, gets nothing; otherwise one DM
after the member's quiet hours and skipped weekend, and none at all a week past its time."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.dm_jobs import dm_job
from bot.delivery.jobs import Job, while_claimed
from bot.delivery.report import PassReport
from bot.goals.home import zone_of
from bot.momentum import reply_check
from bot.ports import Repository
from bot.records import FollowUpState, Occurrence
from bot.rhythm.posts import scheduled

MISSED = "I was offline for more than a week after it was due"


def reply_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    occurrence: Occurrence,
    report: PassReport,
    *,
    recovered: bool,
) -> list[Job]:
    move = while_claimed(repo, occurrence)
    followup = reply_check.still_asks(repo, occurrence.key)
    member = repo.get_member(followup.member_id) if followup is not None else None
    if followup is None or member is None:
        move(FollowUpState.CANCELLED, now)  # undone, forgotten, or answered already
        return []
    late = now - scheduled(occurrence) > reply_check.GRACE
    if late and not recovered:
        move(FollowUpState.MISSED, now, error=MISSED)
        report.missed[occurrence.kind.value] += 1
        return []
    tz, _ = zone_of(repo, member, default_tz)
    return dm_job(
        repo, occurrence, member, tz, now, report,
        lambda: reply_check.message(occurrence, member, followup, tz),
        recovered=recovered, late=late, skip_weekends=member.skip_weekends,
    )  # fmt: skip
