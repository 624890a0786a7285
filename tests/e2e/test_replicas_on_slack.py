"""Two `rebound run` replicas (Slack HTTP mode) and a `rebound tick` on one PostgreSQL database,
1,000 nudges falling due while both replicas serve slash commands: every nudge reaches its
member's DM exactly once, every command is answered and recorded once, and both replicas stay
healthy and stop cleanly on SIGTERM.

The three processes are real `rebound` subprocesses against one fake Slack Web API. Each has a
bot token of its own ("xoxb-T1-a" ...; the fake takes them all as workspace T1's) only so that
the fake's record shows which process sent what, printed with `-s`. Slack is slowed to 20 ms a
post (the real one is slower), so no process should empty the queue alone before the others'
next beat. The nudges are seeded while the replicas start, due tomorrow, and all fall due at
once when both listen. Commands keep arriving, one replica then the other, from then until the
last nudge is recorded as sent.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import Engine, select, update
from sqlalchemy.engine import make_url

from bot.delivery.nudges import work_key
from bot.records import FollowUpKind
from bot.values import Actor
from storage import models
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import SECRET, free_port, until_listening
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.adapters.test_slack_process import slack_env
from tests.e2e.conftest import REBOUND
from tests.storage.support import POSTGRES_ONLY

pytestmark = POSTGRES_ONLY

ITEMS = 1000
POST_SECONDS = 0.02  # the fake Slack's time per chat.postMessage
LANES = 2  # commands awaiting their answer at any moment
PAUSE = 0.2  # seconds between a command's answer and its lane's next command
MIN_COMMANDS = 50  # at least this many, however quickly the nudges go out
ANSWER_WITHIN = 3.0 + 3.0  # to the response URL: Slack's 3 s, plus 3 s (as tests/faults)
DELIVER_WITHIN = 240.0  # generous: the test must not depend on how fast a pass is
TOKENS = {"run-a": "xoxb-T1-a", "run-b": "xoxb-T1-b", "tick": "xoxb-T1-tick"}


@dataclass(frozen=True)
class Nudge:
    id: int
    channel: str  # the member's DM
    company: str


@dataclass(frozen=True)
class Answer:
    company: str
    text: str
    acked: float  # seconds until the HTTP answer (Slack gives up after 3)
    seconds: float  # seconds until the answer reached the response URL


def on_schema(database_url: str, schema: str | None) -> str:
    """`database_url` with the test's schema as every connection's search path."""
    url = make_url(database_url)
    if schema is not None:
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def seed(engine: Engine, count: int, due: datetime) -> dict[str, Nudge]:
    """`count` Slack members of one group, each with one thank-you nudge due at `due`; the
    nudges by work key. The group's organiser turned quiet hours and the weekly posts off, so
    the nudges go out at any hour and are all there is to count."""
    logged = due - timedelta(days=3)
    uow = SqlUnitOfWork(engine)
    with uow() as repo:
        for n in range(count):
            who = Actor("slack", "T1", f"U{n}", f"Member {n}", "C1", "job-hunt")
            member = repo.ensure_member(who, logged)
            rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
            repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, logged)
        (group,) = repo.groups()
        repo.save_group(
            replace(group, default_quiet_hours="", summary_schedule="", networking_schedule="")
        )
    with uow() as repo:
        users = {member.id: member.user_id for member in repo.group_members(group.id)}
        followups = repo.due_followups(due, count)
    return {work_key(f): Nudge(f.id, "D" + users[f.member_id], f.company) for f in followups}


def fall_due(engine: Engine, nudges: Collection[Nudge], when: datetime) -> None:
    """The time the nudges were due for comes, for all of them at once."""
    with engine.begin() as db:
        ids = [nudge.id for nudge in nudges]
        db.execute(
            update(models.FollowUpRow).where(models.FollowUpRow.id.in_(ids)).values(due_at=when)
        )


def states(engine: Engine, nudges: Collection[Nudge]) -> Counter[str]:
    """How many of `nudges` are in each state (the commands add follow-ups of their own)."""
    ids = [nudge.id for nudge in nudges]
    with engine.connect() as db:
        query = select(models.FollowUpRow.state).where(models.FollowUpRow.id.in_(ids))
        return Counter(db.scalars(query))


def kept_dms(fake: FakeSlack, nudges: Collection[Nudge]) -> list[tuple[str, str, str]]:
    """(channel, work key, text) for every work key of every message the fake Slack kept in
    the members' DMs."""
    kept = []
    for channel in sorted({nudge.channel for nudge in nudges}):
        for message in fake.messages(channel):
            keys = str(message["metadata"]["event_payload"]["keys"])
            text = json.dumps(message.get("blocks")) + str(message.get("text"))
            kept += [(channel, key, text) for key in keys.split()]
    return kept


def twice(fake: FakeSlack, nudges: Collection[Nudge]) -> list[str]:
    """The work keys the fake Slack kept more than one DM for."""
    counts = Counter(key for _channel, key, _text in kept_dms(fake, nudges))
    return sorted(key for key, n in counts.items() if n > 1)


def senders(fake: FakeSlack) -> Counter[str]:
    """How many chat.postMessage calls each process made."""
    names = {token: name for name, token in TOKENS.items()}
    return Counter(names.get(call.token or "", "?") for call in fake.calls_to("chat.postMessage"))


def stored_rejections(engine: Engine, companies: list[str]) -> Counter[str]:
    with engine.connect() as db:
        query = select(models.RejectionRow.company).where(
            models.RejectionRow.company.in_(companies)
        )
        return Counter(db.scalars(query))


async def command(
    http: aiohttp.ClientSession, base: str, fake: FakeSlack, company: str, user: str
) -> Answer:
    """`user`'s signed /rejected; its answer from the response URL, and how long it took."""
    body = slash_command_body(
        "/rejected", company, response_url=fake.response_url(company), user=user
    )
    started = time.monotonic()
    async with http.post(
        f"{base}/slack/events", data=body, headers=signed_headers(SECRET, body)
    ) as response:
        assert response.status == 200, company
    acked = time.monotonic() - started
    deadline = started + 2 * ANSWER_WITHIN
    while not fake.responses_to(company) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.02)
    answers = fake.responses_to(company)
    text = json.dumps(answers[0]) if answers else "(no answer)"
    return Answer(company, text, acked, time.monotonic() - started)


async def traffic_until_sent(
    http: aiohttp.ClientSession,
    bases: list[str],
    fake: FakeSlack,
    engine: Engine,
    nudges: dict[str, Nudge],
) -> list[Answer]:
    """/rejected from members whose nudges are on their way, alternating between the replicas,
    until every nudge is recorded as sent (and at least `MIN_COMMANDS`); every answer."""
    answers: list[Answer] = []
    users = [nudge.channel.removeprefix("D") for nudge in nudges.values()]
    sent = asyncio.Event()
    started = time.monotonic()

    async def watch() -> None:
        while (found := await asyncio.to_thread(states, engine, nudges.values())) != Counter(
            {"sent": ITEMS}
        ):
            assert time.monotonic() - started < DELIVER_WITHIN, f"still unsent: {found}"
            assert twice(fake, nudges.values()) == [], "a nudge sent twice"  # fail fast
            await asyncio.sleep(0.5)
        sent.set()

    async def lane(n: int) -> None:
        while n < MIN_COMMANDS or not sent.is_set():
            user = users[(n * 37) % len(users)]
            answers.append(await command(http, bases[n % 2], fake, f"Replica Co {n}", user))
            n += LANES
            await asyncio.sleep(PAUSE)

    await asyncio.gather(watch(), *(lane(n) for n in range(LANES)))
    return answers


async def test_two_replicas_and_a_tick_deliver_a_thousand_nudges_once_while_serving_commands(
    engine: Engine, database_url: str, schema: str | None, tmp_path: Path
) -> None:
    started = time.monotonic()
    fake = FakeSlack()
    await fake.start()
    fake.delay_next("chat.postMessage", POST_SECONDS, times=10 * ITEMS)
    ports = {"run-a": free_port(), "run-b": free_port()}
    bases = [f"http://127.0.0.1:{port}" for port in ports.values()]
    logs = {name: tmp_path / f"{name}.log" for name in TOKENS}

    async def start(name: str, *args: str, **extra: str) -> asyncio.subprocess.Process:
        env = slack_env(fake, tmp_path, DUE_INTERVAL_SECONDS="5", LOG_LEVEL="WARNING", **extra)
        env.update(DATABASE_URL=on_schema(database_url, schema), SLACK_BOT_TOKEN=TOKENS[name])
        with logs[name].open("w") as log:  # a file: a pipe nobody reads could fill and block
            return await asyncio.create_subprocess_exec(
                str(REBOUND), *args, env=env, cwd=tmp_path, stdout=log, stderr=log
            )

    runs = [await start(name, "run", PORT=str(port)) for name, port in ports.items()]
    tick: asyncio.subprocess.Process | None = None
    try:
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        nudges = await asyncio.to_thread(seed, engine, ITEMS, tomorrow)
        assert len(nudges) == ITEMS
        async with aiohttp.ClientSession() as http:
            for base, run in zip(bases, runs, strict=True):
                await until_listening(http, base, run, seconds=60)
            ready_in = time.monotonic() - started
            now = datetime.now(UTC)
            await asyncio.to_thread(fall_due, engine, nudges.values(), now - timedelta(minutes=1))
            tick = await start("tick", "tick")
            answers = await traffic_until_sent(http, bases, fake, engine, nudges)
            delivered_in = time.monotonic() - started - ready_in
            await asyncio.wait_for(tick.wait(), timeout=DELIVER_WITHIN)
            assert tick.returncode == 0, logs["tick"].read_text()
            for base in bases:  # both replicas still healthy after all that
                async with http.get(f"{base}/healthz") as health:
                    assert health.status == 200, await health.text()
        stopping = time.monotonic()
        for run in runs:
            run.send_signal(signal.SIGTERM)
        for name, run in zip(ports, runs, strict=True):
            await asyncio.wait_for(run.wait(), timeout=20)
            assert run.returncode == 0, logs[name].read_text()
        stopped_in = time.monotonic() - stopping
    finally:
        for process in [*runs, tick]:
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        await fake.stop()

    # Every nudge exactly once, in its own member's DM, naming its company; all recorded sent.
    dms = kept_dms(fake, nudges.values())
    counts = Counter(key for _channel, key, _text in dms)
    assert twice(fake, nudges.values()) == [], "a nudge sent twice"
    assert set(counts) == set(nudges), "a nudge missing, or one nobody seeded"
    for channel, key, text in dms:
        assert channel == nudges[key].channel, key
        assert nudges[key].company in text, key
    assert states(engine, nudges.values()) == Counter({"sent": ITEMS})
    shares = senders(fake)
    assert shares.total() == ITEMS, shares  # nothing else posted, nothing refused
    # The work is shared: a claim takes one batch (50), and a batch takes over a second at the
    # fake's pace, so both replicas' beats find due rows. (When a claim could take more than its
    # batch on PostgreSQL, one replica sometimes took all 1,000 at once: storage/claims.py.)
    assert shares["run-a"] > 0 and shares["run-b"] > 0, shares
    assert f"delivered {shares['tick']} message" in logs["tick"].read_text()  # its own count

    # Every command answered with its result, and recorded exactly once.
    assert len(answers) >= MIN_COMMANDS
    for answer in answers:
        assert f"Logged *{answer.company}*" in answer.text, answer
        assert answer.acked < 3.0, answer
        assert answer.seconds < ANSWER_WITHIN, answer
    companies = [answer.company for answer in answers]
    assert stored_rejections(engine, companies) == Counter(companies)
    for name, log in logs.items():
        assert "level=error" not in log.read_text(), name
        assert "Traceback" not in log.read_text(), name

    slowest = max(answer.seconds for answer in answers)
    print(
        f"\nseeded and listening after {ready_in:.1f} s; {ITEMS} nudges in {delivered_in:.1f} s "
        f"shared {dict(shares)}; {len(answers)} commands answered, slowest {slowest:.2f} s; "
        f"SIGTERM to exit {stopped_in:.1f} s; whole test {time.monotonic() - started:.1f} s"
    )
