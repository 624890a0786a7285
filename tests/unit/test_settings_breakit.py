"""Regressions found by trying to break group settings: `/rebound setup` keeps them, a DM
uses the group's zone, a summary comes once a week however often its slot moves, a zone
change drops no week's summary, and a misspelled day is refused. Fake and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUpKind
from bot.values import Actor, DestinationKind, SlashCommand
from tests.helpers import RecordingMessenger, actor, at, text

ZoneTokyo = ZoneInfo("Asia/Tokyo")

TUESDAY = at("2026-12-01T12:00:00+00:00")


def olga(channel: str = "general") -> Actor:
    return replace(actor("Olga", channel), can_manage=True)


def run(core: Core, who: Actor, typed: str, when: datetime = TUESDAY) -> str:
    return "\n".join(text(m) for m in core.handle(SlashCommand(who, "rebound", typed), when))


def test_setup_keeps_the_settings_chosen_before(core: Core) -> None:
    for typed in ("settings timezone Asia/Tokyo", "settings posts off", "settings cadence 2 5 30"):
        run(core, olga(), typed)
    run(core, olga("jobs"), "setup")
    shown = run(core, olga("jobs"), "settings")
    assert "Asia/Tokyo" in shown and "off" in shown.lower() and "2" in shown
    run(core, olga("lounge"), "setup")  # and again, to a third channel
    again = run(core, olga("lounge"), "settings")
    assert "Asia/Tokyo" in again


def test_a_dm_plans_in_the_groups_zone(core: Core, uow: UnitOfWork) -> None:
    run(core, olga(), "settings timezone Asia/Tokyo")
    core.handle(SlashCommand(actor("Sam"), "applied", "Globex"), TUESDAY)  # joins #general
    dm = Actor("console", "T1", "sam", "Sam", "", "")
    core.handle(SlashCommand(dm, "rejected", "Acme"), TUESDAY)
    with uow() as repo:
        sam = repo.find_member(actor("Sam"))
        assert sam is not None
        (thanks,) = [
            f for f in repo.followups_for_member(sam.id) if f.kind is FollowUpKind.THANK_YOU
        ]
    assert thanks.due_at.astimezone(ZoneTokyo).hour == 10, "10:00 in Tokyo, not in UTC"


async def test_a_slot_moved_twice_in_a_week_posts_one_summary(core: Core, uow: UnitOfWork) -> None:
    core.handle(SlashCommand(actor("Sam"), "applied", "Globex"), TUESDAY)
    run(core, olga(), "settings summary fri 17:00")
    platform = RecordingMessenger()
    work = DueWork(uow, "UTC")
    friday = at("2026-12-04T17:30:00+00:00")
    await run_due_pass(work, platform.route, friday)
    run(core, olga(), "settings summary fri 18:00", friday)
    await run_due_pass(work, platform.route, at("2026-12-04T18:30:00+00:00"))
    run(core, olga(), "settings summary sat 10:00", friday)
    await run_due_pass(work, platform.route, at("2026-12-05T10:30:00+00:00"))
    summaries = [m for m in platform.sent if "Weekly momentum" in text(m)]
    assert len(summaries) == 1, "one summary a week, however often its slot moves"


async def test_a_zone_change_drops_no_weeks_summary(core: Core, uow: UnitOfWork) -> None:
    monday = at("2026-12-07T08:30:00+00:00")  # 08:30 in London, 09:30 in Berlin
    core.handle(SlashCommand(actor("Sam"), "applied", "Globex"), TUESDAY)
    run(core, olga(), "settings timezone Europe/London")
    run(core, olga(), "settings timezone Europe/Berlin", monday)
    platform = RecordingMessenger()
    await run_due_pass(DueWork(uow, "UTC"), platform.route, monday + timedelta(hours=1))
    posts = [m for m in platform.sent if m.destination.kind is DestinationKind.CHANNEL]
    assert [m for m in posts if "Weekly momentum" in text(m)], "Berlin's 09:00 had just passed"


def test_a_misspelled_day_is_refused(core: Core) -> None:
    for typed in ("summary monthly 09:00", "networking wedding 12:00", "summary sunset 10:00"):
        shown = run(core, olga(), f"settings {typed}")
        assert "now comes" not in shown, typed
    assert "Monday" in run(core, olga(), "settings") or "mon" in run(core, olga(), "settings")
