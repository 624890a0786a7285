"""Reading and saving members: each with their own settings, or (where they never chose)
their group's defaults. A mixin of `storage.repository.SqlRepository`, kept apart so each module
stays one concept."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.records import DEFAULT_QUIET_HOURS, Member, Privacy
from bot.values import Actor
from storage.models import GroupRow, MemberRow, WorkspaceRow


class MemberMethods:
    _session: Session

    def get_member(self, member_id: int) -> Member | None:
        return self._member(MemberRow.id == member_id)

    def get_members(self, member_ids: Collection[int]) -> dict[int, Member]:
        if not member_ids:
            return {}
        return {m.id: m for m in self._members(MemberRow.id.in_(sorted(set(member_ids))))}

    def find_member(self, actor: Actor) -> Member | None:
        return self._member(
            WorkspaceRow.platform == actor.platform,
            WorkspaceRow.external_id == actor.workspace_id,
            MemberRow.user_id == actor.user_id,
        )

    def group_members(self, group_id: int) -> list[Member]:
        return self._members(MemberRow.home_group_id == group_id)

    def _member(self, *where: ColumnElement[bool]) -> Member | None:
        found = self._members(*where)
        return found[0] if found else None

    def _members(self, *where: ColumnElement[bool]) -> list[Member]:
        """Members with their own settings, or (where they never chose) their group's."""
        return self._read_members(_members_query(*where))

    def _read_members(
        self,
        query: Select[MemberRow, str, str, str, str, bool],
        params: dict[str, Any] | None = None,
    ) -> list[Member]:
        return [
            Member(
                id=row.id,
                platform=platform,
                workspace_id=workspace_id,
                user_id=row.user_id,
                display_name=row.display_name,
                timezone=row.timezone,
                quiet_hours=_first(row.quiet_hours, quiet, DEFAULT_QUIET_HOURS),
                privacy=Privacy(row.privacy),
                dm_open=row.dm_open,
                last_encouragement=row.last_encouragement,
                home_channel_id=channel_id or "",
                created_at=row.created_at,
                skip_weekends=_first(row.skip_weekends, weekends, False),
                quiet_hours_chosen=row.quiet_hours is not None,
                weekends_chosen=row.skip_weekends is not None,
            )
            for row, platform, workspace_id, channel_id, quiet, weekends in self._session.execute(
                query, params
            )
        ]

    def save_member(self, member: Member) -> None:
        values = {
            "row_id": member.id,
            "timezone": member.timezone,
            # Never chosen stays NULL, so the member follows their group's default.
            "quiet_hours": member.quiet_hours if member.quiet_hours_chosen else None,
            "privacy": member.privacy.value,
            "dm_open": member.dm_open,
            "last_encouragement": member.last_encouragement,
            "skip_weekends": member.skip_weekends if member.weekends_chosen else None,
        }
        self._session.execute(_SAVE_MEMBER, values)


T = TypeVar("T")


def _members_query(
    *where: ColumnElement[bool],
) -> Select[MemberRow, str, str, str, str, bool]:
    return (
        select(
            MemberRow,
            WorkspaceRow.platform,
            WorkspaceRow.external_id,
            GroupRow.channel_id,
            GroupRow.default_quiet_hours,
            GroupRow.default_skip_weekends,
        )
        .join(WorkspaceRow, MemberRow.workspace_id == WorkspaceRow.id)
        .outerjoin(GroupRow, MemberRow.home_group_id == GroupRow.id)
        .where(*where)
        .order_by(MemberRow.id)
        .execution_options(populate_existing=True)
    )


MEMBER_BY_ID = _members_query(MemberRow.id == bindparam("member_id"))
MEMBER_BY_ID_LOCKED = MEMBER_BY_ID.with_for_update(of=MemberRow)
# On the table, not the ORM class, which would take the parameters for an update by primary
# key; the columns to set are the parameters' names.
_MEMBERS = cast(Table, MemberRow.__table__)
_SAVE_MEMBER = update(_MEMBERS).where(_MEMBERS.c.id == bindparam("row_id"))


def _first(own: T | None, group: T | None, default: T) -> T:
    """The member's own choice, else their group's default, else Rebound's."""
    if own is not None:
        return own
    return default if group is None else group
