"""The app manifest an organiser pastes: every core command, the scopes and URLs it needs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from adapters.slack.config import SCOPES
from adapters.slack.manifest import EXAMPLE_URL, manifest, manifest_yaml
from bot.commands.registry import COMMANDS, REGISTRY, parse
from bot.commands.requests import Problem
from tests.e2e.conftest import REBOUND

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "slack"


def test_http_manifest_points_everything_at_the_events_url() -> None:
    data = manifest("https://bot.example.org/")
    commands = data["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [f"/{name}" for name in COMMANDS]
    assert {c["url"] for c in commands} == {"https://bot.example.org/slack/events"}
    settings = data["settings"]
    assert settings["interactivity"]["request_url"] == "https://bot.example.org/slack/events"
    assert settings["event_subscriptions"]["request_url"] == "https://bot.example.org/slack/events"
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert settings["socket_mode_enabled"] is False
    assert data["oauth_config"]["scopes"]["bot"] == list(SCOPES)
    assert data["oauth_config"]["redirect_urls"] == ["https://bot.example.org/slack/oauth_redirect"]
    assert data["features"]["app_home"]["home_tab_enabled"] is True


def test_socket_mode_manifest_needs_no_url() -> None:
    data = manifest()
    assert data["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in data["settings"]["interactivity"]
    assert all("url" not in c for c in data["features"]["slash_commands"])


def test_the_shipped_manifests_are_current() -> None:
    assert yaml.safe_load((DEPLOY / "manifest.yml").read_text()) == manifest(EXAMPLE_URL)
    assert yaml.safe_load((DEPLOY / "manifest-socket-mode.yml").read_text()) == manifest()


def test_cli_prints_the_manifest_for_a_url() -> None:
    result = subprocess.run(
        [str(REBOUND), "slack", "manifest", "--url", "https://x.example"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == manifest_yaml("https://x.example")


def test_rebound_usage_hint_lists_every_subcommand_help_shows() -> None:
    """The hint Slack shows while typing `/rebound` names every subcommand, and each works."""
    (rebound,) = [c for c in manifest()["features"]["slash_commands"] if c["command"] == "/rebound"]
    hinted = rebound["usage_hint"].split(" | ")
    assert hinted == ["help", "timezone", "quiet", "weekends", "privacy", "export", "forget"]
    in_help = re.findall(r"`/rebound (\w+)", REGISTRY.menu().help())
    assert set(in_help) <= set(hinted), in_help
    for sub in hinted:
        request = parse("rebound", sub)
        assert not (isinstance(request, Problem) and request.message == "unknown_subcommand"), sub
