"""The Slack app manifest an organiser pastes to create the app, generated from the core's
command registry so it never falls behind what the bot understands.

A workspace shares one slash-command namespace among all its apps, so the organiser may register
only some commands (`SLACK_COMMANDS`); `/rebound` is always there and reaches the rest."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

import yaml

from adapters.slack.config import SCOPES
from bot.commands.registry import REGISTRY, Registry

EXAMPLE_URL = "https://rebound.example.com"


def public_url(text: str) -> str:
    """`text` if Slack can call it: an https URL with a host. Anything else would make a manifest
    Slack refuses or, worse, one that sends members' commands in the clear."""
    parts = urlsplit(text.strip())
    # Rebound appends /slack/events, which a ?query or #fragment would swallow.
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"--url {text!r} is not an https URL with a host name (and no ?query or #fragment); "
            "Slack only sends commands to "
            "public https addresses. Use your app's address, e.g. --url "
            "https://rebound.example.com, or leave --url out for a Socket Mode manifest "
            "(no public URL needed)."
        )
    return text.strip()


def manifest(
    url: str | None = None,
    names: Collection[str] | None = None,
    registry: Registry = REGISTRY,
) -> dict[str, Any]:
    """Socket Mode when `url` is None; otherwise HTTP mode with Slack calling `url`.

    `names` are the top-level commands to register (None: all); `/rebound` always is."""
    base = url.rstrip("/") if url else None
    commands = []
    listed = [(c.name, c.words.summary, c.words.usage) for c in registry.registered(names)]
    umbrella = registry.umbrella_words.summary, registry.umbrella_usage(names)
    for name, description, hint in [*listed, (registry.umbrella, *umbrella)]:
        command: dict[str, Any] = {"command": f"/{name}", "description": description}
        if hint:
            command["usage_hint"] = hint
        # Only `/rebound` escapes: `/rebound admin add @sam` needs the member's id, which Slack
        # sends only then; every command's text is decoded alike (`adapters.slack.incoming`).
        command["should_escape"] = name == registry.umbrella
        if base:
            command["url"] = f"{base}/slack/events"
        commands.append(command)
    interactivity: dict[str, Any] = {"is_enabled": True}
    events: dict[str, Any] = {"bot_events": ["app_home_opened"]}
    if base:
        interactivity["request_url"] = f"{base}/slack/events"
        events["request_url"] = f"{base}/slack/events"
    oauth: dict[str, Any] = {"scopes": {"bot": list(SCOPES)}}
    if base:
        oauth["redirect_urls"] = [f"{base}/slack/oauth_redirect"]
    return {
        "display_information": {
            "name": "Rebound",
            "description": (
                "Turn job rejections into follow-ups, and keep your search group moving."
            ),
            "background_color": "#2c5f2d",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": "Rebound", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": base is None,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(url: str | None = None, names: Collection[str] | None = None) -> str:
    return yaml.safe_dump(manifest(url, names), sort_keys=False, allow_unicode=True)
