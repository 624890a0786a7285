"""`rebound`: run the bot, open the local console, run one due-work pass, manage the database.

This module is only the command line: what can be typed, and `--help`. It imports nothing
heavy, so `rebound --help` answers at once; the settings are checked, and SQLAlchemy, Alembic
and the platform SDKs loaded, only once a command that needs them was typed (`commands_cli`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.runtime import discord_cli, slack_cli


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="rebound",
        description="Rebound: turn job rejections into follow-ups, and keep a search group moving.",
    )
    top.add_argument("--version", action="version", version=f"rebound {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def with_db(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--db",
            metavar="URL_OR_PATH",
            help="database URL or SQLite file (default: DATABASE_URL)",
        )
        return sub

    run_help = "run the bot (no credentials, in a terminal: the local console)"
    with_db(commands.add_parser("run", help=run_help))

    console = with_db(commands.add_parser("console", help="a local group chat over the real core"))
    console.add_argument(
        "--at", metavar="TIME", help="start a frozen simulated clock at TIME (ISO 8601)"
    )
    console.add_argument("--tz", metavar="ZONE", help="the group's timezone, e.g. Europe/Berlin")
    console.add_argument("--as", dest="member", default="you", help="who you are at first")
    console.add_argument(
        "--files", metavar="DIR", default="rebound-files", help="where attachments are saved"
    )

    tick = with_db(commands.add_parser("tick", help="deliver everything due once, then exit"))
    tick.add_argument("--at", metavar="TIME", help="act as if it were TIME (ISO 8601; default now)")
    tick.add_argument(
        "--transcript",
        metavar="FILE",
        help="append deliveries to FILE instead of printing them; FILE is also the history a "
        "restarted tick checks so nothing is delivered twice",
    )

    slack_cli.add_parser(commands)
    discord_cli.add_parser(commands)
    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    with_db(db_commands.add_parser("upgrade", help="migrate to the latest schema"))
    down = with_db(db_commands.add_parser("downgrade", help="migrate back to REVISION"))
    down.add_argument("revision", help="target revision, e.g. -1 or base")
    with_db(db_commands.add_parser("current", help="show the schema revision"))
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 0
    from bot.runtime.settings_check import SettingsRefused, checked

    try:
        settings = checked(args.command, getattr(args, "db", None))
    except SettingsRefused as refused:
        print(f"rebound: {refused}", file=sys.stderr)
        return 2
    from bot.runtime import commands_cli

    return commands_cli.run(args, settings)
