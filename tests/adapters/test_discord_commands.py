"""Discord's application commands are the registry's: every command, typed options, `/rebound`
subcommands, within Discord's naming and length limits, and discord.py builds the same tree."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any, cast

import discord
from discord import app_commands

from adapters.discord.commands import attach, payloads
from bot.commands.registry import REGISTRY, Command, Registry
from bot.values import SlashCommand

NAME = re.compile(r"^[-_\w]{1,32}$")


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


def assert_matches(made: dict[str, Any], command: Command[Any]) -> None:
    assert made["description"] == command.words.summary
    options = made.get("options", [])
    assert [o["name"] for o in options if o["required"]] == [
        o.name for o in command.options if o.required
    ]
    assert {o["name"] for o in options} == {o.name for o in command.options}
    assert all(o["type"] == 3 for o in options), "options are strings"
    flags = [o["required"] for o in options]
    assert flags == sorted(flags, reverse=True), "Discord wants required options first"


def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found += walk(item.get("options", []))
    return found


def test_every_registry_command_is_a_slash_command_with_its_options() -> None:
    made = by_name(payloads())
    assert set(made) == set(REGISTRY.names)
    for command in REGISTRY.commands:
        assert made[command.name]["type"] == 1
        assert_matches(made[command.name], command)


def test_rebound_is_a_group_of_its_subcommands() -> None:
    umbrella = by_name(payloads())["rebound"]
    subs = by_name(umbrella["options"])
    assert list(subs) == [c.name for c in REGISTRY.subcommands]
    for command in REGISTRY.subcommands:
        assert subs[command.name]["type"] == 1
        assert_matches(subs[command.name], command)


def test_names_and_descriptions_obey_discord_limits() -> None:
    everything = walk(payloads())
    assert len(payloads()) <= 100
    for item in everything:
        assert NAME.match(item["name"]) and item["name"] == item["name"].lower()
        assert 1 <= len(item["description"]) <= 100
        assert len(item.get("options", [])) <= 25


def test_commands_are_for_guilds_only() -> None:
    for command in payloads():
        assert command["contexts"] == [0] and command["dm_permission"] is False


def test_a_command_added_to_the_registry_appears_without_an_adapter_change() -> None:
    extra = Command("ping", REGISTRY.commands[0].words, REGISTRY.commands[0].parse, lambda c, r: [])
    registry = Registry(
        (*REGISTRY.commands, extra),
        REGISTRY.umbrella,
        REGISTRY.umbrella_words,
        REGISTRY.subcommands,
    )
    assert "ping" in by_name(payloads(registry))


def tree() -> app_commands.CommandTree[Any]:
    made: app_commands.CommandTree[Any] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    return made


async def ignore(interaction: discord.Interaction[Any], command: SlashCommand) -> None:
    return None


def test_the_tree_discord_py_builds_matches_the_payloads() -> None:
    built = tree()
    attach(built, ignore)
    from_tree = by_name([command.to_dict(built) for command in built.get_commands()])
    expected = by_name(payloads())
    assert set(from_tree) == set(expected)
    for name, made in expected.items():
        got = from_tree[name]
        assert got["description"] == made["description"]
        assert got["dm_permission"] is False
        assert [(o["name"], o["type"], o.get("required", False)) for o in walk(got["options"])] == [
            (o["name"], o["type"], o.get("required", False)) for o in walk(made.get("options", []))
        ]


async def test_an_invocation_reaches_the_handler_as_the_composed_command() -> None:
    built = tree()
    seen: list[SlashCommand] = []

    async def handler(interaction: discord.Interaction[Any], command: SlashCommand) -> None:
        seen.append(command)

    attach(built, handler)
    rejected = built.get_command("rejected")
    group = built.get_command("rebound")
    assert isinstance(rejected, app_commands.Command) and isinstance(group, app_commands.Group)
    quiet = group.get_command("quiet")
    assert isinstance(quiet, app_commands.Command)
    # What discord.py hands a callback: an Interaction whose `data` is Discord's, as sent.
    user = SimpleNamespace(id=11, name="ada", global_name="Ada L", nick=None)
    options = [
        {"name": "company", "type": 3, "value": "Acme"},
        {"name": "role", "type": 3, "value": "PM"},
    ]
    interaction = SimpleNamespace(
        user=user,
        type=discord.InteractionType.application_command,
        data={"name": "rejected", "options": options},
        guild_id=12,
        channel_id=13,
        channel=SimpleNamespace(name="job-search"),
        permissions=discord.Permissions(manage_guild=True),
    )
    await cast(Any, rejected.callback)(interaction, company="Acme", role="PM")
    sub = {"name": "quiet", "type": 1, "options": [{"name": "hours", "type": 3, "value": "off"}]}
    interaction.data = {"name": "rebound", "options": [sub]}
    await cast(Any, quiet.callback)(interaction, hours="off")
    assert [(c.name, c.text) for c in seen] == [
        ("rejected", "Acme role: PM"),
        ("rebound", "quiet off"),
    ]
    assert (seen[0].actor.platform, seen[0].actor.workspace_id, seen[0].actor.user_id) == (
        "discord",
        "12",
        "11",
    )
    assert seen[0].actor.channel_name == "job-search"
    assert seen[0].actor.can_manage, "Manage Server in the channel makes an organiser"


def test_exactly_the_suggested_options_are_autocompleted() -> None:
    marked = set()
    for command in payloads():
        for option in command.get("options", []):
            inner = option.get("options", []) if option["type"] == 1 else [option]
            name = option["name"] if option["type"] == 1 else command["name"]
            marked |= {(name, o["name"]) for o in inner if o.get("autocomplete")}
    assert marked == {("feedback", "company"), ("timezone", "zone")}
