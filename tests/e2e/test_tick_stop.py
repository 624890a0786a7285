"""`rebound tick` stopped by SIGTERM in the middle of its pass says so, hands back what it had
not sent (no 10-minute lease to wait out), and the next tick delivers the rest exactly once."""

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

ITEMS = 1_500
DUE = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=url, REBOUND_TIMEZONE="UTC")
    return env


def states(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as db:
        rows = db.execute(text("select state, count(*) from followups group by state")).all()
    engine.dispose()
    return {state: count for state, count in rows}


def test_sigterm_mid_tick_says_so_hands_the_rest_back_and_the_next_tick_sends_it(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'rebound.db'}"
    seed_due_followups(url, ITEMS, DUE)
    transcript = tmp_path / "transcript.txt"
    tick = [str(REBOUND), "tick", "--transcript", str(transcript), "--at", DUE.isoformat()]

    process = subprocess.Popen(
        tick, cwd=tmp_path, env=environment(url), stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while len(delivered_keys(transcript.read_text() if transcript.exists() else "")) < 25:
        assert process.poll() is None, "the pass finished before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    said, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    before = delivered_keys(transcript.read_text())
    assert 25 <= len(before) < ITEMS, "stopped in the middle of the pass"
    assert f"delivered {len(before)} messages; stopped before the end" in said
    assert "handed back for the next pass" in said
    assert states(url) == {"sent": len(before), "pending": ITEMS - len(before)}, "none left"

    # At the same moment, not after a lease: nothing was left claimed.
    again = subprocess.run(
        tick, cwd=tmp_path, env=environment(url), capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert f"delivered {ITEMS - len(before)} messages." in again.stdout
    counts = Counter(delivered_keys(transcript.read_text()))
    assert len(counts) == ITEMS and set(counts.values()) == {1}
    assert states(url) == {"sent": ITEMS}
