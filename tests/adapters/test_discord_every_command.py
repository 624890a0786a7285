"""Every command of the registry and every option of each, invoked through the real discord.py
client against the fake Discord, is understood and answered privately (flag 64); what is meant
for the group goes to the channel as a post of its own. Parametrized from the registry, so a
new command or option is covered as soon as it is declared (an option needs a sample value)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.commands.registry import REGISTRY, Command
from bot.ports import UnitOfWork
from tests.adapters.discord_session import (
    MEMBER,
    discord_rebound,
    interact,
    problems_in,
    sqlite_only,
)
from tests.adapters.fake_discord import CHANNEL_ID, option, subcommand

SAMPLES = {
    "company": "Acme",
    "role": "Data Analyst",
    "stage": "interview",
    "note": "two rounds, nice team",
    "said": "wanted more SQL experience",
    "what": "coffee chat with Sam",
    "title": "Tech job fair",
    "when": "next Thursday 6pm",
    "link": "https://fair.example",
    "where": "Hall 3",
    "zone": "Europe/Berlin",
    "hours": "21:00-08:00",
    "choice": "skip",
    "level": "counts",
    "kind": "networking",
    "view": "group",
    "count": "3",
    "setting": "summary fri 17:00",
    "action": "list",
}
"""A value each option's grammar accepts, by option name."""

database_url = pytest.fixture(sqlite_only)


def cases() -> list[Any]:
    found = []
    top = [(c, False) for c in REGISTRY.commands]
    subs = [(c, True) for c in REGISTRY.subcommands]
    for command, under_umbrella in top + subs:
        shown = f"{REGISTRY.umbrella} {command.name}" if under_umbrella else command.name
        found.append(pytest.param(command, under_umbrella, True, id=f"{shown} (every option)"))
        if any(not o.required for o in command.options):
            found.append(pytest.param(command, under_umbrella, False, id=f"{shown} (required)"))
    return found


def options_of(command: Command[Any], every: bool) -> list[dict[str, Any]]:
    missing = [o.name for o in command.options if o.name not in SAMPLES]
    assert not missing, f"add a sample value for /{command.name}'s options {missing} to SAMPLES"
    return [option(o.name, SAMPLES[o.name]) for o in command.options if every or o.required]


@pytest.mark.parametrize(("command", "under_umbrella", "every"), cases())
async def test_every_command_and_option_is_understood_and_answered_privately(
    uow: UnitOfWork, command: Command[Any], under_umbrella: bool, every: bool
) -> None:
    async with discord_rebound(uow) as (fake, _runtime):
        where = fake.in_guild(MEMBER)
        given = options_of(command, every)
        payload = (
            fake.slash_command(where, REGISTRY.umbrella, [subcommand(command.name, given)])
            if under_umbrella
            else fake.slash_command(where, command.name, given)
        )
        outcome = await interact(fake, payload)
    answer = outcome.callback
    assert answer["type"] in (4, 5), "a command is answered with a message or a deferral"
    assert answer["data"]["flags"] & 64, "the answer is seen by the member only"
    assert all(m["flags"] & 64 for m in outcome.interaction.followups)
    group_posts = [m for m in fake.messages(CHANNEL_ID) if not m.get("webhook_id")]
    assert len(fake.messages(CHANNEL_ID)) == len(group_posts), "nothing private in the channel"
    assert outcome.text().strip(), "the member is told something"
    assert problems_in(outcome.text()) == [], "the command and its options were understood"
