"""`/rebound setup` on Discord (issue 10 item 7), through discord.py against the fake Discord:
only a member with Manage Server or Administrator may choose the group's channel; anyone else
gets a polite private refusal and nothing is posted or changed."""

from __future__ import annotations

import pytest

from bot.messages import setup as words
from bot.ports import UnitOfWork
from tests.adapters.discord_session import MEMBER, discord_rebound, interact, sqlite_only, text_of
from tests.adapters.fake_discord import CHANNEL_ID, GUILD_ID, option, subcommand
from tests.adapters.fake_discord.objects import MEMBER_PERMISSIONS

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
RANDOM = "1400000000000000099"  # a second channel of the guild

database_url = pytest.fixture(sqlite_only)


async def test_a_member_without_manage_server_is_refused_privately(uow: UnitOfWork) -> None:
    async with discord_rebound(uow) as (fake, _runtime):
        where = fake.in_guild(MEMBER)  # may talk, may not manage the server
        outcome = await interact(fake, fake.slash_command(where, "rebound", [subcommand("setup")]))
        posted = fake.messages(CHANNEL_ID)
    assert outcome.callback["data"]["flags"] & 64
    assert "Only an organiser or a group admin can choose the group's channel" in outcome.text()
    assert "Nothing was changed" in outcome.text()
    assert posted == [], "a refusal posts nothing in the channel"
    with uow() as repo:  # nothing stored: no member, no group (so no weekly posts there)
        assert repo.groups() == []


@pytest.mark.parametrize("power", [MANAGE_GUILD, ADMINISTRATOR], ids=["manage", "admin"])
async def test_an_organiser_makes_the_channel_the_groups_and_the_group_sees_it(
    uow: UnitOfWork, power: int
) -> None:
    async with discord_rebound(uow) as (fake, _runtime):
        fake.guilds[GUILD_ID].channels[RANDOM] = "random"
        other = fake.in_guild("1300000000000000077", channel_id=RANDOM)
        await interact(fake, fake.slash_command(other, "applied", [option("company", "Initech")]))
        organiser = fake.in_guild(MEMBER, permissions=MEMBER_PERMISSIONS | power)
        outcome = await interact(
            fake, fake.slash_command(organiser, "rebound", [subcommand("setup")])
        )
        posted = fake.messages(CHANNEL_ID)
    assert outcome.callback, "the interaction is answered"
    [post] = [m for m in posted if words.CHOSEN.split("**")[1] in text_of(m)]
    assert "<t:" in text_of(post), "times shown in each reader's own zone"
    assert "1 member who first used Rebound in another channel" in text_of(post)
    with uow() as repo:
        moved = [g for g in repo.groups() if g.channel_id == RANDOM]
        assert moved and not moved[0].is_group_channel
