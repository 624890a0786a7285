"""The group's weekly rhythm: slots, their fire times across DST, and one key per occurrence."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.records import OccurrenceKind
from bot.rhythm.slots import WeeklySlot, latest_fire, next_fire, occurrence_key, parse_slot

BERLIN = ZoneInfo("Europe/Berlin")


def test_parse() -> None:
    assert parse_slot("Mon 09:00") == WeeklySlot(0, 9, 0)
    assert parse_slot("wednesday 12:30") == WeeklySlot(2, 12, 30)
    assert parse_slot("") is None
    assert parse_slot("mon 25:00") is None
    assert str(WeeklySlot(6, 7, 5)) == "sun 07:05"


def test_latest_and_next_fire() -> None:
    slot = WeeklySlot(0, 9, 0)
    now = datetime(2026, 12, 2, 12, 0, tzinfo=BERLIN)  # a Wednesday
    assert latest_fire(slot, "Europe/Berlin", now) == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert next_fire(slot, "Europe/Berlin", now) == datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    exactly = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert latest_fire(slot, "Europe/Berlin", exactly) == exactly
    assert next_fire(slot, "Europe/Berlin", exactly) == datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)


def test_nine_oclock_stays_nine_across_dst() -> None:
    slot = WeeklySlot(0, 9, 0)
    before = latest_fire(slot, "Europe/Berlin", datetime(2026, 3, 25, tzinfo=UTC))
    after = next_fire(slot, "Europe/Berlin", before)
    assert before.astimezone(UTC).hour == 8  # CET
    assert after.astimezone(UTC).hour == 7  # CEST
    assert after.astimezone(BERLIN).hour == 9


def test_keys_are_one_per_week_or_day() -> None:
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert (
        occurrence_key(OccurrenceKind.SUMMARY, 3, monday, "Europe/Berlin") == "summary:3:2026-W49"
    )
    assert (
        occurrence_key(OccurrenceKind.NETWORKING, 3, monday, "Europe/Berlin")
        == "networking:3:2026-11-30"
    )
