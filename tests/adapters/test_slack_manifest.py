"""The app manifest an organiser pastes: every core command, the scopes and URLs it needs."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from adapters.slack.config import SCOPES
from adapters.slack.manifest import EXAMPLE_URL, manifest, manifest_yaml
from bot.commands.registry import COMMANDS, REGISTRY, Command, Registry, parse
from bot.commands.requests import Problem
from bot.messages.commands import Words
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
    assert hinted == [
        "help",
        "timezone",
        "quiet",
        "weekends",
        "privacy",
        "goal",
        "export",
        "forget",
        "setup",
        "settings",
        "admin",
    ]
    in_help = re.findall(r"`/rebound (\w+)", REGISTRY.menu().help())
    assert set(in_help) <= set(hinted), in_help
    for sub in hinted:
        request = parse("rebound", sub)
        assert not (isinstance(request, Problem) and request.message == "unknown_subcommand"), sub


def _help_commands(help_text: str) -> set[str]:
    """The slash commands help tells members to type: `/feedback`, or `/rebound` for
    `/rebound feedback …` and `/rebound quiet …`."""
    return {match for match in re.findall(r"^- `(/\w+)", help_text, flags=re.MULTILINE)}


@pytest.mark.parametrize(
    "names", [None, {"rejected", "followups"}, {"feedback", "event"}, {"rebound"}]
)
def test_the_manifest_and_the_help_list_the_same_commands(names: set[str] | None) -> None:
    registered = [c["command"] for c in manifest(None, names)["features"]["slash_commands"]]
    menu = REGISTRY.menu(names)
    assert set(registered) == _help_commands(menu.help())
    assert registered[-1] == "/rebound", "always there: it reaches every other command"
    for command in REGISTRY.commands:  # every command is in help, in a form that works
        assert menu.spell(command.name) in menu.help()
        assert f"`/{command.name}" in menu.help() or f"/{command.name}" not in registered


def test_rebound_hints_the_commands_only_it_reaches() -> None:
    (rebound,) = [
        c
        for c in manifest(None, {"rejected"})["features"]["slash_commands"]
        if c["command"] == "/rebound"
    ]
    hinted = rebound["usage_hint"].split(" | ")
    subs = [
        "help",
        "timezone",
        "quiet",
        "weekends",
        "privacy",
        "goal",
        "export",
        "forget",
        "setup",
        "settings",
        "admin",
    ]
    assert hinted[: len(subs)] == subs
    rest = ["followups", "feedback", "applied", "networked", "event", "momentum"]
    assert hinted[len(subs) :] == rest


def test_a_new_registry_command_is_in_the_manifest_and_the_help() -> None:
    extra = Command(
        "thanked",
        Words("Log a thank-you you sent", "<company>", (("<company>", "log a thank-you"),)),
        lambda typed: typed,
        lambda ctx, request: [],
    )
    registry = Registry(
        (*REGISTRY.commands, extra),
        REGISTRY.umbrella,
        REGISTRY.umbrella_words,
        REGISTRY.subcommands,
    )
    commands = manifest(None, None, registry)["features"]["slash_commands"]
    (thanked,) = [c for c in commands if c["command"] == "/thanked"]
    assert thanked["description"] == "Log a thank-you you sent"
    assert thanked["usage_hint"] == "<company>"
    assert "- `/thanked <company>`: log a thank-you" in registry.menu().help()
    assert {c["command"] for c in commands} == _help_commands(registry.menu().help())


def test_cli_manifest_registers_only_the_configured_commands() -> None:
    env = {**os.environ, "SLACK_COMMANDS": "rejected, /Feedback"}
    result = subprocess.run(
        [str(REBOUND), "slack", "manifest"], capture_output=True, text=True, env=env, check=True
    )
    commands = [c["command"] for c in yaml.safe_load(result.stdout)["features"]["slash_commands"]]
    assert commands == ["/rejected", "/feedback", "/rebound"]


def test_cli_refuses_an_unknown_command_in_the_setting() -> None:
    env = {**os.environ, "SLACK_COMMANDS": "rejected,feedbak"}
    result = subprocess.run(
        [str(REBOUND), "slack", "manifest"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "SLACK_COMMANDS=rejected,feedbak: there is no command 'feedbak'" in result.stderr
    assert "rejected, followups, feedback" in result.stderr
    assert "Traceback" not in result.stderr
