"""Discord's application commands, generated from the one command registry.

Every registry command becomes a slash command with its typed options, and `/rebound` a group
of subcommands; descriptions are the registry's summaries. `payloads` is the JSON Discord's
bulk-overwrite endpoint takes (what `rebound discord sync` will send); `attach` puts the same
commands on a discord.py `CommandTree`, each calling one handler with the composed
`SlashCommand`, so the text every platform parses is built in exactly one place
(`translate.command`). Nothing here is a hand-written list: a command added to the registry
appears on Discord without a change to this module.

Commands are registered for guilds only (`contexts` [0]): a Rebound group lives in a server,
and a command without a guild would have no workspace to find the member in.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, cast

import discord
from discord import app_commands

from adapters.discord.translate import STRING, SUB_COMMAND, command
from bot.commands.registry import REGISTRY, Command, Option, Registry
from bot.values import SlashCommand

NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
OPTIONS_LIMIT = 25
CHAT_INPUT = 1
GUILD_ONLY = [0]  # interaction context types: 0 guild, 1 bot DM, 2 private channel

Json = dict[str, Any]
Handler = Callable[[discord.Interaction[Any], SlashCommand], Awaitable[None]]
# (interaction, command or subcommand name, option name, what was typed) -> values to offer
Suggest = Callable[[discord.Interaction[Any], str, str, str], Awaitable[list[str]]]
CHOICES_LIMIT, CHOICE_LENGTH = 25, 100


def payloads(registry: Registry = REGISTRY) -> list[Json]:
    """The body of `PUT /applications/{id}/commands` (or a guild's): every command."""
    listed = [
        {**_command(c), "type": CHAT_INPUT, "contexts": GUILD_ONLY, "dm_permission": False}
        for c in registry.commands
    ]
    umbrella = {
        "type": CHAT_INPUT,
        "name": _name(registry.umbrella),
        "description": _description(registry.umbrella_words.summary),
        "options": [{**_command(c), "type": SUB_COMMAND} for c in registry.subcommands],
        "contexts": GUILD_ONLY,
        "dm_permission": False,
    }
    return [*listed, umbrella]


def attach(
    tree: app_commands.CommandTree[Any],
    handler: Handler,
    registry: Registry = REGISTRY,
    suggest: Suggest | None = None,
) -> None:
    """Add every registry command to `tree`; each invocation calls `handler(interaction,
    command)` with the command as the core takes it, and each autocompleted option asks
    `suggest` (discord.py answers with the choices, callback type 8)."""
    for entry in registry.commands:
        tree.add_command(_app_command(entry, handler, registry, suggest))
    group = app_commands.Group(
        name=_name(registry.umbrella),
        description=_description(registry.umbrella_words.summary),
        guild_only=True,
    )
    for entry in registry.subcommands:
        group.add_command(_app_command(entry, handler, registry, suggest))
    tree.add_command(group)


def payload_of(interaction: discord.Interaction[Any]) -> Json:
    """An interaction as Discord sent it, in the shape `translate` reads."""
    user = interaction.user
    person: Json = {"id": str(user.id), "username": user.name, "global_name": user.global_name}
    body: Json = {"type": int(interaction.type.value), "data": dict(interaction.data or {})}
    if interaction.guild_id is not None:
        body["guild_id"] = str(interaction.guild_id)
        body["member"] = {
            "user": person,
            "nick": getattr(user, "nick", None),
            # Their permissions in this channel, as Discord computed them (organiser commands).
            "permissions": str(interaction.permissions.value),
        }
    else:
        body["user"] = person
    if interaction.channel_id is not None:
        body["channel_id"] = str(interaction.channel_id)
    channel = interaction.channel
    name = getattr(channel, "name", None)
    if isinstance(name, str):
        body["channel"] = {"id": str(interaction.channel_id), "name": name}
    return body


# --- payloads -------------------------------------------------------------------------------


def _command(entry: Command[Any]) -> Json:
    made: Json = {"name": _name(entry.name), "description": _description(entry.words.summary)}
    options = [_option(option) for option in _ordered(entry.options)]
    if options:
        made["options"] = options[:OPTIONS_LIMIT]
    return made


def _option(option: Option) -> Json:
    made: Json = {
        "type": STRING,
        "name": _name(option.name),
        "description": _description(option.description),
        "required": option.required,
    }
    if option.autocomplete:
        made["autocomplete"] = True
    return made


def _ordered(options: tuple[Option, ...]) -> list[Option]:
    """Discord wants required options before optional ones (compose reads them by name)."""
    return sorted(options, key=lambda option: not option.required)


def _name(name: str) -> str:
    """Discord's command and option names: lowercase, no spaces, at most 32 characters."""
    return name.lower().replace(" ", "-")[:NAME_LIMIT]


def _description(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


# --- discord.py -----------------------------------------------------------------------------


def _app_command(
    entry: Command[Any], handler: Handler, registry: Registry, suggest: Suggest | None
) -> app_commands.Command[Any, Any, None]:
    async def callback(interaction: discord.Interaction[Any], **_: str | None) -> None:
        # The options discord.py parsed are also in `interaction.data`, which `translate`
        # reads as for any other interaction: one path from Discord's fields to the text.
        await handler(interaction, command(payload_of(interaction), registry))

    # discord.py reads a command's options from its callback's signature: give it the
    # registry's, required first, as Discord wants.
    parameters = [
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        *(
            inspect.Parameter(
                _name(option.name),
                inspect.Parameter.KEYWORD_ONLY,
                annotation=str if option.required else str | None,
                default=inspect.Parameter.empty if option.required else None,
            )
            for option in _ordered(entry.options)
        ),
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        _name(option.name): _description(option.description) for option in entry.options
    }
    made: app_commands.Command[Any, Any, None] = app_commands.Command(
        name=_name(entry.name),
        description=_description(entry.words.summary),
        callback=cast(Any, callback),
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )
    for option in entry.options:
        if option.autocomplete and suggest is not None:
            made.autocomplete(_name(option.name))(_choices(suggest, entry.name, option.name))
    return app_commands.guild_only(made)


def _choices(
    suggest: Suggest, command_name: str, option_name: str
) -> Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(
        interaction: discord.Interaction[Any], typed: str
    ) -> list[app_commands.Choice[str]]:
        values = await suggest(interaction, command_name, option_name, typed or "")
        return [
            app_commands.Choice(name=value, value=value)
            for value in values[:CHOICES_LIMIT]
            if 0 < len(value) <= CHOICE_LENGTH
        ]

    return complete
