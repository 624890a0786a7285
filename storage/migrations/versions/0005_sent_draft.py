"""The email a member actually sent: the subject and body they submitted in the draft editor,
kept with the follow-up (NULL when they marked it sent without editing, or before this revision).

Revision ID: 0005_sent_draft
Revises: 0004_delivery_keys
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_sent_draft"
down_revision: str | Sequence[str] | None = "0004_delivery_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.add_column(sa.Column("sent_subject", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sent_body", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.drop_column("sent_body")
        batch.drop_column("sent_subject")
