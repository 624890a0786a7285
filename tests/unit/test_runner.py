"""One runner: every configured platform on one event loop, one heartbeat delivering to all of
them, and all or nothing at start. The platforms here are fakes that keep what they were sent;
the real Slack one is started by `rebound run` in tests/adapters/test_slack_process.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import SimulatedClock
from bot.delivery.due import DueWork
from bot.delivery.report import PassReport
from bot.platform import Platform, StartFailure
from bot.ports import UnitOfWork
from bot.records import FollowUpKind
from bot.runtime import runner
from bot.runtime.platforms import Entry, Parts
from bot.runtime.settings import Settings
from bot.values import Actor
from storage import migrate
from storage.db import make_engine
from storage.uow import SqlUnitOfWork
from tests.helpers import RecordingMessenger

DUE = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class FakePlatform:
    def __init__(self, name: str, failure: Exception | None = None) -> None:
        self.name = name
        self.messenger = RecordingMessenger()
        self.failure = failure
        self.events: list[str] = []
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.events.append("start")
        if self.failure is not None:
            raise self.failure

    async def connected(self) -> bool:
        return self.events == ["start"] and self.failure is None

    async def stop(self) -> None:
        self.events.append("stop")


def plan_nudge(uow: UnitOfWork, platform: str, user: str) -> None:
    """A thank-you nudge due at DUE for a member of `platform`."""
    with uow() as repo:
        member = repo.ensure_member(Actor(platform, "W1", user, user, "C1", "job-hunt"), DUE)
        rejection = repo.add_rejection(member.id, "Acme", "", "", DUE)
        repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, DUE)


def make_runner(uow: UnitOfWork, platforms: dict[str, Platform]) -> runner.Runner:
    return runner.Runner(
        platforms,
        DueWork(uow, "UTC"),
        SimulatedClock(DUE, frozen=True),
        interval_seconds=60,
        default_timezone="UTC",
        secrets=("very-secret-value",),
    )


async def eventually(condition: Callable[[], object], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_two_platforms_start_on_one_loop_and_one_heartbeat_delivers_to_both(
    uow: UnitOfWork,
) -> None:
    plan_nudge(uow, "alpha", "A1")
    plan_nudge(uow, "beta", "B1")
    alpha, beta = FakePlatform("alpha"), FakePlatform("beta")
    both = make_runner(uow, {"Alpha": alpha, "Beta": beta})
    await both.start()
    try:
        await eventually(lambda: alpha.messenger.sent and beta.messenger.sent)
    finally:
        await both.stop()
    assert alpha.loop is beta.loop is asyncio.get_running_loop()
    assert [m.destination.user_id for m in alpha.messenger.sent] == ["A1"]
    assert [m.destination.user_id for m in beta.messenger.sent] == ["B1"]
    assert alpha.events == beta.events == ["start", "stop"]
    assert not both.heartbeat.scheduler.running


async def test_a_platform_that_cannot_start_stops_the_others_and_says_why(
    uow: UnitOfWork,
) -> None:
    plan_nudge(uow, "alpha", "A1")
    alpha = FakePlatform("alpha")
    beta = FakePlatform("beta", StartFailure("the token was refused; check BETA_TOKEN"))
    gamma = FakePlatform("gamma")
    three = make_runner(uow, {"Alpha": alpha, "Beta": beta, "Gamma": gamma})
    with pytest.raises(runner.StartFailed) as failed:
        await three.start()
    assert str(failed.value) == (
        "Beta could not start: the token was refused; check BETA_TOKEN. Everything that had "
        "started was stopped again; nothing is running."
    )
    assert alpha.events == ["start", "stop"]
    assert beta.events == ["start", "stop"]  # a half-done start is stopped too
    assert gamma.events == []
    assert not three.heartbeat.scheduler.running
    await asyncio.sleep(0.2)
    assert alpha.messenger.sent == []


async def test_an_unexpected_start_error_is_named_without_secrets(uow: UnitOfWork) -> None:
    broken = FakePlatform("beta", RuntimeError("login with very-secret-value refused"))
    with pytest.raises(runner.StartFailed) as failed:
        await make_runner(uow, {"Beta": broken}).start()
    assert "Beta could not start: RuntimeError: login with [redacted] refused" in str(failed.value)
    assert "very-secret-value" not in str(failed.value)


async def test_tick_delivers_through_every_configured_platform(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'rebound.db'}"
    engine = make_engine(database)
    migrate.upgrade(engine)
    uow = SqlUnitOfWork(engine)
    plan_nudge(uow, "alpha", "A1")
    plan_nudge(uow, "beta", "B1")
    plan_nudge(uow, "gamma", "G1")  # no process here delivers to gamma
    engine.dispose()
    built = {"alpha": FakePlatform("alpha"), "beta": FakePlatform("beta")}

    def entry(name: str) -> Entry:
        def build(_settings: Settings, _parts: Parts) -> Platform:
            return built[name]

        return Entry(name.title(), lambda _s: True, lambda _s: [], build)

    report = PassReport()
    settings = Settings(_env_file=None, rebound_timezone="UTC")
    await runner.tick(settings, [entry("alpha"), entry("beta")], database, DUE, report)
    assert [m.destination.user_id for m in built["alpha"].messenger.sent] == ["A1"]
    assert [m.destination.user_id for m in built["beta"].messenger.sent] == ["B1"]
    assert report.delivered == 2
    assert all(p.events == ["stop"] for p in built.values())  # built, never started
