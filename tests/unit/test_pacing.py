"""Pacing: about one message per second per channel, with short bursts, and a workspace cap."""

from __future__ import annotations

from bot.delivery.pacing import DISCORD_PACE, Pace, Pacer
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


async def test_discord_stays_under_its_global_limit_and_5_per_5s_in_a_channel() -> None:
    time = FakeTime()
    pacer = Pacer(DISCORD_PACE, clock=time.clock, sleep=time.sleep)
    for n in range(1000):  # a fan-out to 1000 members in 100 guilds
        await pacer.wait(post(user=f"U{n}", workspace=f"G{n % 100}"))
    assert 38.9 < time.now < 39.1  # 25 at once, then 25 a second: half of Discord's 50/s
    before = time.now
    for _ in range(10):
        await pacer.wait(post(channel="C1", workspace="G1"))
    assert 4.9 < time.now - before < 5.1  # five at once, then one a second in one channel
