"""What a member types is kept: the stage of a rejection, the company of feedback and applications.

Revision ID: 0003_input
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_input"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rejections") as batch:
        batch.add_column(
            sa.Column("stage", sa.String(length=16), server_default="", nullable=False)
        )
    with op.batch_alter_table("activities") as batch:
        batch.add_column(
            sa.Column("company", sa.String(length=255), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("company")
    with op.batch_alter_table("rejections") as batch:
        batch.drop_column("stage")
