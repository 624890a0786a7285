"""Which chat platforms this process connects to: one entry per platform the runner knows.

Adding a platform is adding one `Entry` to `ENTRIES`: when its settings are present, how to
tell what is wrong with them, how to build its `bot.platform.Platform` from the parts every
platform shares, and whether it listens on PORT itself (then it serves the operator's routes
there too, and the runner starts no server of its own). Settings are checked for every
configured platform before anything is opened, so a mistake is reported with nothing started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from bot.clock import Clock
from bot.core import Core
from bot.platform import Platform
from bot.runtime import discord, slack
from bot.runtime.settings import Settings


@dataclass(frozen=True)
class Parts:
    """What every platform is built from: one core, one clock per process, and the operator's
    routes (/healthz, /readyz, /metrics) for a platform that listens on PORT."""

    core: Core
    clock: Clock
    database_url: str
    routes: tuple[web.RouteDef, ...] = ()


def _never(_settings: Settings) -> bool:
    return False


@dataclass(frozen=True)
class Entry:
    title: str  # as organisers read it: "Slack"
    configured: Callable[[Settings], bool]
    problems: Callable[[Settings], list[str]]
    build: Callable[[Settings, Parts], Platform]
    listens: Callable[[Settings], bool] = _never  # on PORT, serving `Parts.routes` there


ENTRIES: tuple[Entry, ...] = (
    Entry(slack.TITLE, slack.configured, slack.problems, slack.build, slack.listens),
    Entry(discord.TITLE, discord.configured, discord.problems, discord.build),
)


class NotConfigured(ValueError):
    """A configured platform's settings cannot work; the message names the settings."""


def configured(settings: Settings, entries: tuple[Entry, ...] = ENTRIES) -> list[Entry]:
    """The platforms whose settings are present, after checking that each can start."""
    found = problems(settings, entries)
    if found:
        raise NotConfigured("; ".join(found))
    return [entry for entry in entries if entry.configured(settings)]


def problems(settings: Settings, entries: tuple[Entry, ...] = ENTRIES) -> list[str]:
    """Every reason a platform whose settings are present cannot start, across all of them."""
    return [
        problem
        for entry in entries
        if entry.configured(settings)
        for problem in entry.problems(settings)
    ]


def build(settings: Settings, entries: list[Entry], parts: Parts) -> dict[str, Platform]:
    """Every chosen platform, built but not started, by title."""
    return {entry.title: entry.build(settings, parts) for entry in entries}


def listening(settings: Settings, entries: list[Entry]) -> bool:
    """Whether one of the chosen platforms listens on PORT (and so serves the probes there)."""
    return any(entry.listens(settings) for entry in entries)


def titles(names: list[str]) -> str:
    """Names as a sentence lists them: Slack; Slack and Discord; Slack, Discord and Teams."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
