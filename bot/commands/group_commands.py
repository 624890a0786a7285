"""The `/rebound` subcommands that run the group rather than one member: setup, settings,
admins. Who may change anything here is asked by each command's gate, before anything is
stored (platform organisers and group admins)."""

from __future__ import annotations

from typing import Any

from bot.commands import admins, parsing, setup
from bot.commands import settings as group_settings
from bot.commands.declare import Command, Option
from bot.messages import commands as menu_words

GROUP_COMMANDS: tuple[Command[Any], ...] = (
    Command("setup", menu_words.SETUP, parsing.setup, setup.set_up, gate=setup.refusal),
    Command(
        "settings",
        menu_words.SETTINGS,
        group_settings.parse,
        group_settings.handle,
        options=(Option("setting", menu_words.OPTION_SETTINGS),),
        gate=group_settings.refusal,
    ),
    Command(
        "admin",
        menu_words.ADMIN,
        admins.parse,
        admins.handle,
        options=(Option("action", menu_words.OPTION_ADMIN),),
        aliases=("admins",),
        gate=admins.refusal,
    ),
)
