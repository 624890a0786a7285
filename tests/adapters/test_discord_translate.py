"""Discord interactions become the same core values as their Slack equivalents; anything else
is a `MalformedPayload`, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord import translate
from adapters.payloads import MalformedPayload
from adapters.slack import translate as slack
from bot.commands import editor
from bot.commands.registry import REGISTRY
from bot.values import ButtonPress, DraftSubmitted, SlashCommand

PAYLOADS = Path(__file__).parent / "discord_payloads"
GUILD, USER = "1200000000000000001", "1100000000000000001"


def payload(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return loaded


def slack_command(command: str, text: str) -> SlashCommand:
    body = {"user_id": "U1", "team_id": "T1", "command": command, "text": text, "channel_id": "C1"}
    return slack.command(body)


@pytest.mark.parametrize(
    ("name", "slack_name", "slack_text"),
    [
        ("rejected_command", "/rejected", "Acme role: PM stage: interview"),
        ("feedback_command", "/feedback", "Acme: Strong system design, weaker on SQL"),
        ("rebound_timezone_command", "/rebound", "timezone Europe/Berlin"),
    ],
)
def test_a_command_reaches_the_same_request_as_on_slack(
    name: str, slack_name: str, slack_text: str
) -> None:
    made = translate.translate(payload(name))
    typed = slack_command(slack_name, slack_text)
    assert isinstance(made, SlashCommand)
    assert made.name == typed.name
    assert REGISTRY.parse(made.name, made.text) == REGISTRY.parse(typed.name, typed.text)


def test_the_actor_is_the_guild_member_in_the_channel() -> None:
    made = translate.translate(payload("rejected_command"))
    actor = made.actor
    assert (actor.platform, actor.workspace_id, actor.user_id) == ("discord", GUILD, USER)
    assert (actor.channel_id, actor.channel_name) == ("1200000000000000002", "job-search")
    assert actor.display_name == "Ada L"
    nick = translate.translate(payload("rebound_timezone_command")).actor
    assert nick.display_name == "Ada"


@pytest.mark.parametrize(
    ("permissions", "manages"),
    [
        ("32", True),  # Manage Server
        ("8", True),  # Administrator
        (str((1 << 10) | (1 << 11) | (1 << 31)), False),  # view, send, use commands
        ("", False),
        ("not a number", False),
        ("²", False),  # a digit to str.isdigit, not to int()
    ],
)
def test_only_manage_server_or_administrator_makes_an_organiser(
    permissions: str, manages: bool
) -> None:
    body = payload("rejected_command")
    body["member"]["permissions"] = permissions
    assert translate.translate(body).actor.can_manage is manages


def test_no_one_is_an_organiser_in_a_dm() -> None:
    body = payload("rejected_command")
    user = body.pop("member")["user"]
    body.pop("guild_id", None)
    body.pop("guild", None)
    body["user"] = user | {"permissions": "8"}
    assert translate.translate(body).actor.can_manage is False


def test_a_button_press_in_the_guild_and_in_a_dm_reach_the_same_member() -> None:
    in_guild = translate.translate(payload("button_in_guild"))
    in_dm = translate.translate(payload("button_in_dm"))
    assert isinstance(in_guild, ButtonPress) and isinstance(in_dm, ButtonPress)
    assert (in_guild.action_id, in_guild.value) == ("followup.done", "7:0")
    assert (in_dm.action_id, in_dm.value) == ("followup.done", "7:0")
    for press in (in_guild, in_dm):
        assert (press.actor.platform, press.actor.workspace_id, press.actor.user_id) == (
            "discord",
            GUILD,
            USER,
        )
    assert in_dm.actor.channel_id == "", "a DM is a private context, not a group channel"


def test_the_guild_in_the_payload_wins_over_the_one_in_the_custom_id() -> None:
    body = payload("button_in_guild")
    body["data"]["custom_id"] = "followup.done:1:999:7:0"
    assert translate.translate(body).actor.workspace_id == GUILD


def test_a_submitted_draft_modal_in_a_dm() -> None:
    made = translate.translate(payload("draft_modal_in_dm"))
    assert isinstance(made, DraftSubmitted)
    assert (made.actor.workspace_id, made.actor.user_id) == (GUILD, USER)
    assert made.value == "7:0"
    assert made.subject == "Thanks for the interview"
    assert made.body == "Hi Sam,\n\nThank you.\n\nAda"


def test_a_modal_submitted_as_label_components_is_read_too() -> None:
    body = payload("draft_modal_in_dm")
    body["data"]["components"] = [
        {"type": 18, "component": {"type": 4, "custom_id": editor.SUBJECT, "value": "S"}},
        {"type": 18, "component": {"type": 4, "custom_id": editor.BODY, "value": "B"}},
    ]
    made = translate.translate(body)
    assert isinstance(made, DraftSubmitted)
    assert (made.subject, made.body) == ("S", "B")


def test_a_bare_rebound_is_the_umbrella_with_no_text() -> None:
    body = payload("rebound_timezone_command")
    body["data"]["options"] = [{"name": "export", "type": 1}]
    assert translate.command(body).text == "export"
    del body["data"]["options"]
    assert translate.command(body).text == ""


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b.pop("member"),
        lambda b: b["member"]["user"].pop("id"),
        lambda b: b.update(type=1),
        lambda b: b.update(type=4),
        lambda b: b["data"].pop("name"),
        lambda b: b.update(data=[1, 2]),
        lambda b: b["member"].update(user="x"),
    ],
)
def test_payloads_without_who_or_what_are_malformed(change: Any) -> None:
    body = payload("rejected_command")
    change(body)
    with pytest.raises(MalformedPayload):
        translate.translate(body)


@pytest.mark.parametrize("custom_id", ["", "followup.done", "x:y:z:w", ":1:2:3", 5])
def test_a_custom_id_rebound_did_not_make_is_malformed(custom_id: Any) -> None:
    body = payload("button_in_guild")
    body["data"]["custom_id"] = custom_id
    with pytest.raises(MalformedPayload):
        translate.translate(body)


def test_a_modal_rebound_did_not_make_is_malformed() -> None:
    body = payload("draft_modal_in_dm")
    body["data"]["custom_id"] = "some.other.form:1:7"
    with pytest.raises(MalformedPayload):
        translate.translate(body)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "type",
        "data",
        "member",
        "user",
        "guild_id",
        "channel_id",
        "channel",
        "name",
        "options",
        "custom_id",
        "components",
        "value",
        "id",
        "nick",
        "global_name",
        "username",
        "component",
    ]
)
SHAPED = st.recursive(
    st.none()
    | st.integers(0, 6)
    | st.text(max_size=30)
    | st.sampled_from(
        ["rebound", "rejected", "timezone", "followup.done:1:5:7:0", "followup.edit:5:7:0"]
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, SHAPED))
def test_any_payload_is_a_command_or_malformed(body: Any) -> None:
    try:
        made = translate.translate(body)
    except MalformedPayload:
        return
    assert isinstance(made, SlashCommand | ButtonPress | DraftSubmitted)
