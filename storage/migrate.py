"""Schema migrations through Alembic's Python API, so an installed package needs no alembic.ini."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from storage.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade(url: str | Engine, revision: str = "head") -> None:
    with _config(url) as config:
        command.upgrade(config, revision)


def downgrade(url: str | Engine, revision: str) -> None:
    with _config(url) as config:
        command.downgrade(config, revision)


def current(url: str | Engine) -> str | None:
    """The revision the database is at; None for an empty (never migrated) database."""
    with _engine(url) as engine, engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _config(url: str | Engine) -> Iterator[Config]:
    with _engine(url) as engine:
        config = Config()
        # ConfigParser treats "%" as interpolation; a path may contain one.
        config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
        config.attributes["engine"] = engine
        yield config


@contextmanager
def _engine(url: str | Engine) -> Iterator[Engine]:
    """Use the caller's engine as is; an engine made here from a URL is disposed of afterwards."""
    if isinstance(url, Engine):
        yield url
        return
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def revisions() -> list[str]:
    """Every revision this version of Rebound knows, oldest first."""
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
