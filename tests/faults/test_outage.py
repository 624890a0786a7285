"""`rebound run` through a 30-second database outage, once refused and once silent, while Slack
sends commands and nudges fall due: every command is answered in time and tells the truth,
and once the database is back the heartbeat delivers every due nudge exactly once by itself.

The outage starts in the middle of a due pass (Slack is slowed so the pass is still sending),
and more nudges fall due while it lasts. Commands arrive every two seconds throughout; each
answer must reach Slack's response URL within 3 s of Slack's own 3-second deadline, and say
either the result or "nothing was recorded". Afterwards the database must hold exactly the
commands answered with a result, and the fake Slack exactly one DM per due nudge's work key.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from bot.records import FollowUpKind
from bot.values import Actor
from storage import models
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import SECRET, free_port, until_listening
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.adapters.test_slack_process import slack_env
from tests.e2e.conftest import REBOUND
from tests.faults.proxy import Partition
from tests.faults.test_partition import through
from tests.storage.support import POSTGRES_ONLY

pytestmark = POSTGRES_ONLY

OUTAGE_SECONDS = 30
DUE_BEFORE = 30  # due at start: the first pass is still sending them when the outage begins
DUE_DURING = 10  # fall due while the database is away
COMMAND_EVERY = 2.0  # seconds between commands during the outage
ANSWER_WITHIN = 3.0 + 3.0  # Slack's deadline for a command, plus the 3 s allowed beyond it
RESUME_WITHIN = 60.0  # seconds after healing for every due nudge to arrive


@dataclass
class Answer:
    company: str
    text: str
    seconds: float


@pytest.fixture
def proxy(database_url: str) -> Iterator[Partition]:
    url = make_url(database_url)
    with Partition(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


def seed_due(engine: Engine, first: int, count: int, due: datetime) -> list[str]:
    """`count` Slack members, each with one thank-you nudge due at `due`; their user ids."""
    users = [f"U{n}" for n in range(first, first + count)]
    logged = due - timedelta(days=2)
    with SqlUnitOfWork(engine)() as repo:
        for user in users:
            who = Actor("slack", "T1", user, f"Member {user}", "C1", "job-hunt")
            member = repo.ensure_member(who, logged)
            # Any hour of any day: the nudge is due now, not in the member's morning.
            repo.save_member(
                replace(member, quiet_hours="", skip_weekends=False, quiet_hours_chosen=True)
            )
            rejection = repo.add_rejection(member.id, f"Company {user}", "", "", logged)
            repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, logged)
        for group in repo.groups():  # nudges only: no group posts to count around
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    return users


def dm_keys(fake: FakeSlack, users: list[str]) -> Counter[str]:
    """How many DMs the fake Slack holds for each work key."""
    keys: Counter[str] = Counter()
    for user in users:
        for message in fake.messages(user):
            keys.update(message["metadata"]["event_payload"]["keys"].split())
    return keys


def followup_states(engine: Engine) -> Counter[str]:
    with engine.connect() as db:
        return Counter(db.scalars(select(models.FollowUpRow.state)))


def stored_companies(engine: Engine) -> set[str]:
    with engine.connect() as db:
        return set(db.scalars(select(models.RejectionRow.company)))


async def command(http: aiohttp.ClientSession, base: str, fake: FakeSlack, company: str) -> Answer:
    """A signed /rejected; its answer from the response URL, and how long it took to arrive."""
    body = slash_command_body("/rejected", company, response_url=fake.response_url(company))
    started = time.monotonic()
    async with http.post(
        f"{base}/slack/events", data=body, headers=signed_headers(SECRET, body)
    ) as response:
        assert response.status == 200
    while not fake.responses_to(company) and time.monotonic() - started < 20:  # noqa: ASYNC110
        await asyncio.sleep(0.02)
    answers = fake.responses_to(company)
    text = json.dumps(answers[0]) if answers else "(no answer)"
    return Answer(company, text, time.monotonic() - started)


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


async def outage(
    fail: Callable[[], None],
    engine: Engine,
    database_url: str,
    schema: str | None,
    proxy: Partition,
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    users = seed_due(engine, 100, DUE_BEFORE, now - timedelta(minutes=1))
    fake = FakeSlack()
    await fake.start()
    fake.delay_next("chat.postMessage", 0.25, times=DUE_BEFORE)  # a pass that takes a while
    port = free_port()
    env = slack_env(fake, tmp_path, PORT=str(port), DUE_INTERVAL_SECONDS="5", LOG_LEVEL="INFO")
    env.update(DATABASE_URL=through(database_url, proxy, schema), REBOUND_TIMEZONE="UTC")
    log = tmp_path / "stderr.log"  # a file, not a pipe: a full pipe would stop the process
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            str(REBOUND), "run", env=env, cwd=tmp_path, stderr=stderr
        )
    base = f"http://127.0.0.1:{port}"
    answers: list[Answer] = []
    try:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, base, process)
            answers.append(await command(http, base, fake, "Before Inc"))

            await until(lambda: len(fake.calls_to("chat.postMessage")) >= 8, 30, "no pass ran")
            fail()
            sent_before = sum(dm_keys(fake, users).values())
            assert sent_before < DUE_BEFORE, "the outage began in the middle of the pass"
            users += seed_due(engine, 200, DUE_DURING, datetime.now(UTC))

            started = time.monotonic()
            asked: list[asyncio.Task[Answer]] = []
            n = 0
            while time.monotonic() - started < OUTAGE_SECONDS:
                asked.append(asyncio.create_task(command(http, base, fake, f"During {n} Ltd")))
                n += 1
                await asyncio.sleep(COMMAND_EVERY)
            proxy.heal()
            answers += await asyncio.gather(*asked)

            await asyncio.sleep(2)  # what an abandoned transaction sent arrives now: no commit
            answers.append(await command(http, base, fake, "After Inc"))
            total = DUE_BEFORE + DUE_DURING
            await until(
                lambda: len(dm_keys(fake, users)) == total,
                RESUME_WITHIN,
                "due work did not resume after the outage",
            )
            await asyncio.sleep(6)  # one more beat: nothing is sent twice
    finally:
        proxy.heal()
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), timeout=20)
        await fake.stop()

    logged_text = log.read_text()
    assert process.returncode == 0, logged_text[-2000:]
    keys = dm_keys(fake, users)
    assert len(keys) == DUE_BEFORE + DUE_DURING, "no nudge lost"
    assert set(keys.values()) == {1}, "no nudge twice"
    assert followup_states(engine)["sent"] == DUE_BEFORE + DUE_DURING

    slowest = max(a.seconds for a in answers)
    print(  # the figures docs/reliability.md quotes (pytest -s shows them)
        f"commands={len(answers)} refused={sum('nothing was recorded' in a.text for a in answers)}"
        f" slowest={slowest:.2f}s nudges={len(keys)} duplicates={sum(keys.values()) - len(keys)}"
    )
    late = [(a.company, round(a.seconds, 1)) for a in answers if a.seconds > ANSWER_WITHIN]
    assert not late, f"answered too late: {late}"
    logged = {a.company for a in answers if "Logged" in a.text}
    refused = {a.company for a in answers if "nothing was recorded" in a.text}
    assert logged | refused == {a.company for a in answers}, [a.text for a in answers]
    assert refused, "the outage was noticed"
    assert {"Before Inc", "After Inc"} <= logged
    stored = stored_companies(engine)
    assert logged <= stored, "every command answered with a result is stored"
    assert not refused & stored, "nothing was recorded for the ones told so"
    assert not [c for c in (*logged, *refused) if c in logged_text], "no company in the logs"


async def test_a_database_refusing_connections_for_30_s(
    engine: Engine, database_url: str, schema: str | None, proxy: Partition, tmp_path: Path
) -> None:
    await outage(proxy.refuse, engine, database_url, schema, proxy, tmp_path)


async def test_a_database_silently_dropping_traffic_for_30_s(
    engine: Engine, database_url: str, schema: str | None, proxy: Partition, tmp_path: Path
) -> None:
    await outage(proxy.cut, engine, database_url, schema, proxy, tmp_path)
