"""Slack as a `bot.platform.Platform`: Web API clients per workspace, OAuth stores on the
database engine it is given, and the two connection modes (Socket Mode, or HTTP on PORT, where
the operator's routes are served too: /healthz, /readyz, /metrics), all on the caller's event
loop. It is built by `bot.runtime.slack`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.internals import parse_body
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import and_, or_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.app import SlackBot
from adapters.slack.config import SCOPES, SlackConfig
from adapters.slack.messenger import SlackMessenger, our_dm_messages, retract_message
from adapters.slack.translate import PLATFORM
from bot.clock import Clock
from bot.core import Core
from bot.delivery.pacing import SLACK_PACE, PacedMessenger, Pacer
from bot.platform import StartFailure
from bot.values import Erasure

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HTTP_SHUTDOWN_SECONDS = 3.0  # how long stopping waits for requests in flight


def web_client(config: SlackConfig, token: str | None = None) -> AsyncWebClient:
    """A client that waits out Slack's 429s (Retry-After) twice before reporting them."""
    return AsyncWebClient(
        token=token,
        base_url=config.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


class SlackRuntime:
    """Slack, started and stopped by the runner.

    With OAuth (several workspaces), slack_sdk keeps installations and OAuth states in tables
    of its own on `installations`, an async engine the composition root makes for Rebound's
    database; this runtime owns it from then on and disposes of it on `stop`.
    """

    name = PLATFORM

    def __init__(
        self,
        config: SlackConfig,
        core: Core,
        clock: Clock,
        installations: AsyncEngine | None = None,
        routes: Sequence[web.RouteDef] = (),
    ) -> None:
        """`routes`: served beside Slack's endpoint in HTTP mode (the runner's probes)."""
        self.config = config
        self._core = core
        self._routes = tuple(routes)
        self._clients: dict[str, AsyncWebClient] = {}
        self._engine: AsyncEngine | None = installations
        self._installations: AsyncSQLAlchemyInstallationStore | None = None
        self._states: AsyncSQLAlchemyOAuthStateStore | None = None
        oauth_flow = None
        if config.oauth:
            if self._engine is None:
                raise ValueError("Slack's OAuth install needs the installations engine")
            self._installations = AsyncSQLAlchemyInstallationStore(config.client_id, self._engine)
            self._states = AsyncSQLAlchemyOAuthStateStore(600, self._engine)
            oauth_flow = AsyncOAuthFlow(
                client=web_client(config),
                settings=AsyncOAuthSettings(
                    client_id=config.client_id,
                    client_secret=config.client_secret,
                    scopes=list(SCOPES),
                    installation_store=self._installations,
                    state_store=self._states,
                ),
            )
        self.messenger = PacedMessenger(SlackMessenger(self.client_for), Pacer(SLACK_PACE))
        self.bot = SlackBot(
            core,
            clock,
            web_client(config, None if config.oauth else config.bot_token),
            self.messenger,
            signing_secret=config.signing_secret,
            oauth_flow=oauth_flow,
            erase=self.erase,
            installer=self.installer_of if config.oauth else None,
        )
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None

    async def client_for(self, team_id: str) -> AsyncWebClient | None:
        """The bot token's client for a workspace; from the installation store with OAuth."""
        if not self.config.oauth:
            return self._clients.setdefault("", web_client(self.config, self.config.bot_token))
        # Looked up every time, so a reinstall or a revoked token takes effect at once.
        assert self._installations is not None
        # An Enterprise Grid workspace's install is filed under its org: the org id was stored
        # with the workspace when its members' requests arrived.
        org = await asyncio.to_thread(self._core.organization, PLATFORM, team_id) or None
        bot = await self._installations.async_find_bot(enterprise_id=org, team_id=team_id)
        if (bot is None or not bot.bot_token) and org is not None:  # installed org-wide
            bot = await self._installations.async_find_bot(
                enterprise_id=org, team_id=None, is_enterprise_install=True
            )
        if bot is None or not bot.bot_token:
            return None
        return web_client(self.config, bot.bot_token)

    async def installer_of(self, team_id: str, enterprise_id: str) -> str | None:
        """Who installed Rebound in the workspace (the installation's user), who may set the
        group up like an admin may; None when unknown (a token given by the operator)."""
        assert self._installations is not None
        found = await self._installations.async_find_installation(
            enterprise_id=enterprise_id or None, team_id=team_id
        )
        return found.user_id if found is not None and found.user_id else None

    async def erase(self, erasure: Erasure) -> None:
        """Finish forgetting a member on Slack's side: delete everything the bot left in their
        DM (nudges, notes, exports: any may name a company), and blank their user id and user
        tokens in the installation rows."""
        client = await self.client_for(erasure.workspace_id)
        if client is not None:
            await _delete_our_dm_messages(client, erasure)
        if self._installations is None or self._engine is None:
            return
        table = self._installations.installations
        org = await asyncio.to_thread(self._core.organization, PLATFORM, erasure.workspace_id)
        # An org-wide (Enterprise Grid) installation is filed under the org, with no team.
        filed_under = table.c.team_id == erasure.workspace_id
        if org:
            filed_under = or_(
                filed_under, and_(table.c.team_id.is_(None), table.c.enterprise_id == org)
            )
        async with self._engine.begin() as db:
            await db.execute(
                update(table)
                .where(filed_under, table.c.user_id == erasure.user_id)
                .values(
                    user_id="",
                    user_token=None,
                    user_scopes=None,
                    user_refresh_token=None,
                    user_token_expires_at=None,
                )
            )

    def web_app(self) -> web.Application:
        server = AsyncSlackAppServer(port=self.config.port, path=EVENTS_PATH, app=self.bot.app)
        server.web_app.router.add_routes(self._routes)
        server.web_app.middlewares.append(_refuse_unreadable)
        return server.web_app

    async def connected(self) -> bool:
        """Socket Mode: the WebSocket is open (slack_sdk reconnects a dropped one by itself).
        HTTP mode: the server listens; a request for /readyz reaching it shows as much."""
        if self._socket is not None:
            return bool(await self._socket.client.is_connected())
        return self._runner is not None and bool(self._runner.sites)

    async def start(self, host: str = "0.0.0.0") -> None:
        if self._installations is not None and self._states is not None:
            await self._installations.create_tables()  # type: ignore[no-untyped-call]
            await self._states.create_tables()  # type: ignore[no-untyped-call]
        if self.config.socket_mode:
            self._socket = AsyncSocketModeHandler(self.bot.app, self.config.app_token)
            # The client retries a refused connection forever; asking for the WebSocket URL
            # first (the URL it would ask for itself) turns a refused token into a clear stop.
            client = self._socket.client
            try:
                client.wss_uri = await client.issue_new_wss_url()
            except SlackApiError as error:
                raise StartFailure(
                    f"Slack refused the Socket Mode connection ({error.response.get('error')}); "
                    "check SLACK_APP_TOKEN (an app-level token with connections:write)"
                ) from None
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack connected", extra={"mode": "socket"})
            return
        self._runner = web.AppRunner(self.web_app(), shutdown_timeout=HTTP_SHUTDOWN_SECONDS)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, self.config.port).start()
        except OSError as error:
            raise StartFailure(
                f"cannot listen on port {self.config.port} ({error.strerror or error}); "
                "set PORT to a free port"
            ) from None
        log.info("slack listening", extra={"mode": "http", "port": self.config.port})

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        if self._runner is not None:
            await self._runner.cleanup()
        await self.bot.response_urls.close()  # after the requests in flight were answered
        if self._engine is not None:
            await self._engine.dispose()


async def _delete_our_dm_messages(client: AsyncWebClient, erasure: Erasure) -> None:
    """Files first (deleting one also removes its share message), then the messages. Each
    failure is logged and the rest still go."""
    refs, files = set(erasure.message_refs), set()
    try:
        found = await our_dm_messages(client, erasure.user_id)
        refs.update(found.refs)
        files.update(found.files)
    except Exception as error:  # the stored references still go
        log.warning("slack history unavailable", extra={"error": type(error).__name__})
    for file_id in sorted(files):
        try:
            await client.files_delete(file=file_id)
        except Exception as error:
            log.warning("slack file not deleted", extra={"error": type(error).__name__})
    for ref in sorted(refs):
        await retract_message(client, ref)


@web.middleware
async def _refuse_unreadable(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A body Slack would never send (not JSON, not a form, a payload that is not an object)
    gets 400 before Bolt parses it: Bolt would fail with an exception, which is a 500 with a
    traceback in the log, before it even checks the signature."""
    if request.method == "POST" and request.path == EVENTS_PATH:
        body = (await request.read()).decode("utf-8", errors="replace")
        try:
            readable = isinstance(parse_body(body, request.content_type), dict)
        except ValueError:  # json.JSONDecodeError is one
            readable = False
        if not readable:
            return web.Response(status=400, text="unreadable request")
    return await handler(request)
