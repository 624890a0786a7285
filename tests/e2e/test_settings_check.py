"""`rebound run` and `rebound tick` with settings that cannot work, as an operator meets them:
every problem listed at once on standard error, each naming the variable, what is wrong and what
would work; exit code 2; never a traceback; never a secret's value."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.runtime import database_check
from tests.e2e.conftest import Run

SECRETS = ("hunter2", "xoxb-sekrit-77", "xapp-sekrit-88", "sig-sekrit-99", "cs-sekrit-11")


def refused_with(result: subprocess.CompletedProcess[str], count: int) -> list[str]:
    """The report's problem lines, after checking what every refusal shares."""
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out
    assert not [secret for secret in SECRETS if secret in out], out
    assert result.stdout == "", "nothing started, nothing printed"
    lines = result.stderr.strip().splitlines()
    problems = "1 problem" if count == 1 else f"{count} problems"
    assert lines[0].startswith(f"rebound: cannot start: {problems} in its settings"), lines[0]
    listed = [line.removeprefix("  - ") for line in lines[1:]]
    assert len(listed) == count and all(line.startswith("  - ") for line in lines[1:]), lines
    return listed


# Each kind of problem, with the words its line must hold; each case alone in the environment.
KINDS: list[tuple[dict[str, str], tuple[str, ...]]] = [
    (
        {"SLACK_BOT_TOKEN": "xoxb-sekrit-77"},
        ("SLACK_SIGNING_SECRET is missing", "HTTP mode", "Signing Secret", "SLACK_APP_TOKEN"),
    ),
    (
        {"SLACK_APP_TOKEN": "xapp-sekrit-88"},
        ("SLACK_BOT_TOKEN is missing", "SLACK_APP_TOKEN is set", "xoxb-"),
    ),
    (
        {"SLACK_SIGNING_SECRET": "sig-sekrit-99"},
        ("SLACK_BOT_TOKEN is missing", "SLACK_SIGNING_SECRET is set"),
    ),
    (
        {"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "sig-sekrit-99"},
        ("SLACK_CLIENT_SECRET is missing", "Client Secret"),
    ),
    (
        {"SLACK_BOT_TOKEN": "xapp-sekrit-88", "SLACK_APP_TOKEN": "xapp-sekrit-88"},
        ("SLACK_BOT_TOKEN holds an app-level token", "starts with xoxb-"),
    ),
    (
        {"SLACK_BOT_TOKEN": "xoxb-sekrit-77\n", "SLACK_APP_TOKEN": "xapp-sekrit-88"},
        ("SLACK_BOT_TOKEN contains spaces or line breaks",),
    ),
    (
        {"SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "   ", "SLACK_SIGNING_SECRET": "s"},
        ("SLACK_CLIENT_SECRET is blank",),
    ),
    (
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "sig-sekrit-99 \n"},
        ("SLACK_SIGNING_SECRET contains spaces or line breaks",),
    ),
    ({"DISCORD_TOKEN": "123456789012345678"}, ("DISCORD_TOKEN is not a bot token", "Bot page")),
    ({"DISCORD_TOKEN": "Bot a.b.c"}, ("DISCORD_TOKEN must be the bare bot token",)),
    (
        {"REBOUND_TIMEZONE": "Europe/Berln"},
        ("REBOUND_TIMEZONE=Europe/Berln", "unknown timezone", "did you mean Europe/Berlin?"),
    ),
    (
        {"DUE_INTERVAL_SECONDS": "3600"},
        ("DUE_INTERVAL_SECONDS=3600", "whole number between 5 and 300"),
    ),
    ({"LOG_LEVEL": "chatty"}, ("LOG_LEVEL=chatty", "DEBUG, INFO, WARNING, ERROR, CRITICAL")),
    ({"LOG_FORMAT": "yaml"}, ("LOG_FORMAT=yaml", "use text or json")),
    (
        {"DATABASE_URL": "postgresql://rebound:hunter2@db.example:notaport/rebound"},
        (
            "DATABASE_URL=postgresql://rebound:***@db.example:notaport/rebound",
            "not a database URL",
            "postgresql://user:password@host:5432/dbname",
        ),
    ),
    (
        {"DATABASE_URL": "mysql://rebound:hunter2@db.example/rebound"},
        ("does not support mysql databases", "sqlite:///path/to/rebound.db"),
    ),
    (
        {"DATABASE_URL": "/no/such/folder/rebound.db"},
        ("DATABASE_URL=/no/such/folder/rebound.db", "the folder /no/such/folder does not exist"),
    ),
]


@pytest.mark.parametrize(
    ("command", "env", "words"),
    [(("run", "tick")[i % 2], env, words) for i, (env, words) in enumerate(KINDS)],
)
def test_each_kind_of_problem_is_named_with_what_would_work(
    run_rebound: Run, command: str, env: dict[str, str], words: tuple[str, ...]
) -> None:
    # `run` without chat credentials and without a terminal (as here) also says it has
    # nothing to serve, in the same report.
    unserved = command == "run" and not any(k.startswith(("SLACK_", "DISCORD_")) for k in env)
    found = refused_with(run_rebound(command, env=env), 2 if unserved else 1)
    unserving = [line for line in found if line.startswith("no Slack or Discord credentials")]
    assert len(unserving) == unserved, found
    (line,) = [line for line in found if line not in unserving]
    for word in words:
        assert word in line, line


def test_an_unreachable_database_is_named_by_host_and_port_never_the_password(
    run_rebound: Run,
) -> None:
    env = {"DATABASE_URL": "postgres://rebound:hunter2@127.0.0.1:1/rebound"}
    (line,) = refused_with(run_rebound("tick", env=env), 1)
    assert line.startswith("DATABASE_URL=postgres://rebound:***@127.0.0.1:1/rebound: ")
    assert "cannot connect to the PostgreSQL server at 127.0.0.1:1 within 3 s" in line
    assert "refused" in line.lower() and "check that it is running" in line


@pytest.mark.parametrize("command", ["run", "tick"])
def test_every_problem_is_listed_at_once(run_rebound: Run, command: str, tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-sekrit-77",  # HTTP mode without its signing secret
        "SLACK_CLIENT_SECRET": "cs-sekrit-11",  # half of the OAuth pair, and it contradicts
        "DISCORD_TOKEN": "not a token",
        "REBOUND_TIMEZONE": "Mars/Olympus",
        "DUE_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "loud",
        "PORT": "70000",
        "DATABASE_URL": str(tmp_path / "missing" / "rebound.db"),
    }
    listed = refused_with(run_rebound(command, env=env), 9)
    starts = [line.split(" ", 1)[0].split("=", 1)[0].rstrip(":") for line in listed]
    assert starts == [
        "REBOUND_TIMEZONE",
        "LOG_LEVEL",
        "DUE_INTERVAL_SECONDS",
        "PORT",
        "SLACK_CLIENT_ID",
        "SLACK_SIGNING_SECRET",
        "SLACK_BOT_TOKEN",  # contradicts the OAuth pair
        "DISCORD_TOKEN",
        "DATABASE_URL",
    ], listed
    assert not (tmp_path / "missing").exists(), "a refused start creates nothing"


def test_a_refused_start_leaves_no_database_file_behind(run_rebound: Run, tmp_path: Path) -> None:
    result = run_rebound("tick", env={"LOG_LEVEL": "loud", "DATABASE_URL": "fresh.db"})
    refused_with(result, 1)
    assert not (tmp_path / "fresh.db").exists()


def test_a_file_that_is_not_sqlite_is_refused(run_rebound: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (line,) = refused_with(run_rebound("tick", env={"DATABASE_URL": "notes.txt"}), 1)
    assert "DATABASE_URL=notes.txt is not a SQLite database" in line
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes\n", "left alone"


def test_a_folder_where_no_file_can_be_created_is_refused_at_once(run_rebound: Run) -> None:
    """/proc says "writable" to root's permission check, yet nothing can be created there: the
    check tries, so the problem comes with the others instead of one start later."""
    (line,) = refused_with(run_rebound("tick", env={"DATABASE_URL": "/proc/rebound.db"}), 1)
    assert "DATABASE_URL=/proc/rebound.db: this user cannot create files in /proc" in line


def test_good_settings_start_as_before(run_rebound: Run) -> None:
    result = run_rebound("tick", "--at", "2026-12-01T12:00+00:00", env={"LOG_FORMAT": "JSON"})
    assert result.returncode == 0, result.stderr
    assert "nothing was due" in result.stdout


def test_a_postgresql_server_that_answers_passes_and_a_missing_database_is_named() -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (a PostgreSQL server to connect to)")
    assert database_check.problems(url, "DATABASE_URL") == []
    parts = make_url(url)
    missing = parts.set(database="rebound_no_such_db", password="hunter2")
    (line,) = database_check.problems(missing.render_as_string(hide_password=False), "--db")
    assert f"at {parts.host}:{parts.port or 5432}" in line
    assert "rebound_no_such_db" in line and "does not exist" in line
    assert "hunter2" not in line and ":***@" in line


def test_a_env_line_that_cannot_be_read_stops_the_start(run_rebound: Run, tmp_path: Path) -> None:
    # An unclosed quote: python-dotenv would skip the line, and the bot start on ./rebound.db.
    (tmp_path / ".env").write_text(
        "DATABASE_URL=\"/tmp/x.db\nLOG_LEVEL=INFO\nSLACK_BOT_TOKEN='xoxb-sekrit-77\n",
        encoding="utf-8",
    )
    result = run_rebound("tick", env={"LOG_LEVEL": "chatty"})
    listed = refused_with(result, 3)
    assert listed[0].startswith(".env line 1 (DATABASE_URL) cannot be read"), listed
    assert listed[1].startswith(".env line 3 (SLACK_BOT_TOKEN) cannot be read"), listed
    assert "close a quote" in listed[0]
    assert listed[2].startswith("LOG_LEVEL=chatty"), "the other problems in the same report"
    assert "could not parse" not in result.stderr, "python-dotenv's own warning is not repeated"
    assert not (tmp_path / "rebound.db").exists()


def test_a_env_file_that_is_not_utf8_is_named_not_a_traceback(
    run_rebound: Run, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_bytes(b"LOG_LEVEL=INFO\nREBOUND_TIMEZONE=Europe/Z\xfcrich\n")
    (line,) = refused_with(run_rebound("tick"), 1)
    assert line.startswith(".env line 2 is not UTF-8 text"), line


def test_a_env_file_saved_with_a_byte_order_mark_keeps_its_first_setting(
    run_rebound: Run, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=chatty\n", encoding="utf-8-sig")
    (line,) = refused_with(run_rebound("tick"), 1)
    assert line.startswith("LOG_LEVEL=chatty"), "the first line was read, past the mark"
