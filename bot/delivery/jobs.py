"""What one delivery attempt is: a message and the claimed rows it delivers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Literal

from bot.ports import Repository
from bot.records import FollowUpState, Occurrence
from bot.values import Outbound


@dataclass(frozen=True)
class Target:
    table: Literal["followup", "occurrence"]
    id: int
    attempts: int
    claimed_at: datetime  # the row's `updated_at` while our claim holds: the fencing token
    # A refusal for closed DMs is final: the nudge had its second try, or its member was
    # already unreachable when it came due (see `bot.delivery.unreachable`).
    last_dm_try: bool = False
    # What the row is (`bot.delivery.report.KINDS`: "nudge", or its occurrence kind), so a pass
    # counts what it delivered, missed or gave up on by kind, for the operator's metrics.
    kind: str = field(kw_only=True)


@dataclass(frozen=True)
class Job:
    message: Outbound
    targets: tuple[Target, ...]
    recovered: bool = False  # an earlier attempt may have arrived: look before sending
    member_id: int | None = None
    # When the member was first stored: ids can be reused (SQLite), so this tells whether the
    # member with `member_id` is still the one the message was for.
    member_since: datetime | None = None
    expired: bool = False  # past its grace: only recorded as sent if the platform shows it


def while_claimed(repo: Repository, occurrence: Occurrence) -> Callable[..., bool]:
    """A state change for a claimed occurrence that applies only while our claim holds."""
    return partial(
        repo.transition_occurrence,
        occurrence.id,
        (FollowUpState.SENDING,),
        claimed_at=occurrence.updated_at,
    )
