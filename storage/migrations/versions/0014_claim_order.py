"""Claims read only the rows they take: follow-ups waiting to be claimed get a partial index in
claim order (due time, then id), those being sent one on their claim time (`updated_at`), and
occurrences an index on state, due time and id. (SQLite would use a general index on the state
for every claim, and sort all the due rows.)

Before, a claim of 50 rows sorted every due row first (all nudges due at 10:00 in one zone share
one due time), so each claim cost more the more were due: 84 ms with 16,000 due on PostgreSQL.

Revision ID: 0014_claim_order
Revises: 0013_activity_company_key
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_claim_order"
down_revision: str | Sequence[str] | None = "0013_activity_company_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING_ROWS = "state IN ('pending', 'snoozed')"
SENDING_ROWS = "state = 'sending'"


def upgrade() -> None:
    op.create_index(
        "ix_followups_waiting_due_at_id",
        "followups",
        ["due_at", "id"],
        postgresql_where=sa.text(WAITING_ROWS),
        sqlite_where=sa.text(WAITING_ROWS),
    )
    op.drop_index("ix_followups_state_due_at", table_name="followups")
    op.create_index(
        "ix_followups_sending_updated_at",
        "followups",
        ["updated_at"],
        postgresql_where=sa.text(SENDING_ROWS),
        sqlite_where=sa.text(SENDING_ROWS),
    )
    op.drop_index("ix_followups_state_updated_at", table_name="followups")
    op.create_index("ix_occurrences_state_due_at_id", "occurrences", ["state", "due_at", "id"])
    op.drop_index("ix_occurrences_state_due_at", table_name="occurrences")


def downgrade() -> None:
    op.create_index("ix_occurrences_state_due_at", "occurrences", ["state", "due_at"])
    op.drop_index("ix_occurrences_state_due_at_id", table_name="occurrences")
    op.create_index("ix_followups_state_updated_at", "followups", ["state", "updated_at"])
    op.drop_index("ix_followups_sending_updated_at", table_name="followups")
    op.create_index("ix_followups_state_due_at", "followups", ["state", "due_at"])
    op.drop_index("ix_followups_waiting_due_at_id", table_name="followups")
