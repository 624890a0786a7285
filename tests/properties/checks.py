"""What every reply must satisfy, whatever the input: it renders everywhere, within Slack's limits,
and nothing a member typed becomes a live mention."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from adapters.console.render import render as console_render
from adapters.slack.render import (
    BLOCK_LIMIT,
    FIELD_LIMIT,
    LABEL_LIMIT,
    SECTION_LIMIT,
    TEXT_LIMIT,
    VALUE_LIMIT,
)
from adapters.slack.render import render as slack_render
from bot.values import Outbound

ACTION_ID_LIMIT = 255
# Slack's special `<...>` forms; the renderer only ever builds links and dates itself.
LIVE = re.compile(r"<(?:!(?!date\^)|@|#)")


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


def assert_renders_safely(message: Outbound) -> None:
    shown = console_render(message, 1).text
    assert all(char == "\n" or unicodedata.category(char) not in ("Cc", "Cf") for char in shown), (
        "a control character reached the terminal"
    )

    slack = slack_render(message)
    json.dumps(slack.blocks)  # serialisable as posted
    assert len(slack.blocks) <= BLOCK_LIMIT
    assert 0 < len(slack.text) <= TEXT_LIMIT or not message.blocks
    texts = [slack.text]
    for obj in _objects(slack.blocks):
        if obj.get("type") == "section" and "text" in obj:
            assert len(obj["text"]["text"]) <= SECTION_LIMIT
        for field in obj.get("fields", []):
            assert len(field["text"]) <= FIELD_LIMIT
        if obj.get("type") == "button":
            assert len(obj["text"]["text"]) <= LABEL_LIMIT
            assert len(obj.get("value", "")) <= VALUE_LIMIT
            assert 0 < len(obj["action_id"]) <= ACTION_ID_LIMIT
        if obj.get("type") in ("mrkdwn", "plain_text"):
            texts.append(obj["text"])
    for text in texts:
        assert not LIVE.search(text), f"live mention in Slack output: {text!r}"
