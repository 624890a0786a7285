"""Button values carry row ids, and a forged or stale one can be any number: past what the
tables' INTEGER ids hold, PostgreSQL refuses to compare it, which used to surface as a database
error ("nothing was recorded") instead of "that button no longer works"."""

from __future__ import annotations

import pytest

from bot.core import BUTTONS, Core
from bot.ports import UnitOfWork
from bot.values import ButtonPress
from tests.helpers import actor, at, text

NOON = at("2026-12-01T12:00:00+00:00")
PAST_INTEGER = [str(2**31), f"{2**31}:0", f"1:{2**31}", f"{2**40}:0"]


@pytest.mark.parametrize("value", PAST_INTEGER)
def test_every_button_with_an_id_past_the_tables_answers_that_it_is_gone(
    uow: UnitOfWork, value: str
) -> None:
    core = Core(uow, "UTC")
    for action_id in sorted(BUTTONS):
        (reply,) = core.handle(ButtonPress(actor(), action_id, value), NOON)
        assert "nothing was recorded" not in text(reply), action_id


@pytest.mark.parametrize("value", PAST_INTEGER)
def test_the_draft_editor_for_such_an_id_opens_nothing(uow: UnitOfWork, value: str) -> None:
    assert Core(uow, "UTC").editor(actor(), value, NOON) is None
