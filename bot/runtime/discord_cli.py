"""`rebound discord sync [--guild ID]` and `rebound discord invite`: adding the bot to Discord.

The adapter (`adapters.discord.install`) talks to Discord; this module reads the settings,
checks them before anything is sent, and says in plain words what happened, on standard output
when it worked and on standard error (exit code 1, 2 for a setting or argument to fix) when not.
The token is never printed. discord.py is imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.runtime import discord

if TYPE_CHECKING:
    from bot.runtime.settings import Settings

SNOWFLAKE_LIMIT = 2**64  # Discord IDs are unsigned 64-bit numbers
GLOBAL_DELAY = (
    "Global commands can take up to an hour to show in Discord; for a server you are trying "
    "Rebound in, `rebound discord sync --guild ID` registers them there at once."
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = commands.add_parser("discord", help="Discord setup helpers (they use DISCORD_TOKEN)")
    actions = top.add_subparsers(dest="discord_command", metavar="ACTION", required=True)
    sync = actions.add_parser(
        "sync",
        help="register Rebound's slash commands with Discord, in every server the bot is in "
        "(may take up to an hour to show) or, with --guild, in one server at once",
    )
    sync.add_argument(
        "--guild",
        metavar="ID",
        type=server_id,
        help="the server's ID (Discord: Developer Mode on, right-click the server, Copy "
        "Server ID): register the commands there only, instantly",
    )
    sync.add_argument(
        "--clear",
        action="store_true",
        help="with --guild: remove the commands registered in that server only (once global "
        "commands show there, a server with both lists each command twice)",
    )
    actions.add_parser(
        "invite",
        help="print the URL that adds the bot to a server, with the bot and "
        "applications.commands scopes and the few permissions it needs",
    )


def server_id(text: str) -> int:
    """A Discord server ID as typed: a positive whole number (a snowflake)."""
    cleaned = text.strip()
    if not cleaned.isdigit() or not 0 < int(cleaned) < SNOWFLAKE_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a server ID; a server ID is a long number such as "
            "1234567890123456789 (Developer Mode on, right-click the server, Copy Server ID)"
        )
    return int(cleaned)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from adapters.discord import install  # the SDK loads only when used

    if args.discord_command == "sync" and args.clear and args.guild is None:
        return _refuse("--clear needs --guild ID: the server to remove the commands from", 2)
    if not settings.has_discord:
        return _refuse(
            "DISCORD_TOKEN is not set: paste the bot token from the Discord Developer Portal "
            "(your application > Bot) into the environment or .env; see README 'Connect Discord'",
            2,
        )
    found = discord.problems(settings)
    if found:
        return _refuse("; ".join(found), 2)
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    api_url = settings.discord_api_url or None
    try:
        if args.discord_command == "invite":
            made = asyncio.run(install.invite(token, api_url=api_url))
            print(
                f"Open this URL to add {made.application_name} to a server you manage:\n"
                f"{made.url}\n"
                f"It asks for: {', '.join(made.permissions)} (no Administrator, no Mention "
                "Everyone). Then register the commands with `rebound discord sync`."
            )
            return 0
        synced = asyncio.run(install.sync(token, args.guild, clear=args.clear, api_url=api_url))
    except install.InstallFailed as failure:
        return _refuse(str(failure), 1)
    if args.clear:
        print(
            f"Removed the commands registered in server {synced.guild_id} only; any global "
            "ones (from `rebound discord sync`) stay."
        )
        return 0
    names = ", ".join(f"/{name}" for name in synced.names)
    count = f"{len(synced.names)} slash command{'' if len(synced.names) == 1 else 's'}"
    if synced.guild_id is None:
        print(f"Registered {count} globally, for every server the bot is in: {names}.")
        print(GLOBAL_DELAY)
    else:
        print(f"Registered {count} in server {synced.guild_id}: {names}. Try them there now.")
    return 0


def _refuse(problem: str, code: int) -> int:
    print(f"rebound: {problem}", file=sys.stderr)
    return code
