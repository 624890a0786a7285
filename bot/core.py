"""The core's front door: one command and the current time in, the messages to send out.

It never sends, never reads the clock and never reads the environment, which is why the console,
the tests and every platform run exactly this code.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import markup, timezones
from bot.commands import editor, home
from bot.commands.declare import UNKNOWN_LABEL
from bot.commands.registry import REGISTRY, Registry
from bot.commands.requests import Problem
from bot.context import Context
from bot.delivery import nudges, unreachable
from bot.observe import UNOBSERVED, Observer
from bot.ports import CommitGate, Repository, UnitOfWork
from bot.values import (
    Actor,
    ButtonPress,
    Command,
    Destination,
    DraftSubmitted,
    Form,
    Outbound,
    SlashCommand,
)

log = logging.getLogger(__name__)

# Every button's handler by action id, derived from the registry (tests and adapters read it).
BUTTONS = REGISTRY.buttons()


class Core:
    def __init__(
        self,
        uow: UnitOfWork,
        default_timezone: str = "UTC",
        *,
        group_timezone: str | None = None,
        registry: Registry = REGISTRY,
        registered: Mapping[str, Collection[str] | None] | None = None,
        observer: Observer = UNOBSERVED,
        executor: Executor | None = None,
    ) -> None:
        """`group_timezone`, when given, is stored as the zone of every group this core serves
        (the console's `--tz`), so a later `rebound tick` on the same database, started with
        another default zone, still plans the group's posts in the zone the group was run in.

        `registered` names, per platform, the top-level commands it registers (Slack's
        `SLACK_COMMANDS`); a platform not named has them all. Help and hints then name
        `/rebound feedback` where `/feedback` is not there. `observer` hears of every command
        answered (`bot.answering`), for the operator's metrics. `executor`: the thread(s)
        `bot.answering` runs each command in; None for the event loop's default workers."""
        self._uow = uow
        self.observer = observer
        self.executor = executor
        self._default_timezone = default_timezone
        self._group_timezone = group_timezone
        self._registry = registry
        self._buttons = registry.buttons()
        self._menus = {
            platform: registry.menu(names) for platform, names in (registered or {}).items()
        }
        self._full_menu = registry.menu()

    @property
    def button_ids(self) -> frozenset[str]:
        """Every button action id the core answers, for a platform's listener to match."""
        return frozenset(self._buttons)

    def label(self, command: Command) -> str:
        """What metrics call `command`: its registry name, or a button's action id; "unknown"
        for anything else, so a forged or stale name never becomes a label of its own."""
        if isinstance(command, SlashCommand):
            return self._registry.label(command.name, command.text)
        if isinstance(command, DraftSubmitted):
            return command.action_id
        return command.action_id if command.action_id in self._buttons else UNKNOWN_LABEL

    def group_zone(self, platform: str, workspace_id: str, channel_id: str, default: str) -> str:
        """The zone stored for a group, else `default`; from now on it is stored for the group.

        The console calls this at start, with `--tz` (always stored) or, without it, the default
        zone, which a group that has run before does not take: it keeps the zone it ran in."""
        with self._uow() as repo:
            group = repo.get_group(platform, workspace_id, channel_id)
        self._group_timezone = group.timezone if group is not None and group.timezone else default
        return self._group_timezone

    def handle(
        self, command: Command, now: datetime, gate: CommitGate | None = None
    ) -> list[Outbound]:
        """The answers to one command, its changes committed (or, with `gate`, maybe not).

        Adapters call this through `bot.answering.answer`, which bounds the wait and turns a
        failure into an honest apology.
        """
        if now.tzinfo is None:
            raise ValueError("the core works in timezone-aware time only")
        if isinstance(command, SlashCommand) and self._registry.gated(command.name, command.text):
            # Its own transaction, which only reads: someone refused leaves nothing stored.
            with self._uow() as lookup:
                refused = self._registry.refusal(command.name, command.text, command.actor, lookup)
            if refused is not None:
                menu = self._menus.get(command.actor.platform, self._full_menu)
                body = markup.blocks(menu.rewrite(refused))
                return [Outbound(Destination.ephemeral(command.actor), body)]
        with self._uow(gate) as repo:
            ctx = self._context(repo, command.actor, now)
            if isinstance(command, SlashCommand):
                result = self._slash(ctx, command)
            elif isinstance(command, DraftSubmitted):
                result = editor.submit(ctx, command)
            else:
                result = self._button(ctx, command)
            if not ctx.member.dm_open:
                # Their DMs were closed when we last tried: tell them, and try DMs again.
                result = [*result, *unreachable.welcome_back(ctx)]
        log.info(
            "command handled",
            extra={
                "platform": command.actor.platform,
                "command": command.name if isinstance(command, SlashCommand) else command.action_id,
                "replies": len(result),
            },
        )
        return result

    def _context(self, repo: Repository, platform_actor: Actor, now: datetime) -> Context:
        actor = _storable(platform_actor)
        # One command of a member at a time: a double click or a client retry then finds the
        # first copy's rows instead of racing it (`Repository.enter` takes their lock).
        entry = repo.enter(actor, now)
        member, new_member = entry.member, entry.created
        hint = timezones.canonical(actor.timezone_hint) if actor.timezone_hint else None
        if member.timezone is None and hint:
            # The platform's idea of the member's zone, until they set one themselves.
            member = replace(member, timezone=hint)
            repo.save_member(member)
        group = repo.get_group(actor.platform, actor.workspace_id, actor.channel_id)
        if (
            group is not None
            and self._group_timezone
            and not group.timezone_chosen  # an admin's `/rebound settings timezone` stands
            and group.timezone != self._group_timezone
        ):
            group = replace(group, timezone=self._group_timezone)
            repo.save_group(group)
        # The member's own group sets the zone (a DM has no channel; after `/rebound setup` the
        # channel typed in may not be their group's), the channel's group only without one.
        home = member.home_channel_id
        if home and home == actor.channel_id:
            own = group  # typed in their own group's channel: already read
        else:
            own = repo.get_group(actor.platform, actor.workspace_id, home) if home else None
        home_group = own
        own = own or repo.workspace_group(actor.platform, actor.workspace_id) or group
        group_tz = own.timezone if own and own.timezone else self._default_timezone
        tz = timezones.effective(member.timezone, group_tz)
        menu = self._menus.get(actor.platform, self._full_menu)
        return Context(
            repo, actor, member, tz, now, new_member, menu, self._default_timezone, home_group
        )

    def home(self, actor: Actor, now: datetime) -> Outbound:
        """A member's own overview (Slack's App Home): open follow-ups and their week.

        Opening it is not using Rebound: someone we do not know (never met, or forgotten at
        their request) sees a welcome, and nothing is stored about them.
        """
        with self._uow() as repo:
            if repo.find_member(actor) is None:
                return home.welcome(actor)
            return home.overview(self._context(repo, actor, now))

    def suggest(self, actor: Actor, command: str, option: str, typed: str) -> list[str]:
        """Values to offer while `actor` types `option` of `command` (a command's or a
        `/rebound` subcommand's name), best first, at most 25.

        Like opening the home screen, this is not using Rebound: someone we do not know gets
        nothing, and nothing is stored about anyone."""
        suggester = self._registry.suggester(command, option)
        if suggester is None:
            return []
        with self._uow() as repo:
            member = repo.find_member(actor)
            return [] if member is None else suggester(repo, member, typed)

    def editor(self, actor: Actor, value: str, now: datetime) -> Form | None:
        """The draft editor for an "Edit draft" button's `value`, if that follow-up is the
        actor's own; None tells the platform to answer the press as a button instead."""
        parsed = nudges.parse_value(value)
        if parsed is None:
            return None
        with self._uow() as repo:
            ctx = self._context(repo, actor, now)
            followup = repo.get_followup(parsed[0])
            if followup is None or followup.member_id != ctx.member.id:
                return None
            return editor.form(followup, value)

    def _slash(self, ctx: Context, command: SlashCommand) -> list[Outbound]:
        call = self._registry.resolve(command.name, command.text)
        if isinstance(call, Problem):
            return [ctx.problem(call.message, dict(call.params))]
        return call.run(ctx)

    def _button(self, ctx: Context, press: ButtonPress) -> list[Outbound]:
        handler = self._buttons.get(press.action_id)
        if handler is None:
            return [ctx.problem("gone")]
        return handler(ctx, press.value)

    def organization(self, platform: str, workspace_id: str) -> str:
        """The organization a workspace belongs to ("" for none), for a platform adapter that
        needs it to find the installation that sends a scheduled message."""
        with self._uow() as repo:
            return repo.workspace_organization(platform, workspace_id)


def _storable(actor: Actor) -> Actor:
    """The actor without lone surrogates or NUL, which databases do not store as text.

    Platforms hand them over from undecodable bytes (a console on the C locale) or a JSON
    `\\udc80` or `\\u0000` escape in a name (PostgreSQL refuses NUL in text); dropping them keeps
    the member's commands working.
    """

    def drop(text: str) -> str:
        return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")

    texts: dict[str, Any] = {k: drop(v) for k, v in vars(actor).items() if isinstance(v, str)}
    return replace(actor, **texts)
