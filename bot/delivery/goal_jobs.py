"""Jobs for claimed mid-week goal nudges (`bot.goals.nudge`), decided when they go out: a
member on track by then gets nothing, and one still behind gets one DM after quiet hours."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.dm_jobs import dm_job
from bot.delivery.jobs import Job, while_claimed
from bot.delivery.report import PassReport
from bot.goals import nudge
from bot.goals.home import zone_of
from bot.goals.progress import local_week
from bot.ports import Repository
from bot.records import FollowUpState, Occurrence
from bot.rhythm.posts import scheduled

ON_TRACK = "on track by mid-week: nothing to say"
MISSED = "I was offline until the week ended"


def goal_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    occurrence: Occurrence,
    report: PassReport,
    *,
    recovered: bool,
) -> list[Job]:
    move = while_claimed(repo, occurrence)
    member_id = nudge.member_of(occurrence.key)
    member = repo.get_member(member_id) if member_id is not None else None
    if member is None or member.created_at > scheduled(occurrence):
        move(FollowUpState.CANCELLED, now)  # forgotten (the id may be someone new's)
        return []
    tz, _ = zone_of(repo, member, default_tz)
    late = now >= local_week(scheduled(occurrence), tz)[1]
    if late and not recovered:
        move(FollowUpState.MISSED, now, error=MISSED)
        report.missed[occurrence.kind.value] += 1
        return []
    behind = nudge.behind(repo, member, occurrence, tz, now)
    if not behind:
        move(FollowUpState.CANCELLED, now, error=ON_TRACK)
        return []
    return dm_job(
        repo, occurrence, member, tz, now, report,
        lambda: nudge.message(occurrence, member, tz, behind),
        recovered=recovered, late=late, skip_weekends=member.skip_weekends,
    )  # fmt: skip
