"""Slack's listeners on one slack-bolt AsyncApp: every command, button, the draft editor and
the App Home. Each request is acknowledged at once, then its work hands a core value to the
core in a worker thread, so Slack gets its answer well within three seconds and the loop never
blocks.

The acknowledgement is Bolt's lazy-listener shape (`ack=` one function, `lazy=[...]` the work)
with `process_before_response` on: Bolt then returns the HTTP response (or Socket Mode
envelope) as soon as the ack function returns, and starts the work as a task. With Bolt's
default instead, the listener itself runs as a task and Bolt polls for its `ack()` in 10 ms
steps, so every answer to Slack waited 10 ms or more (issue 13). Bolt logs a lazy function's
exception with its text, so each of ours catches everything itself (`_guarded`).

Every command is answered (`bot.answering`): a database failure or timeout becomes "nothing was
recorded, try again", and a slow `users.info` only costs the timezone hint. Bolt's own error
handler is replaced, because it logs exception text, which can quote a member's words.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from typing import Any, NamedTuple

from aiohttp import ClientError
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import forms, translate
from adapters.slack.answers import Respond, Source, answer
from adapters.slack.render import render
from adapters.slack.response_urls import ResponseUrls
from bot import answering, routes
from bot.clock import Clock
from bot.commands import editor
from bot.core import Core
from bot.delivery.nudges import EDIT
from bot.ports import Messenger
from bot.values import Actor, ButtonPress, Erasure, Outbound

log = logging.getLogger(__name__)
ANSWER = routes.Route.ANSWER

PROFILE_TIMEOUT = 1.5  # seconds users.info may take before we go on without the hint
# How long what users.info said is trusted: a name, zone or admin role changed in Slack shows
# within this many seconds, without asking Slack on every command.
PROFILE_SECONDS = 600.0


class Profile(NamedTuple):
    name: str
    timezone: str
    can_manage: bool  # a workspace admin or owner: may run organiser commands


VIEW_TIMEOUT = answering.PATIENCE  # reading the data behind a modal or the App Home
Erase = Callable[[Erasure], Awaitable[None]]
Installer = Callable[[str, str], Awaitable[str | None]]  # (team, org) -> installer user id
Payload = dict[str, Any]


def button_pattern(action_ids: Collection[str]) -> re.Pattern[str]:
    """The core's button action ids, as rendered (`render` numbers each: `followup.done:2`)."""
    names = "|".join(re.escape(action_id) for action_id in sorted(action_ids))
    return re.compile(rf"^({names})(:\d+)?$")


class SlackBot:
    def __init__(
        self,
        core: Core,
        clock: Clock,
        client: AsyncWebClient,
        messenger: Messenger,
        *,
        signing_secret: str,
        oauth_flow: AsyncOAuthFlow | None = None,
        erase: Erase | None = None,
        installer: Installer | None = None,
    ) -> None:
        """`installer`: who installed the app in a workspace (OAuth), an organiser too."""
        self._core = core
        self._erase = erase
        self._installer = installer
        self._clock = clock
        self._messenger = messenger
        self._profiles: dict[tuple[str, str], tuple[Profile, float]] = {}
        self.response_urls = ResponseUrls()  # closed by the runtime when it stops
        bolt_logger = logging.getLogger("slack_bolt.rebound")
        bolt_logger.setLevel(max(bolt_logger.getEffectiveLevel(), logging.WARNING))
        self.app = AsyncApp(
            client=client,  # carries the bot token in single-workspace mode
            signing_secret=signing_secret,
            oauth_flow=oauth_flow,
            logger=bolt_logger,
            process_before_response=True,  # answered when `_acknowledge` returns, no polling
        )
        self.app.error(self._on_error)
        self.app.middleware(self._skip_event_retries)
        ack = _acknowledge
        self.app.command(re.compile(r"^/.+$"))(ack=ack, lazy=[_guarded(self._on_command)])
        self.app.action(button_pattern(core.button_ids))(ack=ack, lazy=[_guarded(self._on_button)])
        self.app.view(editor.FORM_ID)(ack=ack, lazy=[_guarded(self._on_edit_submitted)])
        # Events are acknowledged by Bolt itself; the work still runs after the response.
        self.app.event("app_home_opened")(ack=_nothing, lazy=[_guarded(self._on_home_opened)])

    async def _skip_event_retries(
        self, req: Any, resp: Any, next: Callable[[], Awaitable[Any]]
    ) -> Any:
        """Slack re-sends an event it thinks timed out; we already handled the first one."""
        retry = req.headers.get("x-slack-retry-num")
        if retry and req.body.get("type") == "event_callback":
            return BoltResponse(status=200, body="")
        return await next()

    async def _on_error(self, error: Exception) -> None:
        """Bolt's default handler logs the exception's text; this logs only its kind."""
        log.error("slack listener failed", extra={"error": type(error).__name__})

    async def _profile(self, client: AsyncWebClient, team: str, user: str) -> Profile:
        """Name, zone and admin role from users.info, cached for `PROFILE_SECONDS`: the zone is
        only a first guess, so a slow or failing Slack costs the hint (and organiser commands,
        which are then refused), never the command."""
        key = (team, user)
        cached = self._profiles.get(key)
        if cached is None or time.monotonic() - cached[1] > PROFILE_SECONDS:
            try:
                reply = await asyncio.wait_for(client.users_info(user=user), PROFILE_TIMEOUT)
                info = reply["user"]
                profile = info.get("profile") or {}
                name = profile.get("display_name") or info.get("real_name") or info.get("name")
                manages = any(info.get(role) for role in ("is_admin", "is_owner"))
                found = Profile(str(name or user), str(info.get("tz") or ""), bool(manages))
                cached = self._profiles[key] = (found, time.monotonic())
            except (SlackApiError, ClientError, TimeoutError) as error:
                log.info("users.info unavailable", extra={"error": type(error).__name__})
                return Profile(user, "", False)
        return cached[0]

    async def _installed_by(self, team: str, actor: Actor, user: str) -> bool:
        """Whether `user` installed the app in the workspace (issue 11: the installer may set
        the group up); a failing lookup says no, never fails the command."""
        if self._installer is None:
            return False
        try:
            installer = await asyncio.wait_for(
                self._installer(team, actor.organization_id), PROFILE_TIMEOUT
            )
        except Exception as error:  # a store that cannot answer costs the role, not the command
            log.info("installer unknown", extra={"error": type(error).__name__})
            return False
        return installer == user

    async def _handle(self, command: Any) -> list[Outbound]:
        return await answering.answer(self._core, command, self._clock.now())

    async def _reply(
        self, replies: list[Outbound], respond: Respond | None, source: Source | None = None
    ) -> None:
        """Each reply where the core says it goes (`bot.routes`): answered through Slack's
        `response_url` (`respond`, when there is one), or sent by the messenger. `source`: the
        message a pressed button was on, which a reply that `replaces_source` takes the place
        of (a command has none, and such a reply then goes where it says)."""
        for reply in replies:
            if reply.replaces_source and source is not None:
                await source.replace(reply, respond)
            elif respond is not None and routes.route(reply, can_answer=True) is ANSWER:
                await answer(respond, reply)
            else:
                delivery = await self._messenger.send(reply)
                if not delivery.ok and respond is not None:
                    await answer(respond, routes.apology(reply, delivery))
        for erasure in (reply.erasure for reply in replies if reply.erasure is not None):
            self._profiles.pop((erasure.workspace_id, erasure.user_id), None)
            if self._erase is not None:
                await self._erase(erasure)

    def _respond_to(self, body: Payload) -> Respond | None:
        """Answers on the request's `response_url` (one shared session, not Bolt's `respond`,
        which connects anew for every answer); None when it has none."""
        url = body.get("response_url")
        return self.response_urls.respond(url) if isinstance(url, str) and url else None

    async def _on_command(self, body: Payload, client: AsyncWebClient) -> None:
        team, user = str(body.get("team_id", "")), str(body["user_id"])
        profile = await self._profile(client, team, user)
        command = translate.command(body, profile.timezone)
        manages = profile.can_manage or await self._installed_by(team, command.actor, user)
        command = replace(command, actor=replace(command.actor, can_manage=manages))
        replies = await self._handle(command)
        await self._reply(replies, self._respond_to(body))

    async def _on_button(self, body: Payload, action: Payload, client: AsyncWebClient) -> None:
        team = translate.team_of(body)
        name, tz, _manages = await self._profile(client, team, str(body["user"]["id"]))
        press = translate.button(body, action, tz)
        if press.action_id == EDIT and await self._open_editor(client, body, press):
            return
        replies = await self._handle(press)
        await self._reply(replies, self._respond_to(body), Source(client, body))
        if (body.get("container") or {}).get("type") == "view":
            await self._publish_home(client, replace_actor(press.actor, name))

    async def _open_editor(self, client: AsyncWebClient, body: Payload, press: ButtonPress) -> bool:
        try:
            form = await asyncio.wait_for(
                asyncio.to_thread(self._core.editor, press.actor, press.value, self._clock.now()),
                VIEW_TIMEOUT,
            )
        except Exception as error:  # the button's ordinary answer follows, with its own apology
            log.warning("draft unavailable", extra={"error": type(error).__name__})
            return False
        if form is None:
            return False
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=forms.modal(form))
        except (SlackApiError, ClientError, TimeoutError) as error:
            # Slack's trigger lasts 3 s; a slow read outlives it. The draft is shown instead.
            log.warning("editor not opened", extra={"error": type(error).__name__})
            return False
        return True

    async def _on_edit_submitted(
        self, body: Payload, view: Payload, client: AsyncWebClient
    ) -> None:
        team = translate.team_of(body)
        _name, tz, _manages = await self._profile(client, team, str(body["user"]["id"]))
        replies = await self._handle(translate.draft_submitted(body, view, tz))
        await self._reply(replies, None)

    async def _on_home_opened(self, event: Payload, body: Payload, client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team = str(body.get("team_id", ""))
        name, tz, _manages = await self._profile(client, team, str(event["user"]))
        actor = translate.home_actor(event, team, name, tz, translate.organization_of(body))
        await self._publish_home(client, actor)

    async def _publish_home(self, client: AsyncWebClient, actor: Actor) -> None:
        try:
            overview = await asyncio.wait_for(
                asyncio.to_thread(self._core.home, actor, self._clock.now()), VIEW_TIMEOUT
            )
        except Exception as error:  # the tab keeps its last view; the next opening tries again
            log.warning("home view unavailable", extra={"error": type(error).__name__})
            return
        blocks = render(overview).blocks[:100]
        await client.views_publish(user_id=actor.user_id, view={"type": "home", "blocks": blocks})


async def _acknowledge(ack: Callable[[], Awaitable[None]]) -> None:
    """Every command, button and form: an empty acknowledgement, the answer follows."""
    await ack()


async def _nothing() -> None:
    """An event's ack function: Bolt acknowledges events itself."""


Work = Callable[..., Awaitable[None]]


def _guarded(work: Work) -> Work:
    """`work` as a lazy listener: Bolt passes it the arguments its signature names (so the
    wrapper keeps that signature), and a failure is logged by its kind only, never its text."""

    @functools.wraps(work)
    async def run(*args: Any, **kwargs: Any) -> None:
        try:
            await work(*args, **kwargs)
        except Exception as error:
            log.error("slack listener failed", extra={"error": type(error).__name__})

    return run


def replace_actor(actor: Actor, name: str) -> Actor:
    """The same member in their private home context."""
    return Actor(
        actor.platform,
        actor.workspace_id,
        actor.user_id,
        name,
        "",
        "",
        actor.timezone_hint,
        actor.organization_id,
    )
