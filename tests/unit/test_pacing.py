"""Pacing: about one message per second per channel, with short bursts, and a workspace cap."""

from __future__ import annotations

from bot.delivery.pacing import Pace, Pacer
from bot.values import Destination, DestinationKind, Outbound


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def post(channel: str = "", user: str = "", workspace: str = "T1") -> Outbound:
    kind = DestinationKind.CHANNEL if channel else DestinationKind.DM
    return Outbound(Destination(kind, "slack", workspace, channel_id=channel, user_id=user), ())


async def test_one_channel_is_paced_to_one_per_second_after_a_burst() -> None:
    time = FakeTime()
    pacer = Pacer(Pace((1.0, 3.0), (100.0, 100.0)), clock=time.clock, sleep=time.sleep)
    for _ in range(10):
        await pacer.wait(post(channel="C1"))
    assert time.now == 7.0  # three at once, then one a second


async def test_different_members_are_not_slowed_by_each_other_until_the_workspace_cap() -> None:
    time = FakeTime()
    pacer = Pacer(Pace((1.0, 3.0), (20.0, 40.0)), clock=time.clock, sleep=time.sleep)
    for n in range(40):
        await pacer.wait(post(user=f"U{n}"))
    assert time.now == 0.0
    for n in range(40, 1000):
        await pacer.wait(post(user=f"U{n}"))
    assert 47.9 < time.now < 48.1  # 960 more at 20 a second


async def test_workspaces_do_not_share_a_cap() -> None:
    time = FakeTime()
    pacer = Pacer(Pace((1.0, 3.0), (1.0, 1.0)), clock=time.clock, sleep=time.sleep)
    await pacer.wait(post(user="U1", workspace="T1"))
    await pacer.wait(post(user="U1", workspace="T2"))
    assert time.now == 0.0
