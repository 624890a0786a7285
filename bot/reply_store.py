"""The repository port's reply side: what members say came of the follow-ups they sent.

Part of `bot.ports.Repository`; `storage.replies` implements it. A member's own figures are read
from `followups_for_member`; a group's are counted here in one statement, however many members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.records import ReplyOutcome


@dataclass(frozen=True)
class ReplyCounts:
    """Follow-ups marked sent, and what their members said came of them."""

    sent: int = 0
    answered: int = 0  # the member answered "did they reply?" (any answer)
    replied: int = 0  # they replied, with feedback or without
    with_feedback: int = 0


class ReplyStore(Protocol):
    def record_reply_outcome(self, followup_id: int, outcome: ReplyOutcome, now: datetime) -> bool:
        """Keep the member's answer on a follow-up marked sent (DONE), replacing an earlier
        one, with `now` as when they answered. False (and nothing changes) when the follow-up
        is gone or was never marked sent."""
        ...

    def group_reply_counts(self, group_id: int, since: datetime, until: datetime) -> ReplyCounts:
        """Follow-ups of the group's rejections marked sent in [since, until), with what their
        members answered, leaving out members whose privacy is `private`."""
        ...
