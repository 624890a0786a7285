"""A local fake of the Slack Web API, for driving the real slack_sdk clients in tests.

`FakeSlack` is an aiohttp server on 127.0.0.1 with an ephemeral port. Point an `AsyncWebClient`
at it with `base_url=fake.api_url`; it answers the methods Rebound uses the way Slack does
(`{"ok": true, ...}`, or HTTP 200 with `{"ok": false, "error": ...}`), records every call, and
keeps what was posted so tests can read it back:

    async with FakeSlack() as fake:
        client = AsyncWebClient(token="xoxb-T1", base_url=fake.api_url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert fake.messages("C1")[0]["text"] == "hi"

Besides the Web API (`/api/<method>`) it serves file upload URLs (`/upload/<file_id>`, as
handed out by `files.getUploadURLExternal`) and response URLs (`/response/<token>`, see
`response_url`). `fail_next` and `error_next` inject failures, also for the pseudo-methods
`"upload"` and `"response_url"`. `accept_then_fail` and `accept_then_stall` make a call do its
work (the message is posted) and then answer a server error, or not answer in time: the
ambiguous failures after which a client cannot tell whether Slack kept the message.

Like Slack, it refuses API calls without a token (`not_authed`), posts to a user ID land in
that user's DM ("D" + user ID), thread replies stay out of `conversations.history`, message
metadata appears in history only with `include_all_metadata`, a response URL takes at most
five posts, and messages over Slack's limits (50 blocks, 40,000 characters of text, metadata
without `event_type`/`event_payload`) are refused.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import BodyPartReader, web
from aiohttp.web_request import FileField

from tests.adapters.local_server import LocalServer

JSON = dict[str, Any]

DEFAULT_TEAM_ID = "T1"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
APP_ID = "A0REBOUND"
DEFAULT_TZ = "Europe/Berlin"
DEFAULT_SCOPE = "app_mentions:read,chat:write,commands,files:write,im:history,im:write,users:read"

MAX_BLOCKS = 50
MAX_TEXT = 40_000
RESPONSE_URL_USES = 5

_FIRST_TS_MICROS = 1_700_000_000 * 1_000_000
_TEXT_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})
_VIEW_METHODS = frozenset({"views.open", "views.publish", "views.update", "views.push"})
_NO_TOKEN_METHODS = frozenset({"oauth.v2.access", "oauth.access"})


@dataclass(frozen=True)
class Call:
    """One request to `/api/<method>`, as the fake received it (failed ones included).

    `params` merges the query string, a form body and a JSON body (later ones win); form and
    query values are strings, JSON values keep their types. `token` is the bearer token, or a
    legacy `token` form field when there is no Authorization header.
    """

    method: str
    params: JSON
    token: str | None
    http_method: str = "POST"
    content_type: str = ""


@dataclass(frozen=True)
class _Failure:
    status: int
    error: str
    retry_after: int | None


@dataclass(frozen=True)
class _After:
    """What happens to a call's answer after the call took effect."""

    status: int
    delay: float


@dataclass
class _User:
    name: str
    real_name: str
    display_name: str
    tz: str
    role: str = ""  # "admin" or "owner" (users.info's is_admin / is_owner), "" for a member


@dataclass
class _OAuthTeam:
    team_id: str
    team_name: str
    user_id: str
    scope: str
    enterprise_id: str | None = None
    org_wide: bool = False


@dataclass
class _File:
    id: str
    filename: str
    length: int
    title: str | None = None
    channels: list[str] = field(default_factory=list)
    initial_comment: str | None = None
    thread_ts: str | None = None


class _SlackError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class FakeSlack(LocalServer):
    """The fake Slack Web API server. See the module docstring."""

    def __init__(
        self,
        *,
        team_id: str = DEFAULT_TEAM_ID,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        """`client_id`/`client_secret`, when given, are checked by `oauth.v2.access`."""
        self.team_id = team_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.calls: list[Call] = []
        self.ephemerals: list[JSON] = []
        """Every accepted `chat.postEphemeral`: channel, user, text, blocks, message_ts, ..."""
        self.views: dict[str, JSON] = {}
        """The latest version of every view opened, pushed, published or updated, by view ID."""
        self.home_views: dict[str, JSON] = {}
        """The App Home view last published for each user, by user ID."""
        self.uploaded: dict[str, bytes] = {}
        """The bytes posted to each upload URL, by file ID."""
        self.shared_to: dict[str, list[str]] = {}
        """The channels each completed upload was shared to, by file ID (empty: kept private)."""
        self.files: dict[str, JSON] = {}
        """Each completed upload: id, filename, title, length, channels, initial_comment, ..."""
        self.responses: list[JSON] = []
        """Every accepted post to a response URL: its JSON body plus `"token"`, the URL's token."""
        self._messages: dict[str, list[JSON]] = {}
        self._texts: list[str] = []
        self._failures: dict[str, deque[_Failure | None]] = {}
        self._after: dict[str, deque[_After]] = {}
        self._delays: dict[str, deque[float]] = {}
        self.deleted: list[JSON] = []
        """Every accepted `chat.delete`: channel and ts."""
        self.history_page_size = 100
        """At most this many messages per `conversations.history` page (Slack gives some apps
        15); more pages follow through `response_metadata.next_cursor`."""
        self.deleted_files: list[str] = []
        """Every accepted `files.delete`: the file ID (its share messages went with it)."""
        self._users: dict[str, _User] = {}
        self._oauth = _OAuthTeam(team_id, _team_name(team_id), "U1", DEFAULT_SCOPE)
        self._pending_files: dict[str, _File] = {}
        self._response_uses: dict[str, int] = {}
        self._response_sources: dict[str, tuple[str, str]] = {}
        self._counter = 0

    # -------------------------------------------------------------- lifecycle

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{token}", self._response)
        return app

    @property
    def api_url(self) -> str:
        """The Web API base URL, ending in `/api/`: pass it as `AsyncWebClient(base_url=...)`."""
        return f"{self.base_url}/api/"

    def response_url(self, token: str, *, on: tuple[str, str] | None = None) -> str:
        """A response URL (as in slash command and block action payloads) served by the fake.

        `on`: the (channel, ts) of the message whose button was pressed; a post with
        `replace_original` then replaces that message's text and blocks (and metadata, when
        given), as Slack does, and files shared after it stay."""
        if on is not None:
            self._response_sources[token] = (_dm_channel(on[0]), on[1])
        return f"{self.base_url}/response/{token}"

    # ------------------------------------------------------------ set-up

    def set_user_tz(self, user: str, tz: str) -> None:
        """Make `users.info` report this IANA time zone for `user`."""
        self.set_user(user, tz=tz)

    def set_user(
        self,
        user: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        display_name: str | None = None,
        tz: str | None = None,
        role: str | None = None,
    ) -> None:
        """Set what `users.info` reports for `user`; unset fields keep their values."""
        current = self._user(user)
        if role is not None:
            current.role = role
        if tz is not None:
            ZoneInfo(tz)  # fail here, not inside a request, on a bad zone name
            current.tz = tz
        if name is not None:
            current.name = name
        if real_name is not None:
            current.real_name = real_name
        if display_name is not None:
            current.display_name = display_name
        self._users[user] = current

    def set_oauth_team(
        self,
        team_id: str,
        *,
        team_name: str | None = None,
        user_id: str = "U1",
        scope: str = DEFAULT_SCOPE,
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> None:
        """The workspace (and installing user) the next `oauth.v2.access` installs into.

        With `enterprise_id` the workspace is in that Enterprise Grid org; `org_wide` installs
        the app for the whole org (then `team_id` is ignored and the token is the org's)."""
        self._oauth = _OAuthTeam(
            team_id, team_name or _team_name(team_id), user_id, scope, enterprise_id, org_wide
        )

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        error: str = "ratelimited",
        times: int = 1,
        after: int = 0,
    ) -> None:
        """Answer the next `times` calls to `method` with HTTP `status` and `{"ok": false}`,
        once `after` more calls have been answered normally.

        A 429 carries a `Retry-After: <retry_after>` header. `method` is an API method name, or
        `"upload"` (the upload URLs) or `"response_url"` (the response URLs).
        """
        failure = _Failure(status, error, retry_after if status == 429 else None)
        self._failures.setdefault(method, deque()).extend([None] * after + [failure] * times)

    def accept_then_fail(self, method: str, *, status: int = 500, times: int = 1) -> None:
        """The next `times` calls to `method` take effect (a message is posted), then the answer
        is HTTP `status` with `{"ok": false, "error": "internal_error"}`."""
        self._after.setdefault(method, deque()).extend([_After(status, 0.0)] * times)

    def accept_then_stall(self, method: str, *, seconds: float, times: int = 1) -> None:
        """The next `times` calls to `method` take effect, then the answer waits `seconds`
        (longer than the client's timeout: the client gives up on a message Slack kept)."""
        self._after.setdefault(method, deque()).extend([_After(200, seconds)] * times)

    def error_next(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next `times` calls to `method` with HTTP 200 and `{"ok": false}`.

        For errors Slack reports that way, such as `"cannot_dm_bot"` or `"channel_not_found"`.
        """
        self._failures.setdefault(method, deque()).extend([_Failure(200, error, None)] * times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` calls to `method` for `seconds` before answering (a slow
        or hanging Slack)."""
        self._delays.setdefault(method, deque()).extend([seconds] * times)

    # ------------------------------------------------------------ reading back

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str) -> list[JSON]:
        """The messages posted to `channel` (a user ID means their DM), oldest first.

        Each is shaped like a `conversations.history` entry (type, user, bot_id, text, ts,
        blocks, metadata, thread_ts, ...), reflecting later `chat.update`s.
        """
        return list(self._messages.get(_dm_channel(channel), []))

    def responses_to(self, token: str) -> list[JSON]:
        return [response for response in self.responses if response["token"] == token]

    def all_texts(self) -> list[str]:
        """Everything user-visible sent to the fake, as strings, in the order it arrived.

        Texts, JSON dumps of blocks, attachments and views, initial comments of file shares,
        from messages, updates, ephemerals, views and response URL posts, including calls that
        were refused: for asserting that nothing unescaped leaked anywhere.
        """
        return list(self._texts)

    # ------------------------------------------------------------ HTTP handlers

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params, token = await _read_params(request)
        call = Call(method, params, token, request.method, request.content_type)
        self.calls.append(call)
        self._collect_texts(method, params)
        delays = self._delays.get(method)
        if delays:
            await asyncio.sleep(delays.popleft())
        injected = self._take_failure(method)
        if injected is not None:
            return injected
        handler = self._handlers().get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        if method not in _NO_TOKEN_METHODS:
            if not token:
                return web.json_response({"ok": False, "error": "not_authed"})
            app_level = method == "apps.connections.open" and token.startswith("xapp-")
            if not token.startswith("xox") and not app_level:
                return web.json_response({"ok": False, "error": "invalid_auth"})
        try:
            body = handler(call)
        except _SlackError as e:
            return web.json_response({"ok": False, "error": e.error})
        after = self._after.get(method)
        if after:
            then = after.popleft()
            if then.delay:
                await asyncio.sleep(then.delay)
            if then.status != 200:
                return web.json_response(
                    {"ok": False, "error": "internal_error"}, status=then.status
                )
        return web.json_response({"ok": True, **body})

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        injected = self._take_failure("upload")
        if injected is not None:
            return injected
        file_id = request.match_info["file_id"]
        if file_id not in self._pending_files:
            return web.Response(status=404, text="file_not_found", content_type="text/plain")
        if request.content_type.startswith("multipart/"):
            content = await _first_multipart_part(request)
        else:
            content = await request.read()
        self.uploaded[file_id] = content
        return web.Response(text=f"OK - {len(content)}", content_type="text/plain")

    async def _response(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return web.Response(status=400, text="invalid_payload", content_type="text/plain")
        if not isinstance(body, dict):
            return web.Response(status=400, text="invalid_payload", content_type="text/plain")
        self._collect_message_texts(body)
        injected = self._take_failure("response_url")
        if injected is not None:
            return injected
        uses = self._response_uses.get(token, 0)
        if uses >= RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url", content_type="text/plain")
        self._response_uses[token] = uses + 1
        self.responses.append({**body, "token": token})
        source = self._response_sources.get(token)
        if source is not None and _truthy(body.get("replace_original")):
            self._replace(source, body)
        return web.Response(text="ok", content_type="text/html")

    def _take_failure(self, method: str) -> web.Response | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue.popleft()
        if failure is None:  # a call answered normally before the failures begin
            return None
        headers = {}
        if failure.retry_after is not None:
            headers["Retry-After"] = str(failure.retry_after)
        return web.json_response(
            {"ok": False, "error": failure.error}, status=failure.status, headers=headers
        )

    # ------------------------------------------------------------ Web API methods

    def _handlers(self) -> dict[str, Callable[[Call], JSON]]:
        return {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "conversations.open": self._conversations_open,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.delete": self._delete,
            "files.delete": self._delete_file,
            "conversations.history": self._history,
            "views.open": self._view_opened,
            "views.push": self._view_opened,
            "views.publish": self._view_published,
            "views.update": self._view_updated,
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "oauth.v2.access": self._oauth_v2_access,
        }

    def _auth_test(self, call: Call) -> JSON:
        team = self._team_of(call.token)
        return {
            "url": f"https://{_team_name(team).lower()}.slack.com/",
            "team": _team_name(team),
            "user": "rebound",
            "team_id": team,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _users_info(self, call: Call) -> JSON:
        user_id = _required(call.params, "user", "user_not_found")
        user = self._user(user_id)
        offset = datetime.now(UTC).astimezone(ZoneInfo(user.tz)).utcoffset()
        return {
            "user": {
                "id": user_id,
                "team_id": self._team_of(call.token),
                "name": user.name,
                "deleted": False,
                "real_name": user.real_name,
                "tz": user.tz,
                "tz_label": user.tz,
                "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
                "is_bot": user_id == BOT_USER_ID,
                "is_admin": user.role in ("admin", "owner"),  # Slack: owners are admins too
                "is_owner": user.role == "owner",
                "is_app_user": False,
                "updated": 1_700_000_000,
                "profile": {
                    "display_name": user.display_name,
                    "display_name_normalized": user.display_name,
                    "real_name": user.real_name,
                    "real_name_normalized": user.real_name,
                },
            }
        }

    def _conversations_open(self, call: Call) -> JSON:
        users = [u for u in str(call.params.get("users", "")).split(",") if u]
        if not users:
            channel = call.params.get("channel")
            if not channel:
                raise _SlackError("users_list_not_supplied")
            return {"channel": {"id": str(channel)}, "no_op": True, "already_open": True}
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(users)
        return {"channel": {"id": channel_id}}

    def _post_message(self, call: Call) -> JSON:
        channel = _dm_channel(_required(call.params, "channel", "channel_not_found"))
        message = self._new_message(call)
        thread_ts = call.params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = str(thread_ts)
            if _truthy(call.params.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"
        self._messages.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": message["ts"], "message": dict(message)}

    def _post_ephemeral(self, call: Call) -> JSON:
        channel = _required(call.params, "channel", "channel_not_found")
        user = _required(call.params, "user", "user_not_in_channel")
        message = self._new_message(call)
        ephemeral: JSON = {"channel": channel, "user": user, "message_ts": message.pop("ts")}
        ephemeral.update({k: v for k, v in message.items() if k in ("text", "blocks")})
        if call.params.get("thread_ts"):
            ephemeral["thread_ts"] = str(call.params["thread_ts"])
        self.ephemerals.append(ephemeral)
        return {"message_ts": ephemeral["message_ts"]}

    def _update(self, call: Call) -> JSON:
        channel = _dm_channel(_required(call.params, "channel", "channel_not_found"))
        ts = _required(call.params, "ts", "message_not_found")
        text, blocks, attachments, metadata = _message_content(call.params)
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                message["text"] = text
                message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
                for key, value in (
                    ("blocks", blocks),
                    ("attachments", attachments),
                    ("metadata", metadata),
                ):
                    if value is not None:
                        message[key] = value
                break
        return {"channel": channel, "ts": ts, "text": text}

    def _replace(self, source: tuple[str, str], body: JSON) -> None:
        channel, ts = source
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                message["text"] = str(body.get("text") or "")
                message["blocks"] = body.get("blocks") or []
                if body.get("metadata") is not None:
                    message["metadata"] = body["metadata"]
                message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}

    def _delete(self, call: Call) -> JSON:
        channel = _dm_channel(_required(call.params, "channel", "channel_not_found"))
        ts = _required(call.params, "ts", "message_not_found")
        kept = [m for m in self._messages.get(channel, []) if m["ts"] != ts]
        if len(kept) == len(self._messages.get(channel, [])):
            raise _SlackError("message_not_found")
        self._messages[channel] = kept
        self.deleted.append({"channel": channel, "ts": ts})
        return {"channel": channel, "ts": ts}

    def _history(self, call: Call) -> JSON:
        channel = _dm_channel(_required(call.params, "channel", "channel_not_found"))
        limit = min(int(call.params.get("limit") or 100), self.history_page_size)
        cursor = str(call.params.get("cursor") or "")
        start = int(cursor.removeprefix("next:")) if cursor.startswith("next:") else 0
        with_metadata = _truthy(call.params.get("include_all_metadata"))
        visible = [
            m
            for m in self._messages.get(channel, [])
            if "thread_ts" not in m or m.get("subtype") == "thread_broadcast"
        ]
        newest_first = list(reversed(visible))
        page = [
            {k: v for k, v in m.items() if with_metadata or k != "metadata"}
            for m in newest_first[start : start + limit]
        ]
        more = len(newest_first) > start + limit
        return {
            "messages": page,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": f"next:{start + limit}" if more else ""},
        }

    def _view_opened(self, call: Call) -> JSON:
        _required(call.params, "trigger_id", "invalid_trigger_id")
        return {"view": self._store_view(call, self._next_id("V"))}

    def _view_published(self, call: Call) -> JSON:
        user = _required(call.params, "user_id", "user_not_found")
        existing = self.home_views.get(user)
        view = self._store_view(call, existing["id"] if existing else self._next_id("V"))
        self.home_views[user] = view
        return {"view": view}

    def _view_updated(self, call: Call) -> JSON:
        view_id = call.params.get("view_id")
        external_id = call.params.get("external_id")
        if not view_id and external_id:
            view_id = next(
                (v["id"] for v in self.views.values() if v.get("external_id") == external_id),
                None,
            )
        if not view_id or view_id not in self.views:
            raise _SlackError("not_found")
        return {"view": self._store_view(call, str(view_id))}

    def _get_upload_url(self, call: Call) -> JSON:
        filename = _required(call.params, "filename", "invalid_arguments")
        length = call.params.get("length")
        if length is None or not str(length).isdigit():
            raise _SlackError("invalid_arguments")
        file_id = self._next_id("F")
        self._pending_files[file_id] = _File(file_id, filename, int(length))
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, call: Call) -> JSON:
        files = _json_param(call.params.get("files"), "invalid_arguments")
        if not isinstance(files, list) or not files:
            raise _SlackError("invalid_arguments")
        channels = [c for c in str(call.params.get("channels") or "").split(",") if c]
        if call.params.get("channel_id"):
            channels.insert(0, str(call.params["channel_id"]))
        for item in files:
            if not isinstance(item, dict) or item.get("id") not in self.uploaded:
                raise _SlackError("file_not_found")
        comment = call.params.get("initial_comment")
        thread_ts = call.params.get("thread_ts")
        completed = []
        for item in files:
            pending = self._pending_files[item["id"]]
            pending.title = str(item.get("title") or pending.filename)
            pending.channels = list(channels)
            pending.initial_comment = str(comment) if comment is not None else None
            pending.thread_ts = str(thread_ts) if thread_ts is not None else None
            self.shared_to[pending.id] = list(channels)
            record: JSON = {
                "id": pending.id,
                "name": pending.filename,
                "title": pending.title,
                "size": len(self.uploaded[pending.id]),
                "length": pending.length,
                "user": BOT_USER_ID,
                "channels": list(channels),
                "initial_comment": pending.initial_comment,
                "thread_ts": pending.thread_ts,
            }
            self.files[pending.id] = record
            completed.append(
                {k: v for k, v in record.items() if k not in ("initial_comment", "length")}
            )
        for channel in channels:  # a shared file shows in the conversation as a bot message
            self._messages.setdefault(_dm_channel(channel), []).append(
                {
                    "type": "message",
                    "user": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "text": str(comment or ""),
                    "files": [{"id": c["id"], "name": c["name"]} for c in completed],
                    "upload": True,
                    "ts": self._next_ts(),
                }
            )
        return {"files": completed}

    def _delete_file(self, call: Call) -> JSON:
        file_id = _required(call.params, "file", "file_not_found")
        if file_id not in self.files:
            raise _SlackError("file_not_found")
        del self.files[file_id]
        self.deleted_files.append(file_id)
        for channel, messages in self._messages.items():
            self._messages[channel] = [
                m for m in messages if file_id not in {f["id"] for f in m.get("files", [])}
            ]
        return {}

    def _oauth_v2_access(self, call: Call) -> JSON:
        if not call.params.get("code"):
            raise _SlackError("invalid_code")
        client_id = call.params.get("client_id")
        if not client_id or (self.client_id is not None and client_id != self.client_id):
            raise _SlackError("invalid_client_id")
        secret = call.params.get("client_secret")
        if not secret or (self.client_secret is not None and secret != self.client_secret):
            raise _SlackError("bad_client_secret")
        team = self._oauth
        enterprise = (
            {"id": team.enterprise_id, "name": f"Org{team.enterprise_id}"}
            if team.enterprise_id
            else None
        )
        org_wide = team.org_wide and team.enterprise_id is not None
        return {
            "access_token": f"xoxb-{team.enterprise_id if org_wide else team.team_id}",
            "token_type": "bot",
            "scope": team.scope,
            "bot_user_id": BOT_USER_ID,
            "app_id": APP_ID,
            "team": None if org_wide else {"id": team.team_id, "name": team.team_name},
            "enterprise": enterprise,
            "authed_user": {"id": team.user_id},
            "is_enterprise_install": org_wide,
        }

    # ------------------------------------------------------------ internals

    def _new_message(self, call: Call) -> JSON:
        text, blocks, attachments, metadata = _message_content(call.params)
        message: JSON = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": self._team_of(call.token),
            "text": text,
            "ts": self._next_ts(),
        }
        if blocks is not None:
            message["blocks"] = blocks
        if attachments is not None:
            message["attachments"] = attachments
        if metadata is not None:
            message["metadata"] = metadata
        return message

    def _store_view(self, call: Call, view_id: str) -> JSON:
        given = _json_param(call.params.get("view"), "invalid_arguments")
        if not isinstance(given, dict) or "type" not in given:
            raise _SlackError("invalid_arguments")
        previous = self.views.get(view_id)
        view: JSON = {
            "id": view_id,
            "team_id": self._team_of(call.token),
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "callback_id": "",
            "private_metadata": "",
            "external_id": "",
            "state": {"values": {}},
            "hash": f"{self._next_ts()}.fake",
            "root_view_id": previous["root_view_id"] if previous else view_id,
            "previous_view_id": None,
            **given,
        }
        view["id"] = view_id
        self.views[view_id] = view
        return view

    def _collect_texts(self, method: str, params: JSON) -> None:
        if method in _TEXT_METHODS:
            self._collect_message_texts(params)
        elif method in _VIEW_METHODS and params.get("view") is not None:
            self._texts.append(_dump(params["view"]))
        elif method == "files.completeUploadExternal" and params.get("initial_comment"):
            self._texts.append(str(params["initial_comment"]))

    def _collect_message_texts(self, params: JSON) -> None:
        if params.get("text") is not None:
            self._texts.append(str(params["text"]))
        for key in ("blocks", "attachments"):
            if params.get(key) is not None:
                self._texts.append(_dump(params[key]))

    def _team_of(self, token: str | None) -> str:
        """The workspace a token belongs to: "xoxb-T2" is T2's; any other token the default."""
        if token:
            parts = token.split("-")
            if len(parts) > 1 and parts[1][:1] in ("T", "E"):
                return parts[1]
        return self.team_id

    def _user(self, user: str) -> _User:
        known = self._users.get(user)
        if known is not None:
            return known
        name = user.lower()
        return _User(name=name, real_name=f"User {user}", display_name=name, tz=DEFAULT_TZ)

    def _next_ts(self) -> str:
        self._counter += 1
        micros = _FIRST_TS_MICROS + 100 * self._counter
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:09d}"


# ------------------------------------------------------------------ helpers


async def _read_params(request: web.Request) -> tuple[JSON, str | None]:
    params: JSON = dict(request.query)
    content_type = request.content_type
    if request.can_read_body:
        if content_type == "application/json":
            raw = await request.read()
            if raw:
                body = json.loads(raw)
                if isinstance(body, dict):
                    params.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    params[key] = value.file.read()
                elif isinstance(value, bytes | bytearray):
                    params[key] = bytes(value)
                else:
                    params[key] = value
    token: str | None = None
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        token = authorization.removeprefix("Bearer ").strip()
    elif authorization.startswith("Basic "):
        try:
            decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        client_id, _, client_secret = decoded.partition(":")
        params.setdefault("client_id", client_id)
        params.setdefault("client_secret", client_secret)
    elif isinstance(params.get("token"), str):
        token = params.pop("token")
    return params, token


async def _first_multipart_part(request: web.Request) -> bytes:
    reader = await request.multipart()
    first: bytes | None = None
    async for part in reader:
        if not isinstance(part, BodyPartReader):  # a nested multipart: not something Slack takes
            continue
        data = bytes(await part.read(decode=True))
        if part.filename:
            return data
        if first is None:
            first = data
    return first or b""


def _message_content(params: JSON) -> tuple[str, Any, Any, Any]:
    """The text, blocks, attachments and metadata of a message, checked as Slack checks them."""
    text = params.get("text")
    text = "" if text is None else str(text)
    blocks = _json_param(params.get("blocks"), "invalid_blocks_format")
    attachments = _json_param(params.get("attachments"), "invalid_attachments")
    metadata = _json_param(params.get("metadata"), "invalid_metadata_format")
    if blocks is not None and (
        not isinstance(blocks, list)
        or len(blocks) > MAX_BLOCKS
        or not all(isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks)
    ):
        raise _SlackError("invalid_blocks")
    if metadata is not None and (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        raise _SlackError("invalid_metadata_format")
    if len(text) > MAX_TEXT:
        raise _SlackError("msg_too_long")
    if not text and not blocks and not attachments:
        raise _SlackError("no_text")
    return text, blocks, attachments, metadata


def _json_param(value: Any, error: str) -> Any:
    """A parameter that is JSON: as sent in a JSON body, or a JSON string in a form."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as e:
            raise _SlackError(error) from e
    return value


def _required(params: JSON, key: str, error: str) -> str:
    value = params.get(key)
    if value is None or value == "":
        raise _SlackError(error)
    return str(value)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _dm_channel(channel: str) -> str:
    """Slack delivers a message addressed to a user ID to that user's DM with the app."""
    return "D" + channel if channel[:1] in ("U", "W") else channel


def _team_name(team_id: str) -> str:
    return f"Team{team_id}"


def _dump(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
