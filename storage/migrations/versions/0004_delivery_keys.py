"""Delivery keys that survive retries: a follow-up's nudge generation, a "check the platform's
history before sending" flag on follow-ups and occurrences, an occurrence's original time, and
the organization a workspace belongs to (a Slack Enterprise Grid org, for finding its install).

Revision ID: 0004_delivery_keys
Revises: 0003_input
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_delivery_keys"
down_revision: str | Sequence[str] | None = "0003_input"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("organization_id", sa.String(length=64), server_default="", nullable=False)
        )
    with op.batch_alter_table("followups") as batch:
        batch.add_column(
            sa.Column("generation", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.add_column(
            sa.Column("check_first", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(
            sa.Column("check_first", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True))
    # Rows written before this revision: their current due time is the best original time known.
    op.execute("UPDATE occurrences SET scheduled_at = due_at")
    with op.batch_alter_table("occurrences") as batch:
        batch.alter_column("scheduled_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("scheduled_at")
        batch.drop_column("check_first")
    with op.batch_alter_table("followups") as batch:
        batch.drop_column("check_first")
        batch.drop_column("generation")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("organization_id")
