"""The grammar never raises, and every refusal is a message a member can read."""

from __future__ import annotations

import string
import unicodedata
from dataclasses import fields, is_dataclass

from hypothesis import given
from hypothesis import strategies as st

from bot import markup
from bot.commands.registry import COMMANDS, REGISTRY, parse
from bot.commands.requests import Problem
from bot.messages.replies import PROBLEMS
from bot.values import Destination, DestinationKind, Outbound
from tests.properties.checks import assert_renders_safely
from tests.properties.strategies import command_names, hostile_text

DEST = Destination(DestinationKind.EPHEMERAL, "slack", "T1", user_id="U1", channel_id="C1")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@given(name=command_names, text=hostile_text)
def test_any_command_and_text_parses_to_a_request_or_a_readable_problem(
    name: str, text: str
) -> None:
    result = parse(name, text)
    if isinstance(result, Problem):
        assert result.message in PROBLEMS, f"no message for problem {result.message!r}"
        template = PROBLEMS[result.message]
        params = dict(result.params)
        assert placeholders(template) <= params.keys(), "a placeholder would stay unfilled"
        assert_renders_safely(Outbound(DEST, markup.blocks(template, params)))
        return
    assert is_dataclass(result)
    for field in fields(result):
        value = getattr(result, field.name)
        if isinstance(value, str):
            assert all(
                char == "\n" or unicodedata.category(char) not in ("Cc", "Cf") for char in value
            ), f"{type(result).__name__}.{field.name} kept a control character"
            assert value == value.strip()


@given(text=hostile_text)
def test_every_known_command_accepts_any_text(text: str) -> None:
    for name in COMMANDS:
        result = parse(name, text)
        if isinstance(result, Problem):
            assert result.message != "unknown_command"


@given(
    sub=st.sampled_from(
        [
            "",
            "help",
            "timezone",
            "tz",
            "quiet",
            "weekends",
            "privacy",
            "export",
            "forget",
            "list",
            "settings",
        ]
    ),
    rest=hostile_text,
)
def test_rebound_subcommands_accept_any_argument(sub: str, rest: str) -> None:
    result = parse("rebound", f"{sub} {rest}")
    if isinstance(result, Problem):
        markup.blocks(PROBLEMS[result.message], dict(result.params))


@given(name=st.sampled_from([c.name for c in REGISTRY.commands]), text=hostile_text)
def test_rebound_reaches_every_command_with_the_same_grammar(name: str, text: str) -> None:
    """`/rebound feedback …` reads exactly as `/feedback …` does, whatever follows."""
    assert parse("rebound", f"{name} {text}") == parse(name, text)
