"""A member's settings and data: each setting shown when asked, a forget that only its owner can
confirm and that acts once, and an export of every stored setting."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import timedelta

from bot.core import Core
from bot.ports import UnitOfWork
from bot.records import Member
from bot.values import Outbound
from tests.helpers import actor, at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def say(core: Core, command: str, words: str = "", who: str = "Alex") -> str:
    (reply,) = core.handle(slash(command, words, who), NOON)
    return text(reply)


def stored(uow: UnitOfWork, name: str = "Alex") -> Member | None:
    with uow() as repo:
        return repo.find_member(actor(name))


# --- settings on their own -------------------------------------------------------------


def test_each_setting_alone_shows_its_value_and_how_to_change_it(core: Core) -> None:
    shown = say(core, "rebound", "timezone")
    assert "the group's, UTC; it's 12:00 there" in shown
    assert "`/rebound timezone Area/City`" in shown
    say(core, "rebound", "timezone Asia/Kolkata")
    shown = say(core, "rebound", "tz")
    assert "Your timezone is Asia/Kolkata; it's 17:30 there" in shown

    assert "Your quiet hours are 21:00-08:00 your time" in say(core, "rebound", "quiet")
    say(core, "rebound", "quiet 22:30-06:00")
    assert "22:30-06:00" in say(core, "rebound", "quiet")
    say(core, "rebound", "quiet off")
    shown = say(core, "rebound", "quiet")
    assert "Quiet hours are off" in shown and "`/rebound quiet 21:00-08:00`" in shown

    shown = say(core, "rebound", "weekends")
    assert "any day of the week" in shown and "`/rebound weekends skip`" in shown
    say(core, "rebound", "weekends skip")
    shown = say(core, "rebound", "weekends")
    assert "wait until Monday" in shown and "`/rebound weekends allow`" in shown

    shown = say(core, "rebound", "privacy")
    assert "Your privacy is counts: the weekly summary shows your name with your numbers" in shown
    assert "`/rebound privacy full`" in shown
    say(core, "rebound", "privacy full")
    assert "Your privacy is full" in say(core, "rebound", "privacy")
    for setting in ("timezone", "quiet", "weekends", "privacy"):
        assert "Choose" not in say(core, "rebound", setting)


# --- forget -----------------------------------------------------------------------------


def ask(core: Core, who: str = "Alex") -> Outbound:
    (reply,) = core.handle(slash("rebound", "forget", who), NOON)
    return reply


def test_only_the_member_who_asked_can_keep_or_delete(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    question = ask(core)
    for label in ("Keep my data", "Yes, delete everything"):
        (refused,) = core.handle(press(button(question, label), who="Sam"), NOON)
        assert "someone else's" in text(refused)
        assert "kept everything" not in text(refused) and "deleted" not in text(refused)
    assert stored(uow) is not None
    (kept,) = core.handle(press(button(question, "Keep my data")), NOON)
    assert "kept everything as it was" in text(kept)
    assert stored(uow) is not None


def test_delete_says_so_in_words_and_a_second_press_stores_nothing(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    core.handle(slash("applied", "Globex"), NOON)
    question = ask(core)
    delete = button(question, "Yes, delete everything")
    (gone,) = core.handle(press(delete), NOON)
    assert "Everything Rebound stored about you is deleted" in text(gone)
    assert "record" not in text(gone)
    assert stored(uow) is None
    (again,) = core.handle(press(delete), NOON + timedelta(minutes=1))
    assert "Already done: Rebound stores nothing about you" in text(again)
    assert "deleted" not in text(again)
    assert stored(uow) is None, "the second press did not leave a member behind"


def test_an_old_confirmation_does_not_delete_what_came_after(core: Core, uow: UnitOfWork) -> None:
    question = ask(core)
    core.handle(press(button(question, "Yes, delete everything")), NOON)
    core.handle(slash("applied", "Globex"), NOON + timedelta(hours=1))
    (stale,) = core.handle(
        press(button(question, "Yes, delete everything")), NOON + timedelta(hours=2)
    )
    assert "use `/rebound forget` again" in text(stale)
    alex = stored(uow)
    assert alex is not None, "the application after the deletion made a member again"
    with uow() as repo:
        assert len(repo.activities_for_member(alex.id)) == 1


# --- export -----------------------------------------------------------------------------


def test_export_includes_every_stored_setting(core: Core) -> None:
    core.handle(slash("rebound", "weekends skip"), NOON)
    core.handle(slash("rebound", "quiet off"), NOON)
    core.handle(slash("rebound", "privacy full"), NOON)
    core.handle(slash("rebound", "timezone Europe/Berlin"), NOON)
    (reply,) = core.handle(slash("rebound", "export"), NOON)
    (attachment,) = reply.attachments
    exported = json.loads(attachment.data)["member"]
    stored = {f.name for f in fields(Member)} - {"id"}
    assert stored <= set(exported), stored - set(exported)
    assert exported["skip_weekends"] is True
    assert exported["quiet_hours"] == "off"
    assert (exported["privacy"], exported["timezone"]) == ("full", "Europe/Berlin")
    assert exported["dm_open"] is True
    assert exported["created_at"] == NOON.isoformat()
