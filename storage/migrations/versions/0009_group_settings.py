"""Group settings and group admins (`/rebound settings`, `/rebound admin`).

Groups get the follow-up cadence, the defaults for members who never chose their own quiet
hours or weekends, whether the weekly posts are on, the moment a changed rhythm starts from, and
whether an admin chose the zone. `group_admins` lists who may run setup and change settings
besides the platform's organisers. A member's quiet hours and weekend choice become NULL for
"never chose": rows holding the old defaults (21:00-08:00, weekends allowed) cannot be told
from a choice of the same value, so they become "never chose" and follow their group's default,
which is the same until an admin changes it.

Revision ID: 0009_group_settings
Revises: 0008_goals
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_group_settings"
down_revision: str | Sequence[str] | None = "0008_goals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUIET = "21:00-08:00"


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(
            sa.Column("followup_days", sa.String(32), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("default_quiet_hours", sa.String(16), nullable=False, server_default=QUIET)
        )
        batch.add_column(
            sa.Column(
                "default_skip_weekends", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column("posts_on", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("rhythm_from", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("timezone_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("members") as batch:
        batch.alter_column(
            "quiet_hours", existing_type=sa.String(16), nullable=True, server_default=None
        )
        batch.alter_column(
            "skip_weekends", existing_type=sa.Boolean(), nullable=True, server_default=None
        )
    members = sa.table(
        "members", sa.column("quiet_hours", sa.String), sa.column("skip_weekends", sa.Boolean)
    )
    op.execute(members.update().where(members.c.quiet_hours == QUIET).values(quiet_hours=None))
    op.execute(
        members.update().where(members.c.skip_weekends == sa.false()).values(skip_weekends=None)
    )
    op.create_table(
        "group_admins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_group_admins_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_group_admins"),
        sa.UniqueConstraint("workspace_id", "user_id", name="uq_group_admins_workspace_id_user_id"),
    )


def downgrade() -> None:
    op.drop_table("group_admins")
    members = sa.table(
        "members", sa.column("quiet_hours", sa.String), sa.column("skip_weekends", sa.Boolean)
    )
    op.execute(members.update().where(members.c.quiet_hours.is_(None)).values(quiet_hours=QUIET))
    op.execute(
        members.update().where(members.c.skip_weekends.is_(None)).values(skip_weekends=sa.false())
    )
    with op.batch_alter_table("members") as batch:
        batch.alter_column(
            "quiet_hours", existing_type=sa.String(16), nullable=False, server_default=QUIET
        )
        batch.alter_column(
            "skip_weekends", existing_type=sa.Boolean(), nullable=False, server_default=sa.false()
        )
    with op.batch_alter_table("groups") as batch:
        for column in (
            "timezone_chosen",
            "rhythm_from",
            "posts_on",
            "default_skip_weekends",
            "default_quiet_hours",
            "followup_days",
        ):
            batch.drop_column(column)
