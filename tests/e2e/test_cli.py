"""The `rebound` program as a person or cron meets it: what `tick` says it did, what the console
leaves for a later tick, and a plain answer (never a traceback) for a mistake."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import Run
from tests.e2e.seeding import delivered_keys

UTC_ENV = {"REBOUND_TIMEZONE": "UTC"}


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A person's mistake: exit code 2, one short answer on stderr, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("rebound: ")
    for word in words:
        assert word in result.stderr, result.stderr


# --- 12: the console's zone is the group's, and tick says what it did --------------------------


def test_a_later_tick_uses_the_zone_the_console_ran_the_group_in(run_rebound: Run) -> None:
    start = ("--at", "2026-12-01T12:00+00:00", "--tz", "Asia/Tokyo")
    # Wednesday's networking prompt (12:00 in Tokyo) goes out during the console session.
    session = run_rebound("console", *start, stdin="/applied Acme\n/clock +1d\n", env=UTC_ENV)
    assert session.returncode == 0, session.stderr
    assert "[#general] Wed 2 Dec 2026, 12:00 JST" in session.stdout

    # A tick on the same database, on a machine set to UTC, at Monday 09:00 in Tokyo.
    tick = run_rebound("tick", "--at", "2026-12-07T00:00+00:00", env=UTC_ENV)
    assert tick.returncode == 0, tick.stderr
    assert "[#general] Mon 7 Dec 2026, 09:00 JST" in tick.stdout
    assert "delivered 1 message." in tick.stdout
    assert "missed" not in tick.stdout, "the UTC rhythm would mark a networking prompt missed"


def test_a_console_started_again_without_tz_keeps_the_groups_zone(run_rebound: Run) -> None:
    run_rebound(
        "console", "--at", "2026-12-01T12:00+00:00", "--tz", "Asia/Tokyo", stdin="/momentum"
    )
    again = run_rebound(
        "console", "--at", "2026-12-01T13:00+00:00", stdin="/rebound timezone\n", env=UTC_ENV
    )
    assert again.returncode == 0, again.stderr
    assert "It is Tue 1 Dec 2026, 22:00 JST." in again.stdout
    assert "I use the group's, Asia/Tokyo" in again.stdout
    tick = run_rebound("tick", "--at", "2026-12-07T00:00+00:00", env=UTC_ENV)
    assert "[#general] Mon 7 Dec 2026, 09:00 JST" in tick.stdout, tick.stdout
    moved = run_rebound("console", "--at", "2026-12-07T01:00+00:00", "--tz", "UTC", stdin="/clock")
    assert "It is Mon 7 Dec 2026, 01:00 UTC." in moved.stdout, "--tz still moves the group"


def test_tick_reports_what_it_delivered_deferred_and_marked_missed(run_rebound: Run) -> None:
    lines = ["/rebound quiet off", "/rejected Acme", "/as Sam", "/rejected Initech"]
    start = ("--at", "2026-12-01T12:00+00:00", "--tz", "UTC")
    run_rebound("console", *start, stdin="\n".join(lines))
    # Both thank-yous were due Wednesday 10:00, but nothing ran until 22:00 (downtime): the
    # member with quiet hours off gets theirs (and the group its networking prompt, due at noon);
    # Sam's waits for the end of Sam's quiet hours.
    wednesday = run_rebound("tick", "--at", "2026-12-02T22:00+00:00", env=UTC_ENV)
    assert wednesday.returncode == 0, wednesday.stderr
    assert wednesday.stdout.strip().splitlines()[-1] == (
        "As of 2026-12-02T22:00:00+00:00: delivered 2 messages; deferred 1 follow-up nudge to "
        "the end of their member's quiet hours or weekend."
    )
    # A week later: everything that fell due in between is too late, and each kind is named.
    later = run_rebound("tick", "--at", "2026-12-09T10:00+00:00", env=UTC_ENV)
    summary = later.stdout.strip().splitlines()[-1]
    # Sam's deferred thank-you (Thursday 08:00), both feedback requests (Monday 10:00) and
    # Monday's weekly summary.
    assert summary == (
        "As of 2026-12-09T10:00:00+00:00: delivered 0 messages; marked missed 4 (3 follow-up "
        "nudges, 1 weekly summary): too late to send."
    )


def test_a_tick_with_nothing_due_says_so(run_rebound: Run) -> None:
    result = run_rebound("tick", "--at", "2026-12-01T12:00+00:00", env=UTC_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "As of 2026-12-01T12:00:00+00:00: delivered 0 messages; nothing was due."
    )


# --- 13: `tick --transcript` does what README says ---------------------------------------------


def test_tick_transcript_appends_keys_and_a_restarted_tick_does_not_resend(
    run_rebound: Run, tmp_path: Path
) -> None:
    run_rebound(
        "console", "--at", "2026-12-01T12:00+00:00", "--tz", "UTC", stdin="/rejected Acme\n"
    )
    (tmp_path / "out.txt").write_text("earlier lines stay\n", encoding="utf-8")
    first = run_rebound("tick", "--at", "2026-12-02T10:00+00:00", "--transcript", "out.txt")
    assert first.returncode == 0, first.stderr
    assert "[DM → you]" not in first.stdout, "deliveries go to the file, not the terminal"
    written = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert written.startswith("earlier lines stay\n[DM → you] Wed 2 Dec 2026, 10:00 UTC")
    (key,) = delivered_keys(written)
    assert key.startswith("followup:")

    # As if that tick had been killed after printing but before recording the delivery.
    engine = create_engine(f"sqlite:///{tmp_path / 'rebound.db'}")
    with engine.begin() as db:
        db.execute(
            text("update followups set state = 'sending', updated_at = :at where state = 'sent'"),
            {"at": "2026-12-02 10:00:00.000000"},
        )
    again = run_rebound("tick", "--at", "2026-12-02T10:15+00:00", "--transcript", "out.txt")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == written, "not sent twice"
    with engine.connect() as db:
        states = db.execute(text("select state from followups")).scalars().all()
    engine.dispose()
    assert sorted(states) == ["pending", "pending", "sent"]


# --- 16: a person's mistake gets an answer, not a traceback ------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (("tick",), {"LOG_LEVEL": "verbose"}, ("LOG_LEVEL=verbose", "DEBUG, INFO, WARNING")),
        (
            ("tick",),
            {"DUE_INTERVAL_SECONDS": "1"},
            ("DUE_INTERVAL_SECONDS=1: must be a whole number between 5 and 300",),
        ),
        (
            ("console", "--db", "/nonexistent/dir/x.db"),
            {},
            ("--db=/nonexistent/dir/x.db", "the folder /nonexistent/dir does not exist"),
        ),
        (
            ("db", "upgrade", "--db", "postgresql+psycopg://nobody:pw@127.0.0.1:1/x"),
            {},
            ("cannot reach the database --db=postgresql+psycopg://nobody:***@127.0.0.1:1/x",),
        ),
        (("tick",), {"DATABASE_URL": "nosuchdb://x"}, ("DATABASE_URL=nosuchdb://x", "file path")),
        (("db", "downgrade", "9999"), {}, ("revision '9999'", "-1", "base", "0001")),
        (("console", "--tz", "Mars/Olympus"), {}, ("--tz", "Mars/Olympus", "Europe/Berlin")),
        (
            ("tick", "--transcript", "/nonexistent/dir/out.txt"),
            {},
            ("--transcript /nonexistent/dir/out.txt", "folder exists"),
        ),
    ],
)
def test_mistakes_get_a_plain_answer_and_exit_code_2(
    run_rebound: Run, args: tuple[str, ...], env: dict[str, str], words: tuple[str, ...]
) -> None:
    result = run_rebound(*args, env=env)
    refused(result, *words)
    assert "pw" not in result.stderr, "a password is never repeated back"


def test_every_bad_setting_is_named_at_once(run_rebound: Run) -> None:
    env = {"LOG_LEVEL": "loud", "DUE_INTERVAL_SECONDS": "soon", "REBOUND_TIMEZONE": "EST"}
    result = run_rebound("tick", env=env)
    refused(result, "3 problems in its settings", "LOG_LEVEL=loud", "DUE_INTERVAL_SECONDS=soon")
    assert "REBOUND_TIMEZONE=EST" in result.stderr
    assert "America/New_York" in result.stderr


# --- 17: piped input ends the console cleanly --------------------------------------------------


def test_piped_console_exits_cleanly(run_rebound: Run) -> None:
    # A clock that follows real time starts the heartbeat, whose first beat runs at once, so
    # the end of input usually arrives while that beat is in the database. Several tries.
    for _ in range(5):
        result = run_rebound("console", "--tz", "UTC", stdin="/clock\n")
        assert result.returncode == 0
        assert result.stderr == ""
        assert "It is now" in result.stdout


# --- 18: refuse what cannot work ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "notaurl",
        "http://rebound.example.com",
        "https://",
        "https:///x",
        "https://rebound.example.com/?team=1",
        "https://rebound.example.com/#top",
    ],
)
def test_slack_manifest_needs_an_https_url_with_a_host(run_rebound: Run, url: str) -> None:
    refused(run_rebound("slack", "manifest", "--url", url), repr(url), "https", "Socket Mode")


def test_console_time_travel_goes_at_most_a_year_per_step(run_rebound: Run) -> None:
    lines = ["/rejected Acme", "/clock +99999w", "/clock +999999999999999w", "/clock 2031-01-01"]
    result = run_rebound(
        "console", "--at", "2026-12-01T12:00", "--tz", "UTC", stdin="\n".join(lines)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("at most a year per step") == 3
    assert "[DM" not in result.stdout, "nothing moved"
    assert len(result.stdout.splitlines()) < 40
    year = run_rebound("console", "--at", "2026-12-01T12:00", "--tz", "UTC", stdin="/clock +52w\n")
    assert "It is now Tue 30 Nov 2027, 12:00 UTC" in year.stdout


def test_console_tz_refuses_an_abbreviation(run_rebound: Run) -> None:
    refused(run_rebound("console", "--tz", "PST"), "'PST'", "America/Los_Angeles")
    assert re.search(r"daylight saving", run_rebound("console", "--tz", "UTC+5").stderr)


def test_an_unwritable_files_folder_is_reported_not_a_traceback(
    run_rebound: Run, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # no folder can be made inside it
    start = ("--at", "2026-12-01T12:00", "--tz", "UTC", "--files", "a-file/saved")
    result = run_rebound("console", *start, stdin="/rejected Acme\n/rebound export\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "not saved: cannot write a-file/saved/1-rebound-export.json" in result.stdout
