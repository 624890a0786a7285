"""The repository's reply side (`bot.reply_store`): what members say came of their follow-ups.

A mixin of `storage.repository.SqlRepository`; the group's counts are one statement.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.records import FollowUpState, Privacy, ReplyOutcome
from bot.reply_store import ReplyCounts
from storage import claims
from storage.models import FollowUpRow, MemberRow, RejectionRow

_DONE = FollowUpState.DONE.value
_REPLIED = (ReplyOutcome.REPLIED.value, ReplyOutcome.FEEDBACK.value)


class ReplyMethods:
    _session: Session

    def record_reply_outcome(self, followup_id: int, outcome: ReplyOutcome, now: datetime) -> bool:
        statement = (
            update(FollowUpRow)
            .where(FollowUpRow.id == followup_id, FollowUpRow.state == _DONE)
            .values(reply_outcome=outcome.value, reply_answered_at=now)
        )
        return claims.rowcount(self._session, statement) == 1

    def group_reply_counts(self, group_id: int, since: datetime, until: datetime) -> ReplyCounts:
        outcome = FollowUpRow.reply_outcome
        query = (
            select(
                func.count(),
                func.count(outcome),
                func.count().filter(outcome.in_(_REPLIED)),
                func.count().filter(outcome == ReplyOutcome.FEEDBACK.value),
            )
            .select_from(FollowUpRow)
            .join(RejectionRow, FollowUpRow.rejection_id == RejectionRow.id)
            .join(MemberRow, FollowUpRow.member_id == MemberRow.id)
            .where(
                RejectionRow.group_id == group_id,
                FollowUpRow.state == _DONE,
                FollowUpRow.done_at >= since,
                FollowUpRow.done_at < until,
                MemberRow.privacy != Privacy.PRIVATE.value,
            )
        )
        sent, answered, replied, with_feedback = self._session.execute(query).one()
        return ReplyCounts(sent, answered, replied, with_feedback)
