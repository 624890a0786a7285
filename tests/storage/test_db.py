"""Engine set-up and the UTC timestamp type."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from storage.db import SQLITE_MINIMUM, UTCDateTime, make_engine, normalize_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/rebound", "postgresql+psycopg://u:p@db/rebound"),
        ("postgresql://u@db:5432/rebound", "postgresql+psycopg://u@db:5432/rebound"),
        ("postgresql+psycopg://u@db/rebound", "postgresql+psycopg://u@db/rebound"),
        ("sqlite:///./rebound.db", "sqlite:///./rebound.db"),
        ("rebound.db", "sqlite:///rebound.db"),
        (" /data/rebound.db ", "sqlite:////data/rebound.db"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_normalize_url_expands_home_and_refuses_empty() -> None:
    assert normalize_url("~/rebound.db") == f"sqlite:///{Path.home() / 'rebound.db'}"
    with pytest.raises(ValueError, match="empty"):
        normalize_url("  ")


def test_sqlite_connections_are_set_up_for_several_writers(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "r.db"))
    try:
        with engine.connect() as db:
            pragmas = {
                name: db.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    # synchronous 1 is NORMAL: no fsync on each commit in WAL mode (issue 13's throughput)
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "synchronous": 1,
    }


def test_this_sqlite_can_claim_and_an_older_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sqlite3.sqlite_version_info >= SQLITE_MINIMUM, "UPDATE ... RETURNING is needed"
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.34.1")
    with pytest.raises(RuntimeError, match=r"SQLite 3\.34\.1 is too old.*3\.35\.0"):
        make_engine(str(tmp_path / "r.db"))


def test_a_schema_is_for_postgresql_and_must_be_a_plain_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        make_engine(str(tmp_path / "r.db"), schema="t_1")
    with pytest.raises(ValueError, match="plain schema name"):
        make_engine("postgresql://u@db/rebound", schema="x; DROP TABLE members")


def test_utc_datetime_binds_utc_and_reads_back_aware() -> None:
    kind = UTCDateTime()
    postgres, sqlite = (
        create_engine(url).dialect for url in ("postgresql+psycopg://", "sqlite://")
    )
    ist = datetime(2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    utc = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    assert kind.process_bind_param(ist, postgres) == utc
    assert kind.process_bind_param(ist, sqlite) == utc.replace(tzinfo=None)
    assert kind.process_result_value(utc.replace(tzinfo=None), sqlite) == utc
    read = kind.process_result_value(ist, postgres)
    assert read is not None and read.tzinfo is UTC
    assert kind.process_bind_param(None, sqlite) is None
    with pytest.raises(ValueError, match="naive"):
        kind.process_bind_param(datetime(2026, 12, 1, 9, 30), sqlite)  # noqa: DTZ001
