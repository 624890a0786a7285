"""/healthz's judgement: the database answers, and due work has run lately."""

from __future__ import annotations

import threading

from bot.health import Health


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fine() -> None:
    return None


async def test_healthy_then_stale_when_no_pass_finishes() -> None:
    ticks = Ticks()
    health = Health(fine, interval_seconds=30, clock=ticks)
    assert (await health.check()).ok  # just started: the first pass is on its way
    health.pass_finished()
    ticks.now += 3 * 30 + 29
    assert (await health.check()).ok
    ticks.now += 2
    status = await health.check()
    assert not status.ok and "no due-work pass has finished or moved on for 121 s" in status.reason


async def test_a_database_that_refuses_or_hangs_is_unhealthy_without_piling_up_checks() -> None:
    def refuse() -> None:
        raise ConnectionRefusedError("no")

    status = await Health(refuse, interval_seconds=30).check()
    assert not status.ok and "refused the check (ConnectionRefusedError)" in status.reason

    release = threading.Event()
    calls: list[int] = []

    def hang() -> None:
        calls.append(1)
        release.wait(10)

    health = Health(hang, interval_seconds=30, ping_timeout=0.2)
    try:
        first = await health.check()
        second = await health.check()
    finally:
        release.set()
    assert "did not answer within" in first.reason
    assert "still waiting" in second.reason
    assert len(calls) == 1  # one blocked ping at most, however often /healthz is asked


async def test_a_long_pass_that_keeps_moving_stays_ready() -> None:
    """A backlog paced by a platform's rate limits can take longer than the staleness limit:
    each finished batch counts as due work moving, so replicas do not all turn unready."""
    ticks = Ticks()
    health = Health(fine, interval_seconds=30, clock=ticks)
    health.pass_finished()
    for _ in range(10):  # ten minutes of one pass, a batch a minute
        ticks.now += 60
        health.pass_progressed()
        assert (await health.check()).ok
    ticks.now += 121  # then nothing at all
    assert not (await health.check()).ok
