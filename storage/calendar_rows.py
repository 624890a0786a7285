"""The group calendar's and the members' goals' tables (issues 11 and 12), beside the core tables
of `storage.models`, which imports this module so that they share `Base.metadata`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import NAME, Base


class EventRow(Base):
    """A job fair or industry event on a group's calendar. It belongs to the group: deleting
    its creator keeps it (and clears `creator_id`), deleting the group takes it."""

    __tablename__ = "events"
    __table_args__ = (Index(None, "group_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(NAME)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text, default="", server_default="")
    location: Mapped[str] = mapped_column(NAME, default="", server_default="")
    created_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]


class RsvpRow(Base):
    """A member's answer to an event (one per member and event)."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("event_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    choice: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]
    attended: Mapped[bool | None] = mapped_column(Boolean)


class GoalRow(Base):
    """A member's weekly goal of one kind (`bot.records.GoalKind`)."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("member_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    per_week: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime]
