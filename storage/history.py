"""The repository's history side: what a member logged (rejections and activities), and which
companies they named, spelled as they first did.

A mixin of `storage.repository.SqlRepository`, kept apart so that each module stays readable.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    Integer,
    Select,
    String,
    Table,
    bindparam,
    delete,
    insert,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from bot.records import Activity, ActivityKind, Rejection, Stage
from storage import claims, step_weeks
from storage.models import ActivityRow, FollowUpRow, MemberRow, RejectionRow, company_key


class HistoryMethods:
    _session: Session
    _added_rejections: dict[int, tuple[str, str, str]]  # see `FollowUpMethods.add_followup`

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

    def first_spelling(self, member_id: int, company: str) -> str | None:
        """One read by the (member, company key, time) indexes of rejections and activities,
        however long the member's history is (issue 13)."""
        return self._session.scalar(
            _FIRST_SPELLING, {"member": member_id, "key": company_key(company)}
        )

    # --- rejections -----------------------------------------------------------------------

    def add_rejection(
        self,
        member_id: int,
        company: str,
        role: str,
        note: str,
        logged_at: datetime,
        stage: Stage | None = None,
    ) -> Rejection:
        # One INSERT, its group taken from the member's row inside it, and no ORM flush: the
        # record is made from what was written (issue 13: `/rejected` is the hot path).
        stage_value = stage.value if stage else ""
        values = {
            "member_id": member_id,
            "home_of": member_id,
            "company": company,
            "company_key": company_key(company),
            "role": role,
            "note": note,
            "logged_at": logged_at,
            "stage": stage_value,
        }
        row_id = self._session.execute(_ADD_REJECTION, values).scalar_one()
        step_weeks.record(self._session, RejectionRow, row_id)
        self._added_rejections[row_id] = (company, role, stage_value)
        return Rejection(row_id, member_id, company, role, note, logged_at, stage)

    def get_rejection(self, rejection_id: int) -> Rejection | None:
        row = self._one(select(RejectionRow).where(RejectionRow.id == rejection_id))
        return None if row is None else _rejection(row)

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime, role: str | None = None
    ) -> Rejection | None:
        rows = self._session.scalars(
            _RECENT_REJECTIONS,
            {"member": member_id, "key": company_key(company), "since": since},
        )
        # Roles compare in Python: casefold() is Unicode-aware, SQLite's lower() is ASCII only.
        wanted = None if role is None else role.strip().casefold()
        for row in rows:
            if wanted is None or row.role.strip().casefold() == wanted:
                return _rejection(row)
        return None

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        rows = self._session.scalars(
            select(RejectionRow)
            .where(RejectionRow.member_id == member_id)
            .order_by(RejectionRow.logged_at.desc(), RejectionRow.id.desc())
            .execution_options(populate_existing=True)
        )
        return [_rejection(row) for row in rows]

    def delete_rejection(self, rejection_id: int) -> None:
        linked = ActivityRow.rejection_id == rejection_id
        feedback = ActivityRow.kind == ActivityKind.FEEDBACK.value
        claims.rowcount(
            self._session, update(ActivityRow).where(linked, feedback).values(rejection_id=None)
        )
        claims.rowcount(self._session, delete(ActivityRow).where(linked))
        claims.rowcount(
            self._session, delete(FollowUpRow).where(FollowUpRow.rejection_id == rejection_id)
        )
        gone = delete(RejectionRow).where(RejectionRow.id == rejection_id)
        member_id = claims.execute(self._session, gone.returning(RejectionRow.member_id)).scalar()
        if member_id is not None:  # their weeks lose the rejection and its linked steps
            step_weeks.rebuild(self._session, lambda table: table.member_id == member_id)

    # --- activities -----------------------------------------------------------------------

    def add_activity(
        self,
        member_id: int,
        kind: ActivityKind,
        detail: str,
        occurred_at: datetime,
        rejection_id: int | None = None,
        company: str = "",
    ) -> Activity:
        row = ActivityRow(
            member_id=member_id,
            group_id=self._home_group_id(member_id),
            kind=kind.value,
            detail=detail,
            rejection_id=rejection_id,
            occurred_at=occurred_at,
            company=company,
            company_key=company_key(company) if company else "",
        )
        self._session.add(row)
        self._session.flush()
        step_weeks.record(self._session, ActivityRow, row.id)
        return _activity(row)

    def activities_for_member(self, member_id: int) -> list[Activity]:
        rows = self._session.scalars(
            select(ActivityRow)
            .where(ActivityRow.member_id == member_id)
            .order_by(ActivityRow.occurred_at, ActivityRow.id)
            .execution_options(populate_existing=True)
        )
        return [_activity(row) for row in rows]

    def delete_activity(self, member_id: int, activity_id: int) -> Activity | None:
        row = self._session.scalars(
            select(ActivityRow)
            .where(ActivityRow.id == activity_id, ActivityRow.member_id == member_id)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if row is None:
            return None
        removed = _activity(row)
        deleted = claims.rowcount(
            self._session,
            delete(ActivityRow).where(
                ActivityRow.id == activity_id, ActivityRow.member_id == member_id
            ),
        )
        if not deleted:  # two presses at once: only the one whose DELETE removed it reports it
            return None
        step_weeks.rebuild(self._session, lambda table: table.member_id == member_id)
        return removed

    # --- helpers --------------------------------------------------------------------------

    def _home_group_id(self, member_id: int) -> int | None:
        """The group a rejection or activity counts towards: the ports do not pass the channel."""
        query = select(MemberRow.home_group_id).where(MemberRow.id == member_id)
        return self._session.scalar(query)

    def _one(self, query: Select[RejectionRow]) -> RejectionRow | None:
        return self._session.scalars(query.execution_options(populate_existing=True)).one_or_none()


# The statements of a `/rejected`, built once with their values as parameters: building one
# anew (its clauses, then its cache key) cost more CPU than running it (issue 13).
def _first_spelling() -> Select[str]:
    member, key = bindparam("member", type_=Integer), bindparam("key", type_=String)
    rejections = select(
        RejectionRow.company, RejectionRow.logged_at.label("at"), RejectionRow.id
    ).where(RejectionRow.member_id == member, RejectionRow.company_key == key)
    activities = select(ActivityRow.company, ActivityRow.occurred_at, ActivityRow.id).where(
        ActivityRow.member_id == member, ActivityRow.company_key == key, ActivityRow.company != ""
    )
    both = union_all(rejections, activities).subquery()
    return select(both.c.company).order_by(both.c.at, both.c.id).limit(1)


_FIRST_SPELLING = _first_spelling()
# On the table, not the ORM class, which would read the parameters as rows to insert. The
# member's group is read inside the INSERT; "home_of" is the member's id again.
_REJECTIONS = cast(Table, RejectionRow.__table__)
_ADD_REJECTION = (
    insert(_REJECTIONS)
    .values(
        group_id=select(MemberRow.home_group_id)
        .where(MemberRow.id == bindparam("home_of"))
        .scalar_subquery()
    )
    .returning(_REJECTIONS.c.id)
)
_RECENT_REJECTIONS = (
    select(RejectionRow)
    .where(
        RejectionRow.member_id == bindparam("member"),
        RejectionRow.company_key == bindparam("key"),
        RejectionRow.logged_at >= bindparam("since"),
    )
    .order_by(RejectionRow.logged_at.desc(), RejectionRow.id.desc())
    .execution_options(populate_existing=True)
)


def _rejection(row: RejectionRow) -> Rejection:
    stage = Stage(row.stage) if row.stage else None
    return Rejection(row.id, row.member_id, row.company, row.role, row.note, row.logged_at, stage)


def _activity(row: ActivityRow) -> Activity:
    return Activity(
        row.id,
        row.member_id,
        ActivityKind(row.kind),
        row.detail,
        row.rejection_id,
        row.occurred_at,
        row.company,
    )
