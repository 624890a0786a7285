"""Weekly goals: what a member aims for in a week (`/rebound goal networking 3`).

Revision ID: 0008_goals
Revises: 0007_events
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_goals"
down_revision: str | Sequence[str] | None = "0007_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("per_week", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_goals_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
        sa.UniqueConstraint("member_id", "kind", name="uq_goals_member_id_kind"),
    )


def downgrade() -> None:
    op.drop_table("goals")
