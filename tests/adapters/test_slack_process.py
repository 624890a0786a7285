"""The real `rebound` program talking to Slack (a fake Web API on this machine)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import aiohttp
import pytest

from bot.records import FollowUpKind
from bot.values import Actor
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.adapters.conftest import SECRET, eventually, free_port, until_listening
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import signed_headers, slash_command_body
from tests.e2e.conftest import REBOUND


def slack_env(fake: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'rebound.db'}",
        REBOUND_TIMEZONE="Europe/Berlin",
        SLACK_BOT_TOKEN="xoxb-T1",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.api_url,
        **extra,
    )
    return env


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


async def rebound(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        str(REBOUND),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_run_in_http_mode_answers_a_signed_command_within_three_seconds(
    fake: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = slack_env(fake, tmp_path, PORT=str(port))
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, f"http://127.0.0.1:{port}", process)

            body = slash_command_body(
                "/rejected", "Acme Corp role: Analyst", response_url=fake.response_url("run")
            )
            started = time.monotonic()
            async with http.post(
                f"http://127.0.0.1:{port}/slack/events",
                data=body,
                headers=signed_headers(SECRET, body),
            ) as response:
                assert response.status == 200
            assert time.monotonic() - started < 3.0
            await eventually(lambda: fake.responses_to("run"), seconds=3.0)
            assert time.monotonic() - started < 3.0
            (answer,) = fake.responses_to("run")
            assert "Logged *Acme Corp* (Analyst)" in json.dumps(answer["blocks"])
    finally:
        process.terminate()
        _out, err = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, err.decode()


async def test_run_in_http_mode_refuses_to_start_without_a_signing_secret(
    fake: FakeSlack, tmp_path: Path
) -> None:
    env = slack_env(fake, tmp_path)
    del env["SLACK_SIGNING_SECRET"]
    code, _out, err = await rebound("run", env=env, cwd=tmp_path)
    assert code == 2
    assert "SLACK_SIGNING_SECRET" in err


async def test_run_that_cannot_listen_says_so_and_exits_non_zero(
    fake: FakeSlack, tmp_path: Path
) -> None:
    with socket.socket() as taken:  # someone else already listens on PORT
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = slack_env(fake, tmp_path, PORT=str(port))
        started = time.monotonic()
        code, _out, err = await rebound("run", env=env, cwd=tmp_path)
    assert code == 1
    assert time.monotonic() - started < 30
    said = err.strip().splitlines()[-1]  # after the log lines
    assert said.startswith(f"rebound: Slack could not start: cannot listen on port {port}")
    assert "set PORT to a free port" in said
    assert said.endswith("nothing is running.")
    assert "Traceback" not in err
    assert fake.calls_to("chat.postMessage") == []


async def test_tick_delivers_dm_nudges_through_slack(fake: FakeSlack, tmp_path: Path) -> None:
    env = slack_env(fake, tmp_path)
    due = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    engine = make_engine(env["DATABASE_URL"])
    migrate.upgrade(engine)
    with SqlUnitOfWork(engine)() as repo:
        member = repo.ensure_member(Actor("slack", "T1", "U1", "alex", "C1", "job-hunt"), due)
        rejection = repo.add_rejection(member.id, "<!channel> Corp", "", "", due)
        repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, due, due)
    engine.dispose()

    code, out, err = await rebound("tick", "--at", due.isoformat(), env=env, cwd=tmp_path)
    assert code == 0, err
    assert "delivered 1 message to Slack" in out
    (opened,) = fake.calls_to("conversations.open")
    assert opened.params["users"] == "U1"
    assert opened.token == "xoxb-T1"
    (dm,) = fake.messages("DU1")
    assert "&lt;!channel&gt; Corp" in json.dumps(dm["blocks"])
    assert dm["metadata"]["event_payload"]["keys"].startswith("followup:")

    code, out, _err = await rebound("tick", "--at", due.isoformat(), env=env, cwd=tmp_path)
    assert "delivered 0 messages" in out
    assert len(fake.messages("DU1")) == 1


async def test_run_at_debug_logs_no_note_company_feedback_or_token(
    fake: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = slack_env(fake, tmp_path, PORT=str(port), LOG_LEVEL="DEBUG")
    engine = make_engine(env["DATABASE_URL"])
    migrate.upgrade(engine)
    with engine.begin() as db:  # the database refuses rejections: a real error, quoting the row
        db.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON rejections BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    engine.dispose()
    process = await asyncio.create_subprocess_exec(
        str(REBOUND), "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    private = ("Quokkabyte", "note-words-8812", "feedback-words-4471", "Initrode")
    try:
        async with aiohttp.ClientSession() as http:
            await until_listening(http, f"http://127.0.0.1:{port}", process)
            commands = [
                ("applied", f"{private[3]} role: Analyst", "Application"),
                ("rejected", f"{private[0]} note: {private[1]}", "nothing was recorded"),
                ("feedback", f"{private[0]}: {private[2]}", "Feedback"),
            ]
            for name, text, expected in commands:
                body = slash_command_body(f"/{name}", text, response_url=fake.response_url(name))
                async with http.post(
                    f"http://127.0.0.1:{port}/slack/events",
                    data=body,
                    headers=signed_headers(SECRET, body),
                ) as response:
                    assert response.status == 200
                await eventually(partial(fake.responses_to, name), seconds=10)
                assert expected in json.dumps(fake.responses_to(name)[0]), name
    finally:
        process.terminate()
        _out, err = await asyncio.wait_for(process.communicate(), timeout=20)
    logged = err.decode()
    assert "command failed" in logged  # DEBUG logging was on, and the failure was logged
    for word in (*private, "xoxb-T1", SECRET):
        assert word not in logged, word


async def test_with_json_logs_a_start_that_fails_is_told_in_json_too(
    fake: FakeSlack, tmp_path: Path
) -> None:
    """A log shipper reads every line of the service's output as JSON (break-it: the reason a
    start failed came as the one plain line among them)."""
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = slack_env(fake, tmp_path, PORT=str(port), LOG_FORMAT="json")
        code, _out, err = await rebound("run", env=env, cwd=tmp_path)
    assert code == 1
    events = [json.loads(line) for line in err.strip().splitlines()]  # every line parses
    last = events[-1]
    assert last["level"] == "error" and last["message"] == "rebound cannot go on"
    assert last["problem"].startswith(f"Slack could not start: cannot listen on port {port}")
