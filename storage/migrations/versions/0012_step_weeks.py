"""Each member's UTC weeks with a step, stored (`storage.step_weeks`): the weekly summary's
streaks read a row per member and week instead of grouping a year of the group's steps on
every summary (issue 12's 200 ms). Filled here from the steps already logged; from now on kept
up to date where steps are written.

Revision ID: 0012_step_weeks
Revises: 0011_history_index
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_step_weeks"
down_revision: str | Sequence[str] | None = "0011_history_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Seconds since 1970 exactly as `storage.step_weeks.seconds` computes them (its docstring says
# why); weeks counted from Monday 1970-01-05 (345,600 s), 604,800 s each.
SECONDS = {
    "postgresql": "CAST(floor(date_part('epoch', {})) AS BIGINT)",
    "sqlite": "CAST(round((julianday({}) - 2440587.5) * 86400000) AS INTEGER) / 1000",
}


def upgrade() -> None:
    op.create_table(
        "step_weeks",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("first", sa.BigInteger(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name="fk_step_weeks_group_id_groups", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_step_weeks_member_id_members",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", "week", name="pk_step_weeks"),
    )
    op.create_index(op.f("ix_step_weeks_member_id"), "step_weeks", ["member_id"])
    seconds = SECONDS[op.get_bind().dialect.name]
    op.execute(
        "INSERT INTO step_weeks (group_id, member_id, week, first, last) "
        "SELECT group_id, member_id, (sec - 345600) / 604800, min(sec), max(sec) FROM ("
        f"SELECT group_id, member_id, {seconds.format('occurred_at')} AS sec FROM activities "
        "WHERE group_id IS NOT NULL UNION ALL "
        f"SELECT group_id, member_id, {seconds.format('logged_at')} AS sec FROM rejections "
        "WHERE group_id IS NOT NULL) AS steps "
        "GROUP BY group_id, member_id, (sec - 345600) / 604800"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_step_weeks_member_id"), "step_weeks")
    op.drop_table("step_weeks")
