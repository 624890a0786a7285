"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage import migrate
from storage.models import Base

TABLES = {"workspaces", "groups", "members", "rejections", "followups", "activities"}


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(empty_engine: Engine) -> None:
    assert migrate.current(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == "0001"
    assert tables(empty_engine) == TABLES
    migrate.downgrade(empty_engine, "-1")
    assert migrate.current(empty_engine) is None
    assert tables(empty_engine) == set()
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == "0001"
    assert tables(empty_engine) == TABLES


def test_upgrade_again_is_a_no_op(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current(engine) == "0001"


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrate_by_a_bare_sqlite_path(tmp_path: Path) -> None:
    """What `rebound db upgrade --db rebound.db` does: a path, no engine, no alembic.ini."""
    path = str(tmp_path / "by-path.db")
    migrate.upgrade(path)
    assert migrate.current(path) == "0001"
    migrate.downgrade(path, "base")
    assert migrate.current(path) is None
