"""How patient a due-work pass is: grace periods, leases, retries and batch sizes, in one
place so a deployment (or a test) can change them together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.records import OccurrenceKind


@dataclass(frozen=True)
class Policy:
    nudge_grace: timedelta = timedelta(hours=24)
    summary_grace: timedelta = timedelta(hours=12)
    networking_grace: timedelta = timedelta(hours=12)
    late_after: timedelta = timedelta(minutes=15)  # due longer ago than this: say we were away
    lease: timedelta = timedelta(minutes=10)  # a claim older than this was left by a dead process
    max_attempts: int = 5
    # After an unclear answer to the last attempt, how many more attempts are made, each looking
    # in the platform's history first (so a message that did arrive is not sent again).
    final_looks: int = 3
    batch: int = 50
    rate_limit_floor: timedelta = timedelta(seconds=1)  # the least a rate-limited row waits
    # A nudge refused because the member's DMs are closed is tried once more this much later
    # (then moved past their quiet hours like any nudge), in case they were closed for a moment.
    dm_retry: timedelta = timedelta(hours=4)

    def grace(self, kind: OccurrenceKind) -> timedelta:
        return self.summary_grace if kind is OccurrenceKind.SUMMARY else self.networking_grace


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes: quick enough for a blip, slow enough not to hammer an outage."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))
