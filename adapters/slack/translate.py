"""Slack payloads become core values. Pure functions, tested against recorded payloads."""

from __future__ import annotations

from typing import Any

from slack_bolt.request.internals import extract_enterprise_id

from adapters.slack.render import action_name
from bot.values import Actor, ButtonPress, SlashCommand

PLATFORM = "slack"
Payload = dict[str, Any]


def _channel(channel_id: str) -> str:
    """DMs (D…) are private contexts, not group channels."""
    return "" if channel_id.startswith("D") else channel_id


def team_of(body: Payload) -> str:
    team = body.get("team")
    if isinstance(team, dict):
        return str(team.get("id", ""))
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return str(user["team_id"])
    return str(body.get("team_id") or team or "")


def command(body: Payload, timezone_hint: str = "") -> SlashCommand:
    actor = Actor(
        PLATFORM,
        str(body.get("team_id", "")),
        str(body["user_id"]),
        str(body.get("user_name") or body["user_id"]),
        _channel(str(body.get("channel_id", ""))),
        str(body.get("channel_name", "")),
        timezone_hint,
        organization_of(body),
    )
    return SlashCommand(actor, str(body["command"]).lstrip("/"), str(body.get("text") or ""))


def actor_of_interaction(body: Payload, timezone_hint: str = "") -> Actor:
    """The member behind a button press or a form submission."""
    user = body["user"]
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    channel_id = str(channel.get("id") or container.get("channel_id") or "")
    return Actor(
        PLATFORM,
        team_of(body),
        str(user["id"]),
        str(user.get("username") or user.get("name") or user["id"]),
        _channel(channel_id),
        str(channel.get("name", "")),
        timezone_hint,
        organization_of(body),
    )


def button(body: Payload, action: Payload, timezone_hint: str = "") -> ButtonPress:
    return ButtonPress(
        actor_of_interaction(body, timezone_hint),
        action_name(str(action["action_id"])),
        str(action.get("value", "")),
    )


def home_actor(
    event: Payload, team_id: str, name: str, timezone_hint: str = "", organization_id: str = ""
) -> Actor:
    """The member opening their App Home: a private context, no channel."""
    return Actor(
        PLATFORM, team_id, str(event["user"]), name, "", "", timezone_hint, organization_id
    )


def organization_of(body: Payload) -> str:
    """The Enterprise Grid org a request comes from ("" outside Enterprise Grid)."""
    return str(extract_enterprise_id(body) or "")
