"""Slack's listeners on one slack-bolt AsyncApp: every command, button, the draft editor and
the App Home. Each listener acknowledges at once, then hands a core value to the core in a
worker thread, so Slack gets its answer well within three seconds and the loop never blocks.

Every command is answered (`bot.answering`): a database failure or timeout becomes "nothing was
recorded, try again", and a slow `users.info` only costs the timezone hint. Bolt's own error
handler is replaced, because it logs exception text, which can quote a member's words.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiohttp import ClientError
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate
from adapters.slack.render import render
from bot import answering
from bot.clock import Clock
from bot.core import Core
from bot.delivery.nudges import DONE, EDIT, parse_value
from bot.ports import Messenger
from bot.values import Actor, ButtonPress, DestinationKind, Erasure, Outbound

log = logging.getLogger(__name__)

EDIT_VIEW = "followup.edit"
PROFILE_TIMEOUT = 1.5  # seconds users.info may take before we go on without the hint
VIEW_TIMEOUT = answering.PATIENCE  # reading the data behind a modal or the App Home
Respond = Callable[..., Awaitable[Any]]
Erase = Callable[[Erasure], Awaitable[None]]
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
    ) -> None:
        self._core = core
        self._erase = erase
        self._clock = clock
        self._messenger = messenger
        self._profiles: dict[tuple[str, str], tuple[str, str]] = {}
        bolt_logger = logging.getLogger("slack_bolt.rebound")
        bolt_logger.setLevel(max(bolt_logger.getEffectiveLevel(), logging.WARNING))
        self.app = AsyncApp(
            client=client,  # carries the bot token in single-workspace mode
            signing_secret=signing_secret,
            oauth_flow=oauth_flow,
            logger=bolt_logger,
        )
        self.app.error(self._on_error)
        self.app.middleware(self._skip_event_retries)
        self.app.command(re.compile(r"^/.+$"))(self._on_command)
        self.app.action(button_pattern(core.button_ids))(self._on_button)
        self.app.view(EDIT_VIEW)(self._on_edit_submitted)
        self.app.event("app_home_opened")(self._on_home_opened)

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

    async def _profile(self, client: AsyncWebClient, team: str, user: str) -> tuple[str, str]:
        """(display name, timezone) from users.info, cached: the zone is only a first guess,
        so a slow or failing Slack costs the hint, never the command."""
        key = (team, user)
        if key not in self._profiles:
            try:
                reply = await asyncio.wait_for(client.users_info(user=user), PROFILE_TIMEOUT)
                info = reply["user"]
                profile = info.get("profile") or {}
                name = profile.get("display_name") or info.get("real_name") or info.get("name")
                self._profiles[key] = (str(name or user), str(info.get("tz") or ""))
            except (SlackApiError, ClientError, TimeoutError) as error:
                log.info("users.info unavailable", extra={"error": type(error).__name__})
                return user, ""
        return self._profiles[key]

    async def _handle(self, command: Any) -> list[Outbound]:
        return await answering.answer(self._core, command, self._clock.now())

    async def _reply(self, replies: list[Outbound], respond: Respond | None) -> None:
        for reply in replies:
            private = reply.destination.kind is DestinationKind.EPHEMERAL
            if private and respond is not None and not reply.attachments:
                rendered = render(reply)
                await respond(
                    text=rendered.text,
                    blocks=rendered.blocks,
                    response_type="ephemeral",
                    replace_original=False,
                )
            else:
                delivery = await self._messenger.send(reply)
                if not delivery.ok and respond is not None:
                    await respond(
                        text=f"Sorry, I could not post that here ({delivery.error}). "
                        "If I'm not in this channel, invite me with /invite @Rebound.",
                        response_type="ephemeral",
                        replace_original=False,
                    )
        for erasure in (reply.erasure for reply in replies if reply.erasure is not None):
            self._profiles.pop((erasure.workspace_id, erasure.user_id), None)
            if self._erase is not None:
                await self._erase(erasure)

    async def _on_command(
        self,
        ack: Callable[[], Awaitable[None]],
        body: Payload,
        respond: Respond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        _name, tz = await self._profile(client, str(body.get("team_id", "")), str(body["user_id"]))
        replies = await self._handle(translate.command(body, tz))
        await self._reply(replies, respond)

    async def _on_button(
        self,
        ack: Callable[[], Awaitable[None]],
        body: Payload,
        action: Payload,
        respond: Respond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        team = translate.team_of(body)
        name, tz = await self._profile(client, team, str(body["user"]["id"]))
        press = translate.button(body, action, tz)
        if press.action_id == EDIT and await self._open_editor(client, body, press):
            return
        replies = await self._handle(press)
        await self._reply(replies, respond if body.get("response_url") else None)
        if (body.get("container") or {}).get("type") == "view":
            await self._publish_home(client, replace_actor(press.actor, name))

    async def _open_editor(self, client: AsyncWebClient, body: Payload, press: ButtonPress) -> bool:
        parsed = parse_value(press.value)
        if parsed is None:
            return False
        try:
            draft = await asyncio.wait_for(
                asyncio.to_thread(self._core.draft, press.actor, parsed[0], self._clock.now()),
                VIEW_TIMEOUT,
            )
        except Exception as error:  # the button's ordinary answer follows, with its own apology
            log.warning("draft unavailable", extra={"error": type(error).__name__})
            return False
        if draft is None:
            return False
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=editor(press.value, *draft))
        except (SlackApiError, ClientError, TimeoutError) as error:
            # Slack's trigger lasts 3 s; a slow read outlives it. The draft is shown instead.
            log.warning("editor not opened", extra={"error": type(error).__name__})
            return False
        return True

    async def _on_edit_submitted(
        self,
        ack: Callable[[], Awaitable[None]],
        body: Payload,
        view: Payload,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        team = translate.team_of(body)
        _name, tz = await self._profile(client, team, str(body["user"]["id"]))
        actor = translate.actor_of_interaction(body, tz)
        replies = await self._handle(ButtonPress(actor, DONE, str(view["private_metadata"])))
        await self._reply(replies, None)

    async def _on_home_opened(self, event: Payload, body: Payload, client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team = str(body.get("team_id", ""))
        name, tz = await self._profile(client, team, str(event["user"]))
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


def editor(followup_id: str, subject: str, body: str) -> Payload:
    """A modal to adjust the draft before sending it; submitting marks the follow-up as sent."""
    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "private_metadata": followup_id,
        "title": {"type": "plain_text", "text": "Your follow-up email"},
        "submit": {"type": "plain_text", "text": "Mark as sent"},
        "close": {"type": "plain_text", "text": "Not yet"},
        "blocks": [
            {
                "type": "input",
                "block_id": "subject",
                "label": {"type": "plain_text", "text": "Subject"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "subject",
                    "initial_value": subject[:150],
                },
            },
            {
                "type": "input",
                "block_id": "body",
                "label": {"type": "plain_text", "text": "Email"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "body",
                    "multiline": True,
                    "initial_value": body[:3000],
                },
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "Edit it here, copy it into your email and send it. Then press "
                        "*Mark as sent*.",
                    }
                ],
            },
        ],
    }
