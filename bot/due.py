"""The due-work pass: claim what is due, turn it into messages, deliver, record the outcome.

The scheduler, `rebound tick` and the console's time travel all call `run_due_pass`, so the
path a nudge takes in a rehearsal is the path it takes in production. Database calls run in a
worker thread so the event loop shared with the platforms never waits on the database.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import nudges, timezones
from bot.ports import Delivery, Messenger, Repository, UnitOfWork
from bot.records import WAITING_STATES, FollowUp, FollowUpState
from bot.values import Outbound

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 100


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes: quick enough for a blip, slow enough not to hammer an outage."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


@dataclass(frozen=True)
class Claimed:
    followup_id: int
    attempts: int
    message: Outbound


class DueWork:
    def __init__(self, uow: UnitOfWork, default_timezone: str = "UTC") -> None:
        self._uow = uow
        self._default_timezone = default_timezone

    def claim(self, now: datetime, limit: int = BATCH) -> list[Claimed]:
        """Atomically take due follow-ups; a follow-up another process took first is skipped."""
        with self._uow() as repo:
            candidates = repo.due_followups(now, limit)
        claimed: list[Claimed] = []
        for followup in candidates:
            with self._uow() as repo:
                if not repo.transition_followup(
                    followup.id, WAITING_STATES, FollowUpState.SENDING, now
                ):
                    continue
                message = self._nudge(repo, followup)
            if message is not None:
                claimed.append(Claimed(followup.id, followup.attempts + 1, message))
        return claimed

    def _nudge(self, repo: Repository, followup: FollowUp) -> Outbound | None:
        member = repo.get_member(followup.member_id)
        if member is None:
            return None
        group = repo.get_group(member.platform, member.workspace_id, member.home_channel_id)
        group_tz = group.timezone if group and group.timezone else self._default_timezone
        return nudges.nudge(followup, member, timezones.effective(member.timezone, group_tz))

    def record(self, item: Claimed, delivery: Delivery, now: datetime) -> None:
        with self._uow() as repo:
            if delivery.ok:
                repo.transition_followup(
                    item.followup_id, (FollowUpState.SENDING,), FollowUpState.SENT, now
                )
            elif delivery.permanent or item.attempts >= MAX_ATTEMPTS:
                repo.transition_followup(
                    item.followup_id,
                    (FollowUpState.SENDING,),
                    FollowUpState.FAILED,
                    now,
                    error=delivery.error or "delivery failed",
                )
            else:
                repo.transition_followup(
                    item.followup_id,
                    (FollowUpState.SENDING,),
                    FollowUpState.PENDING,
                    now,
                    due_at=now + retry_delay(item.attempts),
                    error=delivery.error,
                )

    def next_due_at(self) -> datetime | None:
        with self._uow() as repo:
            return repo.next_due_at()


Route = Callable[[str], Messenger | None]
"""Which messenger delivers to a platform; None when that platform is not connected."""


async def run_due_pass(work: DueWork, route: Route, now: datetime) -> list[Outbound]:
    """Deliver everything due at `now`; return what reached its recipient."""
    delivered: list[Outbound] = []
    claimed = await asyncio.to_thread(work.claim, now)
    for item in claimed:
        messenger = route(item.message.destination.platform)
        if messenger is None:
            delivery = Delivery(ok=False, error="that platform is not connected", permanent=True)
        else:
            try:
                delivery = await messenger.send(item.message)
            except Exception as error:  # a platform failure must not lose the claimed item
                log.exception("delivery raised", extra={"work_key": item.message.work_key})
                delivery = Delivery(ok=False, error=type(error).__name__)
        await asyncio.to_thread(work.record, item, delivery, now)
        log.info(
            "delivery",
            extra={"work_key": item.message.work_key, "ok": delivery.ok, "error": delivery.error},
        )
        if delivery.ok:
            delivered.append(item.message)
    return delivered
