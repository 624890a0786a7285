"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from storage import migrate
from storage.models import Base, MemberRow

HEAD = "0014_claim_order"
TABLES_0001 = {"workspaces", "groups", "members", "rejections", "followups", "activities"}
TABLES_0002 = TABLES_0001 | {"occurrences"}
TABLES = TABLES_0002 | {"events", "rsvps", "goals", "group_admins", "step_weeks"}


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def indexes(engine: Engine, table: str) -> set[str]:
    return {str(index["name"]) for index in inspect(engine).get_indexes(table)}


def foreign_keys(engine: Engine, table: str) -> set[tuple[str, str | None]]:
    found = inspect(engine).get_foreign_keys(table)
    return {(key["referred_table"], key["options"].get("ondelete")) for key in found}


def test_upgrade_downgrade_upgrade(empty_engine: Engine) -> None:
    assert migrate.current(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == HEAD
    assert tables(empty_engine) == TABLES
    migrate.downgrade(empty_engine, "base")
    assert migrate.current(empty_engine) is None
    assert tables(empty_engine) == set()
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == HEAD
    assert tables(empty_engine) == TABLES


def test_upgrade_again_is_a_no_op(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current(engine) == HEAD


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


SEED = [
    "INSERT INTO workspaces (id, platform, external_id, created_at) "
    "VALUES (1, 'slack', 'T1', '2026-12-01 12:00:00')",
    "INSERT INTO groups (id, workspace_id, channel_id, created_at) "
    "VALUES (1, 1, 'C1', '2026-12-01 12:00:00')",
    "INSERT INTO members (id, workspace_id, user_id, display_name, home_group_id, created_at) "
    "VALUES (1, 1, 'U1', 'Alex', 1, '2026-12-01 12:00:00')",
    "INSERT INTO rejections (id, member_id, company, company_key, logged_at) "
    "VALUES (1, 1, 'Acme', 'acme', '2026-12-01 12:00:00')",
    "INSERT INTO followups (id, rejection_id, member_id, kind, due_at, state, created_at, "
    "updated_at) VALUES (1, 1, 1, 'thank_you', '2026-12-02 12:00:00', 'pending', "
    "'2026-12-01 12:00:00', '2026-12-01 12:00:00')",
]


def test_0002_upgrade_downgrade_upgrade_keeps_the_rows_of_0001(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0001")
    with empty_engine.begin() as db:
        for statement in SEED:
            db.execute(text(statement))

    migrate.upgrade(empty_engine, "0002")
    assert migrate.current(empty_engine) == "0002"
    assert tables(empty_engine) == TABLES_0002
    assert "ix_followups_state_updated_at" in indexes(empty_engine, "followups")
    assert indexes(empty_engine, "occurrences") >= {
        "ix_occurrences_state_due_at",
        "ix_occurrences_state_updated_at",
    }
    with empty_engine.connect() as db:
        # Rows from before 0002 take the new columns' defaults.
        assert db.execute(select(MemberRow.skip_weekends)).scalar_one() is False
        assert db.execute(
            text("SELECT summary_schedule, networking_schedule FROM groups")
        ).one() == ("mon 09:00", "wed 12:00")

    assert foreign_keys(empty_engine, "occurrences") == {("groups", "CASCADE")}
    members_keys = foreign_keys(empty_engine, "members")
    groups_keys = foreign_keys(empty_engine, "groups")

    migrate.downgrade(empty_engine, "0001")
    assert migrate.current(empty_engine) == "0001"
    assert tables(empty_engine) == TABLES_0001
    assert "skip_weekends" not in columns(empty_engine, "members")
    assert not {"summary_schedule", "networking_schedule"} & columns(empty_engine, "groups")
    assert "ix_followups_state_updated_at" not in indexes(empty_engine, "followups")
    with empty_engine.connect() as db:
        for table in ("workspaces", "groups", "members", "rejections", "followups"):
            assert db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 1, table
        assert db.execute(text("SELECT home_group_id FROM members")).scalar_one() == 1
    # The tables SQLite's batch mode copied kept their foreign keys.
    assert foreign_keys(empty_engine, "members") == members_keys
    assert members_keys == {("workspaces", None), ("groups", "SET NULL")}
    assert foreign_keys(empty_engine, "groups") == groups_keys == {("workspaces", None)}

    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == HEAD
    assert columns(empty_engine, "members") >= {"skip_weekends"}
    with empty_engine.connect() as db:
        context = MigrationContext.configure(db, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrate_by_a_bare_sqlite_path(tmp_path: Path) -> None:
    """What `rebound db upgrade --db rebound.db` does: a path, no engine, no alembic.ini."""
    path = str(tmp_path / "by-path.db")
    migrate.upgrade(path)
    assert migrate.current(path) == HEAD
    migrate.downgrade(path, "base")
    assert migrate.current(path) is None


def test_0003_adds_stage_and_feedback_company_and_keeps_rows(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0001")
    with empty_engine.begin() as db:
        for statement in SEED:
            db.execute(text(statement))
    migrate.upgrade(empty_engine, "0002")
    with empty_engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO activities (id, member_id, kind, detail, occurred_at) "
                "VALUES (1, 1, 'feedback', 'more SQL', '2026-12-01 12:00:00')"
            )
        )
    migrate.upgrade(empty_engine, "0003_input")
    with empty_engine.connect() as db:
        # Rows from before 0003 read as "no stage given" and "no company stored".
        assert db.execute(text("SELECT company, stage FROM rejections")).one() == ("Acme", "")
        assert db.execute(text("SELECT detail, company FROM activities")).one() == ("more SQL", "")
    assert foreign_keys(empty_engine, "activities") == {
        ("members", "CASCADE"),
        ("groups", "SET NULL"),
        ("rejections", "CASCADE"),
    }
    migrate.downgrade(empty_engine, "0002")
    assert "stage" not in columns(empty_engine, "rejections")
    assert "company" not in columns(empty_engine, "activities")
    with empty_engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM activities")).scalar_one() == 1
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == HEAD


def test_0011_indexes_a_groups_steps_by_time_and_undoes_it(empty_engine: Engine) -> None:
    """The weekly summary reads one group's weeks (issues 12 and 13): by these two indexes."""
    migrate.upgrade(empty_engine, "0010_reply_outcome")
    assert "ix_activities_group_id_occurred_at_member_id" not in indexes(empty_engine, "activities")
    migrate.upgrade(empty_engine)
    assert "ix_activities_group_id_occurred_at_member_id" in indexes(empty_engine, "activities")
    assert "ix_rejections_group_id_logged_at_member_id" in indexes(empty_engine, "rejections")
    migrate.downgrade(empty_engine, "0010_reply_outcome")
    assert "ix_activities_group_id_occurred_at_member_id" not in indexes(empty_engine, "activities")
    assert "ix_rejections_group_id_logged_at_member_id" not in indexes(empty_engine, "rejections")


def test_0013_keys_the_companies_activities_named_and_undoes_it(empty_engine: Engine) -> None:
    """`/rejected` finds a company's first spelling by (member, key) (issue 13): rows stored
    before 0013 get their key, casefolded as rejections' are, so they are still found."""
    migrate.upgrade(empty_engine, "0012_step_weeks")
    with empty_engine.begin() as db:
        for statement in SEED:
            db.execute(text(statement))
        db.execute(
            text(
                "INSERT INTO activities (id, member_id, kind, detail, occurred_at, company) "
                "VALUES (1, 1, 'applied', 'x', '2026-12-01 12:00:00', ' ÄCME Straße'), "
                "(2, 1, 'networked', 'coffee', '2026-12-01 12:00:00', '')"
            )
        )
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as db:
        keys = db.execute(text("SELECT id, company_key FROM activities ORDER BY id")).all()
    assert [tuple(row) for row in keys] == [(1, "äcme strasse"), (2, "")]
    assert "ix_activities_member_id_company_key_occurred_at" in indexes(empty_engine, "activities")
    migrate.downgrade(empty_engine, "0012_step_weeks")
    assert "company_key" not in columns(empty_engine, "activities")
    with empty_engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM activities")).scalar_one() == 2
