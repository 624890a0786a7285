"""The fake repository's history: rejections and activities, what a group did, and deleting a
member's data (as `storage.history`, the counting half of `storage.rhythm`, and
`storage.repository.delete_member_data`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.records import (
    SHARED_KINDS,
    Activity,
    ActivityKind,
    Privacy,
    Rejection,
    SharedStep,
    Stage,
)
from tests.fakes.tables import ActivityRow, RejectionRow, Tables, company_key, instant


class HistoryMethods:
    _tables: Tables

    def companies_for_member(self, member_id: int) -> list[str]:
        named = [
            (row.logged_at, row.id, row.company)
            for row in self._tables.rejections.values()
            if row.member_id == member_id
        ]
        named += [
            (row.occurred_at, row.id, row.company)
            for row in self._tables.activities.values()
            if row.member_id == member_id and row.company != ""
        ]
        first: dict[str, str] = {}
        for _at, _id, company in sorted(named):
            first.setdefault(company_key(company), company)
        return list(first.values())

    def first_spelling(self, member_id: int, company: str) -> str | None:
        named = [
            (row.logged_at, row.id, row.company)
            for row in self._tables.rejections.values()
            if row.member_id == member_id and company_key(row.company) == company_key(company)
        ]
        named += [
            (row.occurred_at, row.id, row.company)
            for row in self._tables.activities.values()
            if row.member_id == member_id
            and row.company != ""
            and company_key(row.company) == company_key(company)
        ]
        return min(named)[2] if named else None

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
        row = RejectionRow(
            id=self._tables.next_id("rejections"),
            member_id=self._existing_member(member_id),
            group_id=self._home_group_id(member_id),
            company=company,
            role=role,
            note=note,
            logged_at=instant(logged_at),
            stage=stage.value if stage else "",
        )
        self._tables.rejections[row.id] = row
        return _rejection(row)

    def get_rejection(self, rejection_id: int) -> Rejection | None:
        row = self._tables.rejections.get(rejection_id)
        return None if row is None else _rejection(row)

    def find_recent_rejection(
        self, member_id: int, company: str, since: datetime, role: str | None = None
    ) -> Rejection | None:
        wanted = None if role is None else role.strip().casefold()
        for row in self._newest_rejections(member_id):
            if company_key(row.company) != company_key(company) or row.logged_at < since:
                continue
            if wanted is None or row.role.strip().casefold() == wanted:
                return _rejection(row)
        return None

    def rejections_for_member(self, member_id: int) -> list[Rejection]:
        return [_rejection(row) for row in self._newest_rejections(member_id)]

    def delete_rejection(self, rejection_id: int) -> None:
        tables = self._tables
        for row in list(tables.activities.values()):
            if row.rejection_id != rejection_id:
                continue
            if row.kind == ActivityKind.FEEDBACK.value:
                tables.activities[row.id] = replace(row, rejection_id=None)  # theirs to keep
            else:
                del tables.activities[row.id]
        for followup in list(tables.followups.values()):
            if followup.rejection_id == rejection_id:
                del tables.followups[followup.id]
        tables.rejections.pop(rejection_id, None)

    def delete_member_data(self, member_id: int) -> int:
        tables = self._tables
        theirs = {row.id for row in tables.rejections.values() if row.member_id == member_id}
        activities = [
            row.id
            for row in tables.activities.values()
            if row.member_id == member_id or row.rejection_id in theirs
        ]
        followups = [
            row.id
            for row in tables.followups.values()
            if row.member_id == member_id or row.rejection_id in theirs
        ]
        for activity_id in activities:
            del tables.activities[activity_id]
        for followup_id in followups:
            del tables.followups[followup_id]
        for rejection_id in theirs:
            del tables.rejections[rejection_id]
        for event in list(tables.events.values()):
            if event.creator_id == member_id:  # the event stays the group's
                tables.events[event.id] = replace(event, creator_id=None)
        answers = [row.id for row in tables.rsvps.values() if row.member_id == member_id]
        for rsvp_id in answers:
            del tables.rsvps[rsvp_id]
        goals = [row.id for row in tables.goals.values() if row.member_id == member_id]
        for goal_id in goals:
            del tables.goals[goal_id]
        member = tables.members.pop(member_id, None)
        gone = len(activities) + len(followups) + len(theirs) + len(answers) + len(goals)
        return gone + (member is not None)

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
        if rejection_id is not None and rejection_id not in self._tables.rejections:
            raise LookupError(f"no rejection {rejection_id} (a foreign key would refuse it)")
        row = ActivityRow(
            id=self._tables.next_id("activities"),
            member_id=self._existing_member(member_id),
            group_id=self._home_group_id(member_id),
            kind=kind.value,
            detail=detail,
            rejection_id=rejection_id,
            occurred_at=instant(occurred_at),
            company=company,
        )
        self._tables.activities[row.id] = row
        return _activity(row)

    def activities_for_member(self, member_id: int) -> list[Activity]:
        rows = [row for row in self._tables.activities.values() if row.member_id == member_id]
        rows.sort(key=lambda row: (row.occurred_at, row.id))
        return [_activity(row) for row in rows]

    def delete_activity(self, member_id: int, activity_id: int) -> Activity | None:
        row = self._tables.activities.get(activity_id)
        if row is None or row.member_id != member_id:
            return None
        del self._tables.activities[activity_id]
        return _activity(row)

    # --- what a group did -----------------------------------------------------------------

    def group_activity_counts(
        self, group_id: int, since: datetime, until: datetime
    ) -> dict[ActivityKind, int]:
        counts: dict[ActivityKind, int] = {}
        for row in self._group_activities(group_id, since, until):
            member = self._tables.members[row.member_id]
            if member.privacy is not Privacy.PRIVATE:
                kind = ActivityKind(row.kind)
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    def group_shared_steps(
        self, group_id: int, since: datetime, until: datetime
    ) -> list[SharedStep]:
        steps = []
        for row in self._group_activities(group_id, since, until):
            member = self._tables.members[row.member_id]
            kind = ActivityKind(row.kind)
            if member.privacy is not Privacy.FULL or kind not in SHARED_KINDS:
                continue
            if kind is ActivityKind.FOLLOWUP_SENT:
                linked = self._tables.rejections.get(row.rejection_id or 0)
                if linked is None:
                    continue  # a follow-up whose rejection is gone names nothing
                label = f"{linked.company} ({linked.role})" if linked.role else linked.company
            elif kind is ActivityKind.NETWORKED:
                label = ""  # what they wrote about it is theirs: it may name people
            else:
                label = row.detail
            steps.append(
                SharedStep(row.member_id, member.display_name, kind, label, row.occurred_at)
            )
        return steps

    # --- helpers --------------------------------------------------------------------------

    def _group_activities(
        self, group_id: int, since: datetime, until: datetime
    ) -> list[ActivityRow]:
        rows = [
            row
            for row in self._tables.activities.values()
            if row.group_id == group_id
            and since <= row.occurred_at < until
            and row.member_id in self._tables.members
        ]
        return sorted(rows, key=lambda row: (row.occurred_at, row.id))

    def _newest_rejections(self, member_id: int) -> list[RejectionRow]:
        rows = [row for row in self._tables.rejections.values() if row.member_id == member_id]
        return sorted(rows, key=lambda row: (row.logged_at, row.id), reverse=True)

    def _existing_member(self, member_id: int) -> int:
        if member_id not in self._tables.members:
            raise LookupError(f"no member {member_id} (a foreign key would refuse it)")
        return member_id

    def _home_group_id(self, member_id: int) -> int | None:
        """The group a rejection or activity counts towards: the ports do not pass the channel."""
        member = self._tables.members.get(member_id)
        return None if member is None else member.home_group_id


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
