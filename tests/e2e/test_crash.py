"""A `rebound` process killed with SIGKILL in the middle of a pass loses nothing and, once
started again, delivers every remaining item exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.conftest import REBOUND
from tests.e2e.seeding import delivered_keys, seed_due_followups

ITEMS = 1_500  # enough that a pass at a few thousand items a second is caught in the middle
DUE = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=url, REBOUND_TIMEZONE="UTC")
    return env


def test_sigkill_mid_pass_then_restart_delivers_each_item_exactly_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rebound.db'}"
    seed_due_followups(url, ITEMS, DUE)
    transcript = tmp_path / "transcript.txt"
    tick = [str(REBOUND), "tick", "--transcript", str(transcript)]

    process = subprocess.Popen([*tick, "--at", DUE.isoformat()], cwd=tmp_path, env=environment(url))
    deadline = time.monotonic() + 60
    while len(delivered_keys(transcript.read_text() if transcript.exists() else "")) < 25:
        assert process.poll() is None, "the pass finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = delivered_keys(transcript.read_text())
    assert 25 <= len(before) < ITEMS, "killed in the middle of the pass"

    # Started again a quarter of an hour later: the dead process's claims have expired.
    restart = subprocess.run(
        [*tick, "--at", "2026-12-02T10:15:00+00:00"],
        cwd=tmp_path,
        env=environment(url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert restart.returncode == 0, restart.stderr

    counts = Counter(delivered_keys(transcript.read_text()))
    assert len(counts) == ITEMS
    assert set(counts.values()) == {1}, [k for k, n in counts.items() if n > 1][:5]
    engine = create_engine(url)
    with engine.connect() as db:
        rows = db.execute(text("select state, count(*) from followups group by state")).all()
    engine.dispose()
    assert dict(rows) == {"sent": ITEMS}
