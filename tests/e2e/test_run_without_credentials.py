"""`rebound run` with no Slack or Discord credentials: from a terminal (`make run`) it opens the
local console; with no terminal (systemd, Docker, Kubernetes) it refuses with exit code 2 instead
of reading an empty stdin and stopping as if all were well. The database it names never shows
its password."""

from __future__ import annotations

import os
import pty
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy.engine import make_url

from storage.db import make_engine
from tests.e2e.conftest import REBOUND, Run


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "REBOUND_"))
    }
    env.update(HOME=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'rebound.db'}")
    env.update(extra)
    return env


def on_a_terminal(env: dict[str, str], cwd: Path, typed: str) -> subprocess.CompletedProcess[str]:
    """`rebound run` with a terminal as its standard input, as `make run` starts it."""
    keyboard, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(REBOUND), "run"],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=env,
        )
        os.close(terminal)
        os.write(keyboard, typed.encode())
        out, err = process.communicate(timeout=60)
    finally:
        os.close(keyboard)
    return subprocess.CompletedProcess(["rebound", "run"], process.returncode, out, err)


def test_run_from_a_terminal_opens_the_console(tmp_path: Path) -> None:
    result = on_a_terminal(clean_env(tmp_path), tmp_path, "/rebound help\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "No Slack or Discord credentials found" in result.stderr
    assert "Connect Discord" in result.stderr
    assert "/rejected" in result.stdout


def test_run_without_a_terminal_refuses_and_points_to_the_console(
    run_rebound: Run, tmp_path: Path
) -> None:
    result = run_rebound("run", stdin="/rebound help\n")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "", "no console was opened"
    assert "no Slack or Discord credentials are set" in result.stderr
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN", "rebound console"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "rebound.db").exists(), "a refused start creates nothing"


def test_run_without_a_terminal_lists_its_other_problems_too(run_rebound: Run) -> None:
    result = run_rebound("run", env={"LOG_LEVEL": "loud"})
    assert result.returncode == 2
    assert "2 problems" in result.stderr
    assert "LOG_LEVEL=loud" in result.stderr and "no Slack or Discord" in result.stderr


@pytest.fixture
def postgres_with_password(tmp_path: Path) -> Iterator[str]:
    """A URL of the test server, in a schema of its own, with a password that has %-codes
    (the server trusts local connections, so it is not checked)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (a PostgreSQL server to connect to)")
    schema = f"t_{uuid.uuid4().hex}"
    admin = make_engine(url)
    with admin.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {schema}")
    parts = make_url(url)
    try:
        yield (
            f"postgresql://{parts.username}:S3cr%40t%3Apa%25ss%2Fw%23rd@{parts.host}:"
            f"{parts.port or 5432}/{parts.database}?options={quote(f'-csearch_path={schema}')}"
        )
    finally:
        with admin.begin() as db:
            db.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def test_the_console_hint_names_the_database_without_its_password(
    postgres_with_password: str, tmp_path: Path
) -> None:
    env = clean_env(tmp_path, DATABASE_URL=postgres_with_password)
    result = on_a_terminal(env, tmp_path, "/quit\n")
    assert result.returncode == 0, result.stderr
    assert "opening the local console on postgresql://" in result.stderr
    assert ":***@" in result.stderr
    for form in ("S3cr", "pa%25ss", "pa%ss", "w#rd"):
        assert form not in result.stdout + result.stderr
