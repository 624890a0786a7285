"""The tables. Rows stay inside `storage/`: the repository maps them onto `bot.records`.

Constraint names come from a naming convention so that Alembic can find (and later alter or
drop) every constraint by the same name on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.records import DEFAULT_QUIET_HOURS, Privacy
from storage.db import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)  # a platform's own id: Slack "T0123ABC", a Discord snowflake
NAME = String(255)
STAGE = String(16)  # a `bot.records.Stage` value
SCHEDULE = String(32)  # a weekly slot such as "mon 09:00", or "" for none
# The defaults of `bot.records.Group`, for rows written before (or without) a choice.
SUMMARY_SCHEDULE = "mon 09:00"
NETWORKING_SCHEDULE = "wed 12:00"
# A follow-up waiting to be claimed (`bot.records.WAITING_STATES`), as SQL: the claim's condition
# is written the same way, literally, so the database sees that this partial index serves it.
WAITING_ROWS = "state IN ('pending', 'snoozed')"
SENDING_ROWS = "state = 'sending'"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class WorkspaceRow(Base):
    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(NAME, default="", server_default="")
    created_at: Mapped[datetime]
    # The organization above the workspace (a Slack Enterprise Grid org id), "" when none.
    organization_id: Mapped[str] = mapped_column(ID, default="", server_default="")
    # The channel an organiser chose with `/rebound setup` for the group's posts, "" until then.
    group_channel_id: Mapped[str] = mapped_column(ID, default="", server_default="")


class GroupRow(Base):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("workspace_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    channel_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(NAME, default="", server_default="")
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    summary_schedule: Mapped[str] = mapped_column(
        SCHEDULE, default=SUMMARY_SCHEDULE, server_default=SUMMARY_SCHEDULE
    )
    networking_schedule: Mapped[str] = mapped_column(
        SCHEDULE, default=NETWORKING_SCHEDULE, server_default=NETWORKING_SCHEDULE
    )
    # `/rebound settings` (see `bot.records.Group`).
    followup_days: Mapped[str] = mapped_column(String(32), default="", server_default="")
    default_quiet_hours: Mapped[str] = mapped_column(
        String(16), default=DEFAULT_QUIET_HOURS, server_default=DEFAULT_QUIET_HOURS
    )
    default_skip_weekends: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    posts_on: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    rhythm_from: Mapped[datetime | None]
    timezone_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class GroupAdminRow(Base):
    """Who may run `/rebound setup` and change settings besides the platform's organisers."""

    __tablename__ = "group_admins"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ID)
    added_by: Mapped[str] = mapped_column(ID)
    added_at: Mapped[datetime]


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[str] = mapped_column(ID)
    display_name: Mapped[str] = mapped_column(NAME)
    timezone: Mapped[str | None] = mapped_column(String(64))
    # NULL until the member chooses: their group's default applies (`/rebound settings`).
    quiet_hours: Mapped[str | None] = mapped_column(String(16))
    privacy: Mapped[str] = mapped_column(
        String(16), default=Privacy.COUNTS.value, server_default=Privacy.COUNTS.value
    )
    dm_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    last_encouragement: Mapped[int | None] = mapped_column(Integer)
    home_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    skip_weekends: Mapped[bool | None] = mapped_column(Boolean)  # NULL: the group's default


class RejectionRow(Base):
    __tablename__ = "rejections"
    __table_args__ = (
        Index(None, "member_id", "company_key", "logged_at"),
        Index(None, "group_id", "logged_at", "member_id"),  # a group's weeks, by member
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    company: Mapped[str] = mapped_column(NAME)
    company_key: Mapped[str] = mapped_column(NAME)  # see `company_key()`
    role: Mapped[str] = mapped_column(NAME, default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    logged_at: Mapped[datetime]
    stage: Mapped[str] = mapped_column(STAGE, default="", server_default="")  # "" when not given


def company_key(company: str) -> str:
    """How a company is matched: "ACME", "Acme " and "acme" are one company."""
    return company.strip().casefold()


class FollowUpRow(Base):
    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("rejection_id", "kind"),
        # Claiming due rows, earliest first: the waiting rows only, in claim order, so a claim
        # reads its 50 rows and stops, however many are due (see `storage.claims`).
        Index(
            "ix_followups_waiting_due_at_id",
            "due_at",
            "id",
            postgresql_where=text(WAITING_ROWS),
            sqlite_where=text(WAITING_ROWS),
        ),
        # Re-claiming stale SENDING rows (a partial index too: with a general one on the state,
        # SQLite would pick it for the claims of waiting rows, and sort them all).
        Index(
            "ix_followups_sending_updated_at",
            "updated_at",
            postgresql_where=text(SENDING_ROWS),
            sqlite_where=text(SENDING_ROWS),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rejection_id: Mapped[int] = mapped_column(ForeignKey("rejections.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    message_ref: Mapped[str] = mapped_column(NAME, default="", server_default="")
    # Which nudge this is: a snooze plans a new one; retries of one nudge keep the same key.
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # An earlier attempt may have reached the platform: look at its history before sending.
    check_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The email as the member sent it, when they submitted it from the draft editor.
    sent_subject: Mapped[str | None] = mapped_column(Text)
    sent_body: Mapped[str | None] = mapped_column(Text)
    # Whether the employer replied (a `bot.records.ReplyOutcome`), as the member last answered.
    reply_outcome: Mapped[str | None] = mapped_column(String(16))
    reply_answered_at: Mapped[datetime | None]


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        Index(None, "member_id", "occurred_at"),
        Index(None, "group_id", "occurred_at", "member_id"),  # a group's weeks, by member
        Index(None, "member_id", "company_key", "occurred_at"),  # a company's first spelling
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    rejection_id: Mapped[int | None] = mapped_column(
        ForeignKey("rejections.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime]
    # The company as the member first typed it (applications, feedback); "" for the others.
    company: Mapped[str] = mapped_column(NAME, default="", server_default="")
    company_key: Mapped[str] = mapped_column(NAME, default="", server_default="")  # see below


class StepWeekRow(Base):
    """A member's UTC week (Monday to Monday) with a step in a group: their first and last
    moment in it, in whole seconds since 1970 (`bot.week_store.Span`). Derived from the
    activities and rejections, kept up to date by `storage.step_weeks` wherever they are
    written, so a year of streaks reads a row a week instead of grouping every step."""

    __tablename__ = "step_weeks"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    week: Mapped[int] = mapped_column(Integer, primary_key=True)  # since 1970-01-05
    first: Mapped[int] = mapped_column(BigInteger)
    last: Mapped[int] = mapped_column(BigInteger)


class OccurrenceRow(Base):
    """One group post on the group's weekly rhythm; `key` makes it exist once however many
    processes notice it is due."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("key"),
        Index(None, "state", "due_at", "id"),  # claim order, as for follow-ups
        Index(None, "state", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    message_ref: Mapped[str] = mapped_column(NAME, default="", server_default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    check_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    scheduled_at: Mapped[datetime]  # the slot's time; `due_at` moves with retries, this does not


# The calendar's and the goals' tables live in their own module; importing it here puts them in
# `Base.metadata`, which Alembic and the tests read.
from storage import calendar_rows  # noqa: E402, F401
