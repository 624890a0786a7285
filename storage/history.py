"""The repository's history side: which companies a member has named, and how they spelled them.

A mixin of `storage.repository.SqlRepository`, kept apart so that each module stays readable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ActivityRow, RejectionRow, company_key


class HistoryMethods:
    _session: Session

    def companies_for_member(self, member_id: int) -> list[str]:
        rejections = select(RejectionRow.company, RejectionRow.logged_at, RejectionRow.id).where(
            RejectionRow.member_id == member_id
        )
        activities = select(ActivityRow.company, ActivityRow.occurred_at, ActivityRow.id).where(
            ActivityRow.member_id == member_id, ActivityRow.company != ""
        )
        named: list[tuple[datetime, int, str]] = [
            (at, row_id, company) for company, at, row_id in self._session.execute(rejections)
        ]
        named += [
            (at, row_id, company) for company, at, row_id in self._session.execute(activities)
        ]
        first: dict[str, str] = {}
        for _at, _id, company in sorted(named):
            first.setdefault(company_key(company), company)
        return list(first.values())
