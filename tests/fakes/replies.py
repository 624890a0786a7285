"""The fake repository's reply side (as `storage.replies`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.records import FollowUpState, Privacy, ReplyOutcome
from bot.reply_store import ReplyCounts
from tests.fakes.tables import Tables, instant

_REPLIED = {ReplyOutcome.REPLIED.value, ReplyOutcome.FEEDBACK.value}


class ReplyMethods:
    _tables: Tables

    def record_reply_outcome(self, followup_id: int, outcome: ReplyOutcome, now: datetime) -> bool:
        row = self._tables.followups.get(followup_id)
        if row is None or row.state != FollowUpState.DONE.value:
            return False
        moved = replace(row, reply_outcome=outcome.value, reply_answered_at=instant(now))
        self._tables.followups[row.id] = moved
        return True

    def group_reply_counts(self, group_id: int, since: datetime, until: datetime) -> ReplyCounts:
        tables = self._tables
        start, end = instant(since), instant(until)
        outcomes = [
            row.reply_outcome
            for row in tables.followups.values()
            if row.state == FollowUpState.DONE.value
            and row.done_at is not None
            and start <= row.done_at < end
            and row.rejection_id in tables.rejections
            and tables.rejections[row.rejection_id].group_id == group_id
            and tables.members[row.member_id].privacy != Privacy.PRIVATE
        ]
        return ReplyCounts(
            sent=len(outcomes),
            answered=sum(1 for o in outcomes if o is not None),
            replied=sum(1 for o in outcomes if o in _REPLIED),
            with_feedback=sum(1 for o in outcomes if o == ReplyOutcome.FEEDBACK.value),
        )
