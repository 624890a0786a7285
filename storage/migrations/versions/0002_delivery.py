"""Delivery engine: members skip weekends, group rhythm schedules, occurrences, stale claims.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode, so that SQLite (which alters little in place) gets a copied table where needed;
    # on PostgreSQL these are plain ALTER TABLE statements.
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("skip_weekends", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column(
                "summary_schedule", sa.String(length=32), server_default="mon 09:00", nullable=False
            )
        )
        batch.add_column(
            sa.Column(
                "networking_schedule",
                sa.String(length=32),
                server_default="wed 12:00",
                nullable=False,
            )
        )
    op.create_index(op.f("ix_followups_state_updated_at"), "followups", ["state", "updated_at"])
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.Column("message_ref", sa.String(length=255), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_occurrences_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint("key", name=op.f("uq_occurrences_key")),
    )
    op.create_index(op.f("ix_occurrences_state_due_at"), "occurrences", ["state", "due_at"])
    op.create_index(op.f("ix_occurrences_state_updated_at"), "occurrences", ["state", "updated_at"])


def downgrade() -> None:
    op.drop_table("occurrences")  # its indexes go with it
    op.drop_index(op.f("ix_followups_state_updated_at"), table_name="followups")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("networking_schedule")
        batch.drop_column("summary_schedule")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("skip_weekends")
