"""The group's steps by time: the weekly summary, `/momentum group` and the chart read one
group's activities and rejections of a stretch of weeks (issue 12's speed rule, issue 13's full
scan on PostgreSQL); with these indexes they read only those weeks, and a year's streaks read
only the index (the member is in it).

Revision ID: 0011_history_index
Revises: 0010_reply_outcome
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_history_index"
down_revision: str | Sequence[str] | None = "0010_reply_outcome"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_activities_group_id_occurred_at_member_id"),
        "activities",
        ["group_id", "occurred_at", "member_id"],
    )
    op.create_index(
        op.f("ix_rejections_group_id_logged_at_member_id"),
        "rejections",
        ["group_id", "logged_at", "member_id"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_rejections_group_id_logged_at_member_id"), "rejections")
    op.drop_index(op.f("ix_activities_group_id_occurred_at_member_id"), "activities")
