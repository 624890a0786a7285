"""Several `rebound` processes on one PostgreSQL database: every item is delivered once."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text

from storage.db import make_engine, normalize_url
from tests.e2e.conftest import REBOUND
from tests.e2e.seeding import delivered_keys, seed_due_followups

ITEMS = 1000
DUE = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_schema() -> Iterator[tuple[str, str]]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set; the replica test needs PostgreSQL")
    name = f"t_{uuid.uuid4().hex}"
    admin = make_engine(url)
    with admin.begin() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        yield normalize_url(url), name
    finally:
        with admin.begin() as db:
            db.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


def test_three_processes_deliver_a_thousand_items_exactly_once(
    postgres_schema: tuple[str, str], tmp_path: Path
) -> None:
    url, schema = postgres_schema
    seed_due_followups(url, ITEMS, DUE, schema=schema)
    separator = "&" if "?" in url else "?"
    process_url = f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=process_url, REBOUND_TIMEZONE="UTC")

    transcripts = [tmp_path / f"replica-{n}.txt" for n in range(3)]
    processes = [
        subprocess.Popen(
            [str(REBOUND), "tick", "--at", DUE.isoformat(), "--transcript", str(path)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in transcripts
    ]
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err

    per_replica = [delivered_keys(path.read_text()) for path in transcripts if path.exists()]
    counts = Counter(key for keys in per_replica for key in keys)
    assert len(counts) == ITEMS
    assert set(counts.values()) == {1}
    assert sum(1 for keys in per_replica if keys) >= 2, "the work was shared between replicas"

    engine = make_engine(url, schema=schema)
    with engine.connect() as db:
        rows = db.execute(text("select state, count(*) from followups group by state")).all()
    engine.dispose()
    assert dict(rows) == {"sent": ITEMS}
