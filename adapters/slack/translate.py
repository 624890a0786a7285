"""Slack payloads become core values. Pure functions, tested against recorded payloads.

Slack's payloads are trusted in shape only after the signature check, and even then a field may be
missing or of another type in an older or newer payload version: every field is read defensively,
and a payload without the member it is about raises `MalformedPayload`, never a KeyError.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.request.internals import extract_enterprise_id

from adapters import payloads
from adapters.payloads import Payload
from adapters.slack import incoming
from adapters.slack.forms import submitted
from adapters.slack.render import action_name
from bot.commands import editor
from bot.values import Actor, ButtonPress, DraftSubmitted, SlashCommand

PLATFORM = "slack"
_text, _object = payloads.text, payloads.obj


def _required(value: Any, what: str) -> str:
    return payloads.required(value, what, "Slack")


def _channel(channel_id: str) -> str:
    """DMs (D…) are private contexts, not group channels."""
    return "" if channel_id.startswith("D") else channel_id


def team_of(body: Payload) -> str:
    team = body.get("team")
    if isinstance(team, dict):
        return _text(team.get("id"))
    user = _object(body.get("user"))
    if user.get("team_id"):
        return _text(user["team_id"])
    return _text(body.get("team_id")) or _text(team)


def command(body: Payload, timezone_hint: str = "") -> SlashCommand:
    user_id = _required(body.get("user_id"), "a user id")
    actor = Actor(
        PLATFORM,
        _text(body.get("team_id")),
        user_id,
        _text(body.get("user_name")) or user_id,
        _channel(_text(body.get("channel_id"))),
        _text(body.get("channel_name")),
        timezone_hint,
        organization_of(body),
    )
    name = _required(body.get("command"), "a command").lstrip("/")
    return SlashCommand(actor, name, incoming.decode(_text(body.get("text"))))


def actor_of_interaction(body: Payload, timezone_hint: str = "") -> Actor:
    """The member behind a button press or a form submission."""
    user = _object(body.get("user"))
    user_id = _required(user.get("id"), "a user id")
    channel = _object(body.get("channel"))
    container = _object(body.get("container"))
    channel_id = _text(channel.get("id")) or _text(container.get("channel_id"))
    return Actor(
        PLATFORM,
        team_of(body),
        user_id,
        _text(user.get("username")) or _text(user.get("name")) or user_id,
        _channel(channel_id),
        _text(channel.get("name")),
        timezone_hint,
        organization_of(body),
    )


def button(body: Payload, action: Payload, timezone_hint: str = "") -> ButtonPress:
    return ButtonPress(
        actor_of_interaction(body, timezone_hint),
        action_name(_required(_object(action).get("action_id"), "an action id")),
        _text(_object(action).get("value")),
    )


def draft_submitted(body: Payload, view: Payload, timezone_hint: str = "") -> DraftSubmitted:
    """The draft editor's modal, submitted: the follow-up it was for and the edited email."""
    fields = submitted(_object(view))
    return DraftSubmitted(
        actor_of_interaction(body, timezone_hint),
        _text(_object(view).get("private_metadata")),
        fields.get(editor.SUBJECT, ""),
        fields.get(editor.BODY, ""),
    )


def home_actor(
    event: Payload, team_id: str, name: str, timezone_hint: str = "", organization_id: str = ""
) -> Actor:
    """The member opening their App Home: a private context, no channel."""
    user_id = _required(_object(event).get("user"), "a user id")
    return Actor(PLATFORM, team_id, user_id, name, "", "", timezone_hint, organization_id)


def organization_of(body: Payload) -> str:
    """The Enterprise Grid org a request comes from ("" outside Enterprise Grid, or when the
    payload's enterprise fields are not of the shape Slack documents)."""
    try:
        return _text(extract_enterprise_id(body))
    except (AttributeError, KeyError, TypeError):
        return ""
