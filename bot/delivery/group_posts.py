"""Jobs for claimed group posts: the weekly rhythm, the closed-DM mention, and an event's
reminders (`bot.delivery.event_jobs`), each checked against what is true when it goes out; and
the DMs stored with them (goal nudges, "did they reply?"), decided in their own modules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.commands.menu import Menu
from bot.delivery import event_jobs, goal_jobs, reply_jobs, unreachable
from bot.delivery.jobs import Job, Target, while_claimed
from bot.delivery.policy import Policy
from bot.delivery.report import PassReport
from bot.momentum.post import group_chart, summary_post
from bot.ports import Repository
from bot.records import FollowUpState, Occurrence, OccurrenceKind
from bot.rhythm import posts
from bot.timezones import effective

MISSED_POST = "I was offline when this was due"
CANCELLED = FollowUpState.CANCELLED


def post_jobs(
    repo: Repository,
    now: datetime,
    default_tz: str,
    policy: Policy,
    occurrence: Occurrence,
    report: PassReport,
    *,
    recovered: bool,
    menus: Mapping[str, Menu] | None = None,
) -> list[Job]:
    ours = occurrence.updated_at
    move = while_claimed(repo, occurrence)
    group = repo.get_group_by_id(occurrence.group_id)
    if group is None:
        move(CANCELLED, now)
        return []
    menu = (menus or {}).get(group.platform)
    if occurrence.kind is OccurrenceKind.GOAL_NUDGE:
        return goal_jobs.goal_jobs(repo, now, default_tz, occurrence, report, recovered=recovered)
    if occurrence.kind is OccurrenceKind.REPLY_CHECK:
        return reply_jobs.reply_jobs(repo, now, default_tz, occurrence, report, recovered=recovered)
    if occurrence.kind in event_jobs.KINDS:
        return event_jobs.event_jobs(
            repo, now, default_tz, policy, occurrence, report, recovered=recovered, menu=menu
        )
    expired = now - occurrence.due_at > policy.grace(occurrence.kind)
    if expired and not recovered:
        move(FollowUpState.MISSED, now, error=MISSED_POST)
        report.missed[occurrence.kind.value] += 1
        return []
    if occurrence.kind is OccurrenceKind.DMS_CLOSED:
        mention = unreachable.mention(repo, occurrence, menu)
        if mention is None:
            move(CANCELLED, now)
            return []
        # It may have gone out before (an unclear answer, a crash): look before posting again.
        target = Target(
            "occurrence", occurrence.id, occurrence.attempts, ours, kind=occurrence.kind.value
        )
        return [Job(mention, (target,), recovered=recovered, expired=expired)]
    if not group.is_group_channel:  # planned before `/rebound setup` chose another channel
        move(CANCELLED, now)
        return []
    tz = effective(group.timezone, default_tz)
    if occurrence.kind is OccurrenceKind.SUMMARY:
        message = summary_post(repo, occurrence, group, tz, group_chart)
    else:
        shared = repo.group_shared_steps(group.id, *posts.networking_week(occurrence, tz))
        start = posts.scheduled(occurrence)
        events = repo.events_between(group.id, start, start + posts.EVENTS_AHEAD)
        message = posts.build(occurrence, group, tz, shared, menu, tuple(events))
    target = Target(
        "occurrence", occurrence.id, occurrence.attempts, ours, kind=occurrence.kind.value
    )
    return [Job(message, (target,), recovered=recovered, expired=expired)]
