"""The whole core on real SQLite under hostile input: nothing raises, and every message it sends,
to the member or later as a nudge or group post, renders on every platform within Slack's limits
with no live mention."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import BUTTONS, Core
from bot.delivery.due import run_due_pass
from bot.ports import UnitOfWork
from bot.runtime.wiring import Services, build
from bot.values import Actor, Button, ButtonPress, Command, SlashCommand
from tests.helpers import RecordingMessenger, at, buttons, text
from tests.properties.checks import assert_renders_safely
from tests.properties.strategies import (
    button_values,
    command_names,
    hostile_text,
    trick,
)

NOON = at("2026-12-01T12:00:00+00:00")
# Two members of one group, one of them also in a DM and in another workspace, and a stranger.
ACTORS = (
    Actor("console", "T1", "alex", "Alex", "general", "general"),
    Actor("console", "T1", "sam", "<!channel> Sam", "general", "general", "Europe/Berlin"),
    Actor("console", "T1", "alex", "Alex", "", "", "Not/AZone"),
    Actor("console", "T2", "alex", "Alex\u202e", "random", "random", "America/New_York"),
)
ACTION_IDS = st.one_of(
    st.sampled_from(sorted(BUTTONS)), trick, st.text(max_size=40), st.just("x" * 300)
)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    path: Path = tmp_path_factory.mktemp("props") / "rebound.db"
    built = build(f"sqlite:///{path}", "UTC")
    yield built
    built.engine.dispose()


@st.composite
def commands(draw: st.DrawFn, seen: list[Button]) -> Command:
    """A slash command, a press on garbage, or a press on a button shown earlier in this example.

    What is drawn never depends on what was shown (Hypothesis replays draws): the shown button is
    picked by a drawn index, and the database keeps rows from earlier examples, which garbage ids
    in `button_values` aim at too.
    """
    who = draw(st.sampled_from(ACTORS))
    kind = draw(st.sampled_from(["slash", "slash", "press_seen", "press_any"]))
    if kind == "slash":
        return SlashCommand(who, draw(command_names), draw(hostile_text))
    pick = draw(st.integers(0, 1000))
    if kind == "press_seen" and seen:
        # A real button, pressed by anyone (perhaps not its owner), maybe twice.
        shown = seen[pick % len(seen)]
        return ButtonPress(who, shown.action_id, shown.value)
    return ButtonPress(who, draw(ACTION_IDS), draw(button_values))


# Each example is several database transactions and a due pass: half the profile's examples.
@settings(
    max_examples=max(10, settings().max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_core_survives_any_commands_and_presses(services: Services, data: st.DataObject) -> None:
    messenger = RecordingMessenger()
    seen: list[Button] = []
    now = NOON
    for _ in range(data.draw(st.integers(1, 5), label="steps")):
        now += timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 9), label="wait"))
        command = data.draw(commands(seen), label="command")
        for reply in services.core.handle(command, now):
            assert_renders_safely(reply)
            seen.extend(buttons(reply))
        delivered = len(messenger.sent)
        asyncio.run(run_due_pass(services.work, messenger.route, now))
        for sent in messenger.sent[delivered:]:  # nudges and group posts, with their buttons
            assert_renders_safely(sent)
            seen.extend(buttons(sent))


@pytest.mark.parametrize("value", ["²", "9" * 5000, str(2**63), str(2**31), "-1", "0", "١"])
@pytest.mark.parametrize("action_id", sorted(BUTTONS))
def test_core_answers_button_values_no_button_of_ours_carries(
    services: Services, action_id: str, value: str
) -> None:
    replies = services.core.handle(ButtonPress(ACTORS[0], action_id, value), NOON)
    assert len(replies) == 1
    assert_renders_safely(replies[0])


def test_undecodable_bytes_in_names_and_text_are_dropped_not_fatal(services: Services) -> None:
    """A console on the C locale reads the byte 0xff as the lone surrogate \\udcff, which no
    database stores as text: the command used to die with UnicodeEncodeError."""
    stray = Actor("console", "T1", "b\udcffob", "B\udcffob", "general", "general")
    replies = services.core.handle(
        SlashCommand(stray, "rejected", "Ac\udcffme note: x\ud800"), NOON
    )
    assert "Logged Acme" in text(replies[0])


def test_a_nul_in_a_members_name_does_not_lock_them_out(uow: UnitOfWork) -> None:
    """PostgreSQL refuses NUL in text: a display name with `\\u0000` (valid in Slack's JSON) made
    every command of that member fail with DataError."""
    named = Actor("slack", "T1", "U1", "Al\x00ex", "C1", "general")
    replies = Core(uow, "UTC").handle(SlashCommand(named, "rejected", "Acme"), NOON)
    assert "Logged Acme" in text(replies[0])


@pytest.mark.parametrize("value", [str(2**31), f"{2**40}:0", "0:0"])
def test_the_draft_editor_for_an_id_no_row_can_have_is_none(services: Services, value: str) -> None:
    """A forged "Edit draft" value past the tables' integer ids opens nothing (PostgreSQL would
    refuse to compare it with an INTEGER column)."""
    assert services.core.editor(ACTORS[0], value, NOON) is None
