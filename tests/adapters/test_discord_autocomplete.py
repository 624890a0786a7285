"""Autocomplete on Discord (issue 10 item 2), through the real discord.py client against the
fake Discord: `/feedback`'s company from the member's own rejections, `/rebound timezone`'s zone
from IANA names, answered with callback type 8; a stranger gets nothing and nothing is stored."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from adapters.discord.runtime import DiscordRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.ports import UnitOfWork
from bot.values import Actor
from tests.adapters.conftest import eventually
from tests.adapters.discord_session import MEMBER, NOW
from tests.adapters.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    TOKEN,
    FakeDiscord,
    option,
    subcommand,
)

OTHER = "1300000000000000043"  # another member of the guild


class SlowSuggestions(Core):
    """The core on a database that is slow to answer suggestions (commands are not slowed)."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow, "Europe/Berlin")
        self.started = 0
        self._count = threading.Lock()

    def suggest(self, actor: Actor, command: str, option: str, typed: str) -> list[str]:
        with self._count:
            self.started += 1
        time.sleep(2.5)
        return super().suggest(actor, command, option, typed)


@pytest.fixture
async def runtime(fake: FakeDiscord, uow: UnitOfWork) -> AsyncIterator[DiscordRuntime]:
    async with running(fake, Core(uow, "Europe/Berlin")) as made:
        yield made


@asynccontextmanager
async def running(fake: FakeDiscord, core: Core) -> AsyncIterator[DiscordRuntime]:
    made = DiscordRuntime(
        TOKEN,
        core,
        SimulatedClock(NOW, frozen=True),
        api_url=fake.api_url,
        gateway_url=fake.gateway_url,
    )
    await made.start()
    try:
        yield made
    finally:
        await made.stop()


async def test_feedback_autocompletes_the_members_own_companies_with_type_8(
    fake: FakeDiscord, runtime: DiscordRuntime, uow: UnitOfWork
) -> None:
    with uow() as repo:
        mine = repo.ensure_member(Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID), NOW)
        theirs = repo.ensure_member(Actor("discord", GUILD_ID, OTHER, "Sam", CHANNEL_ID), NOW)
        repo.add_rejection(mine.id, "Acme Corp", "", "", NOW - timedelta(days=2))
        repo.add_rejection(mine.id, "Globex", "", "", NOW - timedelta(days=1))
        repo.add_rejection(theirs.id, "Acme Secret Labs", "", "", NOW)
    typed = [option("company", "ac", focused=True)]
    request = fake.slash_command(fake.in_guild(MEMBER), "feedback", typed, autocomplete=True)
    await fake.dispatch_interaction(request)
    await eventually(lambda: fake.callbacks())
    [answer] = fake.callbacks()
    assert answer["type"] == 8
    assert answer["data"]["choices"] == [{"name": "Acme Corp", "value": "Acme Corp"}]
    everything = [option("company", "", focused=True)]
    request = fake.slash_command(fake.in_guild(MEMBER), "feedback", everything, autocomplete=True)
    await fake.dispatch_interaction(request)
    await eventually(lambda: len(fake.callbacks()) == 2)
    names = [c["name"] for c in fake.callbacks()[1]["data"]["choices"]]
    assert names == ["Globex", "Acme Corp"]


async def test_timezone_autocompletes_zones_and_a_stranger_gets_none(
    fake: FakeDiscord, runtime: DiscordRuntime, uow: UnitOfWork
) -> None:
    with uow() as repo:
        repo.ensure_member(Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID), NOW)
    typed = [subcommand("timezone", [option("zone", "BERL", focused=True)])]
    for who in (MEMBER, OTHER):
        request = fake.slash_command(fake.in_guild(who), "rebound", typed, autocomplete=True)
        await fake.dispatch_interaction(request)
    await eventually(lambda: len(fake.callbacks()) == 2)
    known, stranger = fake.callbacks()
    assert known["type"] == 8 and known["data"]["choices"] == [
        {"name": "Europe/Berlin", "value": "Europe/Berlin"}
    ]
    assert stranger["type"] == 8 and stranger["data"]["choices"] == []
    with uow() as repo:
        assert repo.find_member(Actor("discord", GUILD_ID, OTHER, "", CHANNEL_ID)) is None


async def test_a_slow_database_holds_at_most_two_lookups_and_commands_still_answer(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    core = SlowSuggestions(uow)
    with uow() as repo:
        repo.ensure_member(Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID), NOW)
    async with running(fake, core):
        for typed in "acmecorp":  # a lookup per keystroke
            typing = [option("company", typed, focused=True)]
            await fake.dispatch_interaction(
                fake.slash_command(fake.in_guild(MEMBER), "feedback", typing, autocomplete=True)
            )
        await eventually(lambda: len(fake.callbacks()) == 8, seconds=5)
        assert core.started == 2, "the rest were answered with no choices at once"
        assert all(c["type"] == 8 and c["data"]["choices"] == [] for c in fake.callbacks())
        began = asyncio.get_running_loop().time()
        await fake.dispatch_interaction(fake.slash_command(fake.in_guild(MEMBER), "momentum"))
        await eventually(lambda: len(fake.callbacks()) == 9, seconds=5)
        assert asyncio.get_running_loop().time() - began < 2.0, "a command is not kept waiting"
