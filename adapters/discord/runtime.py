"""Discord as a `bot.platform.Platform`: one discord.py `Client` on the caller's event loop.

The client asks for the guilds intent only (no message content, members or presences) and
pings no one (`AllowedMentions.none()`). It is started with `login` then `connect` as a task,
never `Client.run`, so Slack and Discord share one loop and one heartbeat.

Slash commands come through a `CommandTree` generated from the registry (`commands.attach`).
Buttons and modals are handled generically in `on_interaction`, by their custom ids alone
(`render.custom_id`, `forms.modal`): no per-message view objects, so a button in a
three-week-old DM works after any number of restarts.

Answers are sent as raw interaction callbacks with the rendered JSON (`render.DiscordMessage`,
`adapters.discord.answers`): directly when the core answers quickly, else after a deferral
(Discord drops an interaction not acknowledged within 3 seconds) as follow-ups. Where each
reply goes is `bot.routes`' call, except a press's answer that `replaces_source`: it edits the
pressed message in place (callback type 7, or `@original` after a deferral), files kept.

Shards: given `shards` (the shard count and the shards this process runs), the client is an
`AutoShardedClient` on those shards only; otherwise a plain `Client` (one shard).

Scheduled messages and files go through the messenger, paced under Discord's documented
limits (`bot.delivery.pacing.DISCORD_PACE`); a private reply that went to the member's DM (an
export) is answered with where it went, or why it could not go (`bot.routes.delivered`,
`routes.apology`). When a member is forgotten, the bot's messages in their DM are deleted
(`adapters.discord.forget`) after the answer.

Base URLs: `api_url` sets discord.py's `Route.BASE` and `gateway_url` its default gateway
(`DiscordWebSocket.DEFAULT_GATEWAY`); both are process-wide class attributes in discord.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp
import discord
import discord.gateway
from discord import app_commands

from adapters.discord import forget, forms
from adapters.discord.answers import (
    DEFERRED_UPDATE,
    MESSAGE,
    UPDATE_MESSAGE,
    Endpoints,
    deferred_private,
    updated,
)
from adapters.discord.client import Shards, make_client, point_at
from adapters.discord.commands import attach, payload_of
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.render import render
from adapters.discord.translate import (
    APPLICATION_COMMAND,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    PLATFORM,
    actor_of,
    button,
    draft_submitted,
)
from adapters.payloads import MalformedPayload
from bot import answering, routes
from bot.clock import Clock
from bot.commands.registry import REGISTRY, Registry
from bot.core import Core
from bot.delivery.nudges import EDIT
from bot.delivery.pacing import DISCORD_PACE, PacedMessenger, Pacer
from bot.platform import StartFailure
from bot.values import ButtonPress, Command

log = logging.getLogger(__name__)
SEND = routes.Route.SEND

QUICK = 2.0  # seconds to wait for the core before deferring (Discord allows 3)
READY_SECONDS = 30.0  # how long `start` waits for the gateway
IDENTIFY_SPACING = 5.0  # discord.py waits this long between its shards' IDENTIFYs
SUGGESTING_AT_ONCE = 2  # autocomplete lookups in worker threads at once


class DiscordRuntime:
    name = PLATFORM

    def __init__(
        self,
        token: str,
        core: Core,
        clock: Clock,
        *,
        api_url: str | None = None,
        gateway_url: str | None = None,
        shards: Shards | None = None,
        registry: Registry = REGISTRY,
    ) -> None:
        """`registry`: the commands to serve as slash commands, the core's own (a core made
        with another registry, as tests do, needs its runtime made with it too)."""
        point_at(api_url, gateway_url)
        self._token = token
        self._core = core
        self._clock = clock
        self._messenger = DiscordMessenger(token)
        self._paced = PacedMessenger(self._messenger, Pacer(DISCORD_PACE))
        self.client = make_client(shards)
        self._endpoints = Endpoints(self.client)
        self._ready_seconds = READY_SECONDS + IDENTIFY_SPACING * (len(shards[1]) if shards else 0)
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(self.client)
        attach(self.tree, self._on_command, registry, suggest=self._suggest)
        self._suggesting = 0
        self._ready = asyncio.Event()
        self._connection: asyncio.Task[None] | None = None
        self.client.event(self.on_ready)
        self.client.event(self.on_interaction)

    @property
    def messenger(self) -> PacedMessenger:
        """Kept under Discord's documented limits (`bot.delivery.pacing.DISCORD_PACE`)."""
        return self._paced

    async def start(self) -> None:
        try:
            await self.client.login(self._token)
        except discord.LoginFailure as error:
            raise StartFailure("Discord refused DISCORD_TOKEN: check the bot token") from error
        except (OSError, aiohttp.ClientError, discord.HTTPException) as error:
            raise StartFailure("Discord's API could not be reached (DISCORD_API_URL)") from error
        self._connection = asyncio.create_task(self.client.connect(reconnect=True))
        ready = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait(
            {ready, self._connection},
            timeout=self._ready_seconds,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if ready not in done:
            ready.cancel()
            raise StartFailure("Discord's gateway could not be reached (DISCORD_GATEWAY_URL)")
        log.info("discord connected")

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.client.close()
        if self._connection is not None:
            self._connection.cancel()
            with contextlib.suppress(BaseException):
                await self._connection
        await self._messenger.close()

    async def connected(self) -> bool:
        """The gateway session is ready and its socket open, on every shard this process runs
        (discord.py reconnects a dropped one by itself; until then this says False)."""
        client = self.client
        if not self._ready.is_set() or client.is_closed() or not client.is_ready():
            return False
        try:
            if isinstance(client, discord.AutoShardedClient):
                return all(not shard.is_closed() for shard in client.shards.values())
            return client.ws is not None and bool(client.ws.open)
        except AttributeError:  # a shard between two connections has no socket yet
            return False

    async def on_ready(self) -> None:
        self._ready.set()

    # --- in -------------------------------------------------------------------------------

    async def _on_command(self, interaction: discord.Interaction[Any], command: Command) -> None:
        await self._answer(interaction, command)

    async def _suggest(
        self, interaction: discord.Interaction[Any], command: str, option: str, typed: str
    ) -> list[str]:
        """The core's suggestions for an autocompleted option; none if it is slow or fails
        (Discord waits 3 seconds, and typing on is better than an error). A slow database
        leaves a lookup running after we stop waiting, so at most `SUGGESTING_AT_ONCE` run at
        a time: every keystroke must not take a worker thread that commands need."""
        if self._suggesting >= SUGGESTING_AT_ONCE:
            return []
        try:
            actor = actor_of(payload_of(interaction))
            work = asyncio.ensure_future(
                asyncio.to_thread(self._core.suggest, actor, command, option, typed)
            )
            self._suggesting += 1
            work.add_done_callback(self._suggested)
            return await asyncio.wait_for(asyncio.shield(work), QUICK)
        except Exception as error:
            log.warning("discord autocomplete failed", extra={"error": type(error).__name__})
            return []

    def _suggested(self, work: asyncio.Future[list[str]]) -> None:
        self._suggesting -= 1
        if not work.cancelled():
            work.exception()  # seen: a failure was logged by whoever waited, or came too late

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Buttons and modals, by custom id alone (slash commands go through the tree)."""
        kind = int(interaction.type.value)
        if kind not in (MESSAGE_COMPONENT, MODAL_SUBMIT):
            return
        body = payload_of(interaction)
        try:
            command: Command = button(body) if kind == MESSAGE_COMPONENT else draft_submitted(body)
        except MalformedPayload:
            log.warning("discord interaction not understood", extra={"kind": kind})
            await self._endpoints.callback(interaction, {"type": DEFERRED_UPDATE})
            return
        if isinstance(command, ButtonPress) and command.action_id == EDIT:  # noqa: SIM102
            if await self._open_editor(interaction, command):
                return
        await self._answer(interaction, command)

    async def _open_editor(self, interaction: discord.Interaction[Any], press: ButtonPress) -> bool:
        now = self._clock.now()
        form = await asyncio.to_thread(self._core.editor, press.actor, press.value, now)
        if form is None:
            return False
        data = forms.modal(form, press.actor.workspace_id)
        await self._endpoints.callback(interaction, {"type": forms.MODAL_RESPONSE, "data": data})
        return True

    async def _answer(self, interaction: discord.Interaction[Any], command: Command) -> None:
        """Answer within Discord's 3 seconds: at once if the core is quick, else defer first.

        A press whose answer takes the place of the pressed message (`replaces_source`, an
        event post's new counts) gets it as its callback (type 7), before any slower post
        (a DM with a file) goes out; after a deferral it edits `@original` instead."""
        is_press = int(interaction.type.value) != APPLICATION_COMMAND
        work = asyncio.ensure_future(answering.answer(self._core, command, self._clock.now()))
        done, _ = await asyncio.wait({work}, timeout=QUICK)
        first = next((r for r in work.result() if r.replaces_source), None) if done else None
        update = first if is_press else None
        if update is not None:
            data = updated(update, interaction.message)
            await self._endpoints.callback(interaction, {"type": UPDATE_MESSAGE, "data": data})
        # Posting elsewhere first (a DM, a file) may take longer than Discord waits: defer too.
        sends = done and any(routes.route(r, can_answer=True) is SEND for r in work.result())
        deferred = update is None and (not done or sends)
        if deferred:
            ack = {"type": DEFERRED_UPDATE} if is_press else deferred_private()
            await self._endpoints.callback(interaction, ack)
        replies = await work
        acknowledged, answered = deferred or update is not None, False
        for reply in replies:
            if reply is update:
                continue
            if is_press and reply.replaces_source:
                data = updated(reply, interaction.message)
                if acknowledged:
                    await self._endpoints.edit_original(interaction, data)
                else:
                    body = {"type": UPDATE_MESSAGE, "data": data}
                    await self._endpoints.callback(interaction, body)
                    acknowledged = True
                continue
            if routes.route(reply, can_answer=True) is SEND:
                delivery = await self._paced.send(reply)
                if delivery.ok:
                    said = routes.delivered(reply)
                else:  # Discord posts privately only in an interaction: the rest goes to the DM
                    said = routes.apology(reply, delivery, private_in_dm=True)
                if said is None:
                    continue
                reply = said
            data = render(reply).payload()
            if not acknowledged:
                await self._endpoints.callback(interaction, {"type": MESSAGE, "data": data})
                acknowledged = True
            else:
                await self._endpoints.followup(interaction, data)
            answered = True
        for erasure in (reply.erasure for reply in replies if reply.erasure is not None):
            await forget.erase(self._messenger, erasure)
        if answered:
            return
        # Nothing private to say (a post went to the channel). A press is acknowledged without
        # a message; a command must be answered, so its "thinking…" answer is taken back.
        if is_press:
            if not acknowledged:
                await self._endpoints.callback(interaction, {"type": DEFERRED_UPDATE})
            return
        if not acknowledged:
            await self._endpoints.callback(interaction, deferred_private())
        await self._endpoints.delete_original(interaction)
