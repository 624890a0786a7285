"""The console under any typed line: it never crashes, and nothing typed reaches the terminal as a
control character (a name like `\\x1b[2J` must not clear the screen)."""

from __future__ import annotations

import asyncio
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console.session import ConsoleSession
from adapters.console.transcript import Transcript
from bot.clock import SimulatedClock
from bot.runtime.wiring import Services, build
from tests.helpers import at
from tests.properties.strategies import hostile_text, trick

CONSOLE = ("/as", "/clock", "/press", "/help", "/rejected", "/rebound", "/feedback", "/nope")
ARGUMENTS = st.one_of(
    hostile_text,
    st.sampled_from(["+1d", "+1w2d", "+99999999999w", "+٣d", "9999-12-31 23:59", "2026-13-01"]),
    st.sampled_from(["1", "²", "0", "-1", "9" * 40, "2999-12-31T23:59+14:00"]),
)
LINES = st.one_of(
    st.tuples(st.sampled_from(CONSOLE), ARGUMENTS).map(" ".join),
    hostile_text,
    st.tuples(trick, hostile_text).map("".join),
)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    path: Path = tmp_path_factory.mktemp("console") / "rebound.db"
    built = build(f"sqlite:///{path}", "UTC")
    yield built
    built.engine.dispose()


def printable(text: str) -> bool:
    return all(char == "\n" or unicodedata.category(char) not in ("Cc", "Cf") for char in text)


@settings(
    max_examples=max(10, settings().max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(LINES, min_size=1, max_size=4))
def test_no_typed_line_crashes_the_console(
    services: Services, tmp_path: Path, lines: list[str]
) -> None:
    out = io.StringIO()
    clock = SimulatedClock(at("2026-12-01T12:00:00+00:00"), frozen=True)
    session = ConsoleSession(
        services.core, services.work, clock, Transcript(out, tmp_path / "files"), tz="UTC"
    )

    async def type_lines() -> None:
        for line in lines:
            await session.handle_line(line)
            assert printable(f"{session.member}> "), "the prompt carries a control character"

    asyncio.run(type_lines())
    assert printable(out.getvalue()), "a control character reached the terminal"


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("/press ²", "No button with that number"),  # was ValueError from int("²")
        ("/press " + "9" * 5000, "No button with that number"),  # was past int()'s digit limit
        ("/clock +99999999999w", "at most a year per step"),  # was OverflowError in timedelta
        ("/clock 9999-12-31 23:59", "at most a year per step"),  # a rejection then overflowed
        ("/as \x1b\x07\u202e", "Say who"),  # control characters only: no name at all
    ],
)
def test_console_refuses_bad_lines_in_words(
    services: Services, tmp_path: Path, line: str, answer: str
) -> None:
    out = io.StringIO()
    clock = SimulatedClock(at("2026-12-01T12:00:00+00:00"), frozen=True)
    session = ConsoleSession(
        services.core, services.work, clock, Transcript(out, tmp_path / "files"), tz="UTC"
    )

    async def type_lines() -> None:
        await session.handle_line(line)
        await session.handle_line("/rejected Acme")

    asyncio.run(type_lines())
    assert answer in out.getvalue()
    assert "logged acme" in out.getvalue().lower()  # and the console still works
    assert printable(out.getvalue()) and session.member == "you"


def test_a_name_cannot_send_escape_sequences_to_the_terminal(
    services: Services, tmp_path: Path
) -> None:
    out = io.StringIO()
    clock = SimulatedClock(at("2026-12-01T12:00:00+00:00"), frozen=True)
    session = ConsoleSession(
        services.core, services.work, clock, Transcript(out, tmp_path / "files"), tz="UTC"
    )
    asyncio.run(session.handle_line("/as \x1b[2JSam\x07"))
    assert session.member == "[2JSam"  # was "\x1b[2JSam\x07": the prompt cleared the screen
    assert out.getvalue() == "(console) You are now [2JSam.\n"
