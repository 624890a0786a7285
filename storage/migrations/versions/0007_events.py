"""The group calendar: events (job fairs, industry events) and members' answers to them.

Revision ID: 0007_events
Revises: 0006_group_channel
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_events"
down_revision: str | Sequence[str] | None = "0006_group_channel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("groups.id", ondelete="CASCADE", name="fk_events_group_id_groups"),
            nullable=False,
        ),
        sa.Column(
            "creator_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="SET NULL", name="fk_events_creator_id_members"),
            nullable=True,
        ),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False, server_default=""),
        sa.Column("location", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_group_id_starts_at", "events", ["group_id", "starts_at"])
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "event_id",
            sa.Integer(),
            sa.ForeignKey("events.id", ondelete="CASCADE", name="fk_rsvps_event_id_events"),
            nullable=False,
        ),
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="CASCADE", name="fk_rsvps_member_id_members"),
            nullable=False,
        ),
        sa.Column("choice", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_rsvps"),
        sa.UniqueConstraint("event_id", "member_id", name="uq_rsvps_event_id_member_id"),
    )
    op.create_index("ix_rsvps_member_id", "rsvps", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_rsvps_member_id", table_name="rsvps")
    op.drop_table("rsvps")
    op.drop_index("ix_events_group_id_starts_at", table_name="events")
    op.drop_table("events")
