"""Whether following up worked: a follow-up marked sent keeps the member's answer to "did they
reply?" (a week later), and when they gave it. NULL until they answer; existing rows stay NULL.

Revision ID: 0010_reply_outcome
Revises: 0009_group_settings
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_reply_outcome"
down_revision: str | Sequence[str] | None = "0009_group_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.add_column(sa.Column("reply_outcome", sa.String(16), nullable=True))
        batch.add_column(sa.Column("reply_answered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.drop_column("reply_answered_at")
        batch.drop_column("reply_outcome")
