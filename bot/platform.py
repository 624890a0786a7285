"""The adapter contract: what a chat platform is to the core. Read docs/adapters.md first.

A platform does two things, both as translation:

- **In**: it turns what a member typed or pressed into a `Command` (`SlashCommand` or
  `ButtonPress`, each with its `Actor`: who, where, on which platform) and hands it to
  `bot.answering.answer(core, command, now)`, which never raises and answers within a few
  seconds; it renders the returned `Outbound` list back to that member. Who pressed what is the
  `ButtonPress`'s actor and `value`, the opaque string the core put on the button.
- **Out**: its `messenger` (`bot.ports.Messenger`) delivers the core's scheduled messages:
  `send`, `find` (did an earlier attempt with these work keys arrive?) and `retract`.

`bot.runtime.runner` builds every configured platform, starts them on one event loop with one
due-work heartbeat whose route holds each platform's `messenger` under its `name`, and stops them
on shutdown. Nothing here imports a platform SDK.
"""

from __future__ import annotations

from typing import Protocol

from bot.ports import Messenger


class Platform(Protocol):
    """One connected chat platform (Slack, Discord, ...), as the runner sees it."""

    @property
    def name(self) -> str:
        """The platform's id: `Actor.platform` of its members, its key in the delivery route."""
        ...

    @property
    def messenger(self) -> Messenger:
        """Delivers scheduled messages. Usable as soon as the platform is built, without
        `start`: `rebound tick` only sends, and must not listen where `rebound run` listens."""
        ...

    async def start(self) -> None:
        """Begin receiving commands (connect, or listen). Raise `StartFailure` with words an
        organiser can act on when it cannot; the runner then stops everything and exits."""
        ...

    async def connected(self) -> bool:
        """Whether commands can reach us now (a gateway or socket is open, or an HTTP server
        listens), for `/readyz`. False before `start`; quick, and never raises."""
        ...

    async def stop(self) -> None:
        """Stop receiving and release what `start` or the constructor opened. Called once on
        shutdown, also after a failed or partial `start`; must not raise for what never began."""
        ...


class StartFailure(Exception):
    """A platform could not start; the message says why, in plain words, with no secret in it."""
