"""A company's first spelling in one indexed read: activities keep the company's match key, as
rejections always did, so `/rejected`, `/applied` and `/feedback` look up how the member first
spelled a company by (member, key) instead of reading every company they ever named (issue 13:
that read grew with the member's history). Existing rows get their key here, in Python, because
the key is `str.casefold()`, which no database's lower() matches.

Revision ID: 0013_activity_company_key
Revises: 0012_step_weeks
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_activity_company_key"
down_revision: str | Sequence[str] | None = "0012_step_weeks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_activities_member_id_company_key_occurred_at"


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(
            sa.Column("company_key", sa.String(length=255), server_default="", nullable=False)
        )
    activities = sa.table(
        "activities", sa.column("id", sa.Integer), sa.column("company", sa.String),
        sa.column("company_key", sa.String),
    )  # fmt: skip
    db = op.get_bind()
    named = db.execute(sa.select(activities.c.id, activities.c.company).where(
        activities.c.company != ""
    )).all()  # fmt: skip
    if named:
        keyed: sa.BindParameter[str] = sa.bindparam("key")
        db.execute(
            activities.update().where(activities.c.id == sa.bindparam("row")).values(
                company_key=keyed
            ),
            [{"row": row_id, "key": company.strip().casefold()} for row_id, company in named],
        )  # fmt: skip
    op.create_index(op.f(INDEX), "activities", ["member_id", "company_key", "occurred_at"])


def downgrade() -> None:
    op.drop_index(op.f(INDEX), "activities")
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("company_key")
