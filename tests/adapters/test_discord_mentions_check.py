"""The fake Discord's no-ping check (`fake_discord/mentions.py`) catches what would ping and
lets through a deliberate mention of exactly the one member the message names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.fake_discord.mentions import violations
from tests.adapters.fake_discord.server import Call

MEMBER = "1300000000000000042"


def call(route: str, body: Any, method: str = "POST") -> Call:
    return Call(route, method, "/x", body, {}, {})


def message(allowed: Any = None, content: str = "hi", **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"content": content, **more}
    if allowed is not None:
        body["allowed_mentions"] = allowed
    return body


@pytest.mark.parametrize("route", ["send_message", "edit_message", "followup", "edit_followup"])
def test_a_message_without_allowed_mentions_or_with_parse_is_caught(route: str) -> None:
    assert violations(call(route, message()))
    assert violations(call(route, message({"parse": ["everyone"]})))
    assert violations(call(route, message({"parse": [], "roles": ["123"]})))
    assert violations(call(route, message({"parse": []}))) == []


def test_message_callbacks_are_checked_and_deferrals_are_not() -> None:
    assert violations(call("interaction_callback", {"type": 4, "data": message()}))
    assert violations(call("interaction_callback", {"type": 7, "data": message()}))
    assert violations(call("interaction_callback", {"type": 5, "data": {"flags": 64}})) == []
    assert violations(call("interaction_callback", {"type": 6})) == []


def test_one_deliberately_mentioned_member_may_be_pinged_and_no_one_else() -> None:
    named = f"<@{MEMBER}>, you have 2 follow-ups waiting"
    assert violations(call("send_message", message({"parse": [], "users": [MEMBER]}, named))) == []
    other = message({"parse": [], "users": ["999"]}, named)
    assert violations(call("send_message", other))
    two = message({"parse": [], "users": [MEMBER, "999"]}, f"{named} <@999>")
    assert violations(call("send_message", two))
    assert violations(call("send_message", message({"parse": ["users"]}, named)))
