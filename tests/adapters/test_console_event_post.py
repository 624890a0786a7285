"""An event post in the console (`tests/adapters/event_post.py` makes the values): posted in the
channel with its invite saved once, and a press on its buttons printing the post again, said
to replace the earlier one, without saving the invite again."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console.session import ConsoleSession
from adapters.console.transcript import Transcript
from bot.clock import SimulatedClock
from bot.core import Core
from bot.delivery.due import DueWork
from bot.ports import UnitOfWork
from tests.adapters.discord_session import NOW
from tests.adapters.event_post import ICS, WITH_MEETUP, YOU_ARE_GOING


async def test_a_press_prints_the_post_again_as_an_update_of_the_earlier_one(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    out = io.StringIO()
    files = tmp_path / "files"
    session = ConsoleSession(
        Core(uow, "UTC", registry=WITH_MEETUP),
        DueWork(uow, "UTC"),
        SimulatedClock(NOW, frozen=True),
        Transcript(out, files),
        tz="Europe/Berlin",
    )
    await session.handle_line("/meetup")
    posted = out.getvalue()
    assert posted.startswith("[#general]\n")
    assert "Thu 3 Dec 2026, 18:00 CET" in posted
    assert "[1] Going  [2] Interested  [3] Not going" in posted
    assert [p.name for p in files.iterdir()] == ["1-event-1.ics"]

    await session.handle_line("/press 1")
    update, dm, answer = out.getvalue()[len(posted) :].split("\n[")
    assert update.startswith("[#general] (updated: this replaces the message with [1]-[3])\n")
    assert "Who: 1 going · 0 interested" in update
    assert "[4] Going  [5] Interested  [6] Not going" in update
    assert "event-1.ics" not in update, "the post's invite is the one saved before"
    assert dm.startswith("DM → you]") and "saved to" in dm
    assert YOU_ARE_GOING in answer
    saved = sorted(p.name for p in files.iterdir())
    assert saved == ["1-event-1.ics", "2-event-1.ics"], "the post's once, the DM's once"
    assert (files / "2-event-1.ics").read_bytes() == ICS

    await session.handle_line("/press 5")
    again = out.getvalue().rsplit("\n[#general]", 1)[1]
    assert again.startswith(" (updated: this replaces the message with [4]-[6])\n")
    assert "Who: 0 going · 1 interested" in again
