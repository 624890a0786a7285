"""Requests *from* Slack to the app, shaped and signed like Slack's, for driving Bolt in tests.

The bodies follow Slack's documented payloads (slash commands, `block_actions`,
`view_submission`, Events API `event_callback`), so Bolt finds the team, user and channel in them
the way it does in production:

    body = slash_command_body("/rebound", "help", response_url=fake.response_url("r1"))
    headers = {**sign(SIGNING_SECRET, body), "Content-Type": FORM}
    response = await app.async_dispatch(AsyncBoltRequest(body=body.decode(), headers=headers))

Slash commands are form-encoded; interactions are form-encoded with the JSON in `payload`;
events are JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any, Literal
from urllib.parse import urlencode

from tests.adapters.fake_slack import APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_TEAM_ID

JSON = dict[str, Any]

FORM = "application/x-www-form-urlencoded"
"""The Content-Type of slash commands and interaction payloads."""
JSON_CONTENT_TYPE = "application/json"
"""The Content-Type of Events API requests."""
VERIFICATION_TOKEN = "fake-verification-token"
"""The deprecated `token` field Slack still sends in every payload."""

_sequence = itertools.count(1)


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signing headers for `body` (now, unless `timestamp` is given).

    The signature is "v0=" + hex HMAC-SHA256 of `v0:<timestamp>:<body>` keyed by the signing
    secret. The caller adds the Content-Type.
    """
    ts = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{ts}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def signed_headers(secret: str, body: bytes, content_type: str = FORM) -> dict[str, str]:
    """`sign` plus the Content-Type: all the headers Slack sends that Bolt looks at."""
    return {**sign(secret, body), "Content-Type": content_type}


def slash_command_body(
    command: str,
    text: str,
    *,
    response_url: str,
    user: str = "U1",
    user_name: str = "alex",
    team: str = DEFAULT_TEAM_ID,
    team_domain: str | None = None,
    channel: str = "C1",
    channel_name: str = "job-hunt",
    trigger_id: str = "T.1",
    enterprise: str | None = None,
    org_wide: bool = False,
) -> bytes:
    """A slash command invocation, form-encoded with Slack's fields in Slack's order.

    `enterprise`: the workspace is in that Enterprise Grid org; `org_wide`: the app is
    installed for the whole org."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team,
        "team_domain": team_domain or _domain(team),
        "channel_id": channel,
        "channel_name": channel_name,
        "user_id": user,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "true" if org_wide else "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    if enterprise is not None:
        fields["enterprise_id"] = enterprise
        fields["enterprise_name"] = f"Org{enterprise}"
    return urlencode(fields).encode()


def block_actions_body(
    action_id: str,
    value: str,
    *,
    response_url: str | None = None,
    user: str = "U1",
    user_name: str = "alex",
    team: str = DEFAULT_TEAM_ID,
    channel: str = "C1",
    channel_name: str = "job-hunt",
    trigger_id: str = "T.1",
    container: Literal["message", "ephemeral"] = "message",
    message_ts: str = "1700000000.000100",
    message: JSON | None = None,
    view: JSON | None = None,
    block_id: str = "actions",
    button_text: str = "Button",
    enterprise: str | None = None,
    org_wide: bool = False,
) -> bytes:
    """A button press (`block_actions`), form-encoded as `payload=<json>` like Slack's.

    `enterprise` and `org_wide` as for `slash_command_body`.

    In a message (`container="message"`, the default) or an ephemeral message
    (`container="ephemeral"`), the payload names the channel and carries `response_url`, which
    is then required. A message payload also carries the message the button was in: `message`
    if given (e.g. one of `FakeSlack.messages(...)`), else a minimal one at `message_ts`.

    With `view` (a modal or App Home view, e.g. from `FakeSlack.views`), the button was in
    that view: the container is the view, and like Slack the payload has no channel, message or
    response URL.
    """
    payload: JSON = {
        "type": "block_actions",
        "user": _user(user, user_name, team),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": {"id": team, "domain": _domain(team)},
        "enterprise": None
        if enterprise is None
        else {"id": enterprise, "name": f"Org{enterprise}"},
        "is_enterprise_install": org_wide,
        "state": {"values": {}},
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": _action_ts(),
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        payload["view"] = view
        return _interaction(payload)
    if response_url is None:
        raise ValueError("a button in a message comes with a response_url; pass one")
    payload["container"] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel,
        "is_ephemeral": container == "ephemeral",
    }
    payload["channel"] = {"id": channel, "name": channel_name}
    if container == "message":
        payload["message"] = message or {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": team,
            "text": "",
            "ts": message_ts,
            "blocks": [],
        }
    payload["response_url"] = response_url
    return _interaction(payload)


def view_submission_body(
    callback_id: str,
    private_metadata: str,
    state_values: JSON,
    *,
    user: str = "U1",
    user_name: str = "alex",
    team: str = DEFAULT_TEAM_ID,
    trigger_id: str = "T.1",
    view_id: str = "V1",
    blocks: list[JSON] | None = None,
    title: str = "Rebound",
) -> bytes:
    """A modal submission (`view_submission`), form-encoded as `payload=<json>` like Slack's.

    `state_values` is the modal's `state.values`: `{block_id: {action_id: {...}}}`, for example
    `{"company": {"company_input": state_value("Acme")}}`.
    """
    payload: JSON = {
        "type": "view_submission",
        "team": {"id": team, "domain": _domain(team)},
        "user": _user(user, user_name, team),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "view": {
            "id": view_id,
            "team_id": team,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": state_values},
            "hash": "1700000000.fakehash",
            "title": {"type": "plain_text", "text": title, "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": {"type": "plain_text", "text": "Save", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": team,
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _interaction(payload)


def state_value(value: str | None, *, kind: str = "plain_text_input") -> JSON:
    """One input's entry in a view's `state.values`, as Slack reports a text input."""
    return {"type": kind, "value": value}


def event_body(event: JSON, *, team: str = DEFAULT_TEAM_ID, event_id: str | None = None) -> bytes:
    """An Events API `event_callback` envelope around `event`, as JSON."""
    number = next(_sequence)
    envelope: JSON = {
        "token": VERIFICATION_TOKEN,
        "team_id": team,
        "context_team_id": team,
        "context_enterprise_id": None,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{number:010d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{number}",
    }
    return json.dumps(envelope).encode()


def app_home_opened_event(user: str = "U1", *, tab: str = "home", view: JSON | None = None) -> JSON:
    """The `app_home_opened` event (wrap it with `event_body`)."""
    event: JSON = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": tab,
        "event_ts": _action_ts(),
    }
    if view is not None:
        event["view"] = view
    return event


def url_verification_body(challenge: str) -> bytes:
    """The handshake Slack sends when the Events API request URL is set."""
    payload = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    return json.dumps(payload).encode()


def _interaction(payload: JSON) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _user(user: str, user_name: str, team: str) -> JSON:
    return {"id": user, "username": user_name, "name": user_name, "team_id": team}


def _domain(team: str) -> str:
    return f"team-{team.lower()}"


def _action_ts() -> str:
    return f"{int(time.time())}.{next(_sequence):06d}"
