"""The confirmation of `/applied`, `/networked` and `/event` can undo exactly that entry: once,
and only for the member who logged it."""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.ports import UnitOfWork
from tests.helpers import at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def details(uow: UnitOfWork, who: str = "Alex") -> list[str]:
    with uow() as repo:
        member = repo.ensure_member(slash("x", who=who).actor, NOON)
        return [a.detail for a in repo.activities_for_member(member.id)]


@pytest.mark.parametrize(
    ("command", "words", "removed"),
    [
        ("applied", "Globex role: PM", "Removed your application to Globex (PM) from your log."),
        ("networked", "coffee with Jo", "Removed that networking entry from your log."),
        ("event", "city job fair", "Removed that event from your log."),
    ],
)
def test_undo_removes_exactly_that_entry_once(
    core: Core, uow: UnitOfWork, command: str, words: str, removed: str
) -> None:
    core.handle(slash(command, "an earlier one"), NOON)
    (confirmation,) = core.handle(slash(command, words), NOON)
    core.handle(slash(command, "a later one"), NOON)
    undo = button(confirmation, "Undo")

    (refused,) = core.handle(press(undo, who="Sam"), NOON)
    assert "someone else's" in text(refused)
    assert len(details(uow)) == 3, "someone else's press changes nothing"

    (done,) = core.handle(press(undo), NOON)
    assert removed in text(done)
    remaining = details(uow)
    assert len(remaining) == 2 and "an earlier one" in remaining[0]
    assert "a later one" in remaining[1]

    (again,) = core.handle(press(undo), NOON)
    assert "Already undone" in text(again)
    assert len(details(uow)) == 2, "a second press removes nothing more"


def test_undone_entries_leave_the_numbers(core: Core) -> None:
    (confirmation,) = core.handle(slash("applied", "Globex"), NOON)
    core.handle(press(button(confirmation, "Undo")), NOON)
    (momentum,) = core.handle(slash("momentum", "group"), NOON)
    assert "Applications: 0" in text(momentum)
