"""Group posts for a channel the group has moved away from (`/rebound setup` chose another
between the post being claimed and sent): the chosen channel posts, the old one gets nothing."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.rules import Job, Target
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


def cancel(repo: Repository, target: Target, now: datetime) -> None:
    """Drop a claimed group post that must not go out (see `moved_away`)."""
    repo.transition_occurrence(
        target.id,
        (FollowUpState.SENDING,),
        FollowUpState.CANCELLED,
        now,
        claimed_at=target.claimed_at,
    )
