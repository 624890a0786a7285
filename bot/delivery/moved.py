"""Claimed posts that must not go out after all, checked just before sending: a group post for
a channel the group has moved away from (`/rebound setup` chose another between the post
being claimed and sent), an event reminder whose event was cancelled meanwhile, or whose
member no longer says they're going, and a "did they reply?" DM whose follow-up was undone
or answered meanwhile, and a goal nudge whose member asked to be forgotten or cleared their
goals meanwhile."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.jobs import Job, Target
from bot.event_records import RsvpChoice
from bot.events import reminders
from bot.goals import nudge
from bot.momentum import reply_check
from bot.ports import Repository
from bot.records import FollowUpState
from bot.values import DestinationKind


def moved_away(repo: Repository, job: Job) -> bool:
    """A group post for a channel that `/rebound setup` has since moved the group away from
    (between building the job and sending it): the chosen channel posts, this one does not."""
    where = job.message.destination
    if where.kind is not DestinationKind.CHANNEL or any(
        target.table != "occurrence" for target in job.targets
    ):
        return False
    group = repo.get_group(where.platform, where.workspace_id, where.channel_id)
    return group is not None and not group.is_group_channel


def called_off(repo: Repository, job: Job) -> bool:
    """An event reminder whose event was cancelled, or whose member stopped going, a "did
    they reply?" DM whose follow-up was undone or answered, or a goal nudge whose member is
    gone or has no goal any more, since it was claimed."""
    for work_key in job.message.work_keys:
        goal_member = nudge.member_of(work_key)
        if goal_member is not None and not _still_has_goals(repo, goal_member, job):
            return True
        if (
            reply_check.parse(work_key) is not None
            and reply_check.still_asks(repo, work_key) is None
        ):
            return True
        key = reminders.parse(work_key)
        if key is None:
            continue
        event = repo.get_event(key.event_id)
        if event is None or event.cancelled:
            return True
        if key.member_id is not None and not any(
            answer.member_id == key.member_id and answer.choice is RsvpChoice.GOING
            for answer in repo.rsvps(event.id)
        ):
            return True
    return False


def _still_has_goals(repo: Repository, member_id: int, job: Job) -> bool:
    member = repo.get_member(member_id)
    if member is None or (job.member_since is not None and member.created_at != job.member_since):
        return False  # forgotten (SQLite may already have given the id to someone new)
    return bool(repo.goals_for_member(member_id))


def cancel(repo: Repository, target: Target, now: datetime) -> None:
    """Drop a claimed group post that must not go out (see `moved_away`)."""
    repo.transition_occurrence(
        target.id,
        (FollowUpState.SENDING,),
        FollowUpState.CANCELLED,
        now,
        claimed_at=target.claimed_at,
    )
