"""The workspace's group channel: the channel an organiser chose with `/rebound setup` for the
group's posts ("" until someone does; until then each member's first channel is their group).

Revision ID: 0006_group_channel
Revises: 0005_sent_draft
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_group_channel"
down_revision: str | Sequence[str] | None = "0005_sent_draft"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("group_channel_id", sa.String(64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("group_channel_id")
