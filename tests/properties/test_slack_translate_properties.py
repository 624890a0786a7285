"""Slack payloads of any shape: a core value, or a clear `MalformedPayload`, never a KeyError."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.payloads import MalformedPayload
from adapters.slack import translate
from bot.values import Actor, ButtonPress, SlashCommand
from tests.properties.strategies import trick

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), trick
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=4,
)
KEYS = (
    "user_id",
    "user_name",
    "team_id",
    "team",
    "channel_id",
    "channel_name",
    "command",
    "text",
    "user",
    "channel",
    "container",
    "id",
    "name",
    "username",
    "action_id",
    "value",
)


def payloads() -> st.SearchStrategy[dict[str, Any]]:
    """Dicts that look like Slack's, with any key missing and any value of any type."""
    nested = st.dictionaries(st.sampled_from(KEYS), values, max_size=5)
    return st.dictionaries(
        st.one_of(st.sampled_from(KEYS), st.text(max_size=8)),
        st.one_of(values, nested),
        max_size=8,
    )


def only_strings(actor: Actor) -> None:
    assert all(isinstance(value, str) for value in vars(actor).values())


@given(body=payloads())
def test_any_slash_payload_becomes_a_command_or_a_clear_refusal(body: dict[str, Any]) -> None:
    try:
        result = translate.command(body, "Europe/Berlin")
    except MalformedPayload as refusal:
        assert str(refusal).startswith("Slack payload without")
        return
    assert isinstance(result, SlashCommand)
    only_strings(result.actor)
    assert result.actor.user_id and isinstance(result.text, str)


@given(body=payloads(), action=payloads())
def test_any_interaction_payload_becomes_a_press_or_a_clear_refusal(
    body: dict[str, Any], action: dict[str, Any]
) -> None:
    try:
        press = translate.button(body, action)
    except MalformedPayload as refusal:
        assert str(refusal).startswith("Slack payload without")
        return
    assert isinstance(press, ButtonPress)
    only_strings(press.actor)
    assert isinstance(press.action_id, str) and isinstance(press.value, str)
    assert isinstance(translate.team_of(body), str)


@given(event=payloads())
def test_any_home_event_becomes_an_actor_or_a_clear_refusal(event: dict[str, Any]) -> None:
    with contextlib.suppress(MalformedPayload):
        only_strings(translate.home_actor(event, "T1", "Alex"))


@pytest.mark.parametrize(
    ("body", "action", "missing"),
    [
        ({}, {"action_id": "followup.done:1"}, "user id"),  # was KeyError 'user'
        ({"user": "U1"}, {"action_id": "followup.done:1"}, "user id"),  # was TypeError
        ({"user": {"id": "U1"}}, {}, "action id"),  # was KeyError 'action_id'
        ({"user": {"id": "U1"}}, {"action_id": None}, "action id"),  # was the id "None"
    ],
)
def test_malformed_interactions_are_refused_clearly(
    body: dict[str, Any], action: dict[str, Any], missing: str
) -> None:
    with pytest.raises(MalformedPayload, match=missing):
        translate.button(body, action)


def test_fields_of_another_type_are_read_as_empty() -> None:
    body = {"user": {"id": "U1", "name": ["x"]}, "channel": "C1", "container": 7}
    press = translate.button(body, {"action_id": "followup.done:3", "value": {"a": 1}})
    assert press == ButtonPress(Actor("slack", "", "U1", "U1", ""), "followup.done", "")


def test_malformed_slash_payloads_are_refused_clearly() -> None:
    with pytest.raises(MalformedPayload, match="user id"):
        translate.command({"command": "/rejected", "text": "Acme"})
    with pytest.raises(MalformedPayload, match="command"):
        translate.command({"user_id": "U1", "command": None})
    assert translate.command({"user_id": "U1", "command": "/rejected", "text": None}).text == ""
