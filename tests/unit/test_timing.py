"""Quiet hours and weekends: when a DM may arrive, in the member's own zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.timing import next_allowed

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")


def local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")


def test_outside_quiet_hours_nothing_moves() -> None:
    moment = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    assert next_allowed(moment, "Europe/Berlin", "21:00-08:00", False) == moment


@pytest.mark.parametrize(
    ("hour", "expected"),
    [(21, "Thu 2026-12-03 08:00"), (23, "Thu 2026-12-03 08:00"), (3, "Wed 2026-12-02 08:00")],
)
def test_quiet_hours_wrapping_midnight_postpone_to_their_end(hour: int, expected: str) -> None:
    moment = datetime(2026, 12, 2, hour, 0, tzinfo=BERLIN)
    assert local(next_allowed(moment, "Europe/Berlin", "21:00-08:00", False), BERLIN) == expected


def test_daytime_quiet_window() -> None:
    moment = datetime(2026, 12, 2, 13, 0, tzinfo=KOLKATA)
    moved = next_allowed(moment, "Asia/Kolkata", "12:30-14:00", False)
    assert local(moved, KOLKATA) == "Wed 2026-12-02 14:00"


def test_quiet_hours_off() -> None:
    moment = datetime(2026, 12, 2, 3, 0, tzinfo=BERLIN)
    assert next_allowed(moment, "Europe/Berlin", "", False) == moment


def test_weekend_skip_moves_to_monday_same_time() -> None:
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=NEW_YORK)
    moved = next_allowed(saturday, "America/New_York", "21:00-08:00", True)
    assert local(moved, NEW_YORK) == "Mon 2026-12-07 10:00"
    assert next_allowed(saturday, "America/New_York", "21:00-08:00", False) == saturday


def test_friday_night_quiet_then_weekend_lands_monday_morning() -> None:
    friday_night = datetime(2026, 12, 4, 22, 0, tzinfo=BERLIN)
    moved = next_allowed(friday_night, "Europe/Berlin", "21:00-08:00", True)
    assert local(moved, BERLIN) == "Mon 2026-12-07 08:00"


@pytest.mark.parametrize(
    ("tz", "night"),
    [
        ("Europe/Berlin", (2026, 3, 29, 1, 30)),  # clocks jump 02:00 -> 03:00
        ("America/New_York", (2026, 3, 8, 1, 30)),
        ("Europe/Berlin", (2026, 10, 25, 2, 30)),  # 02:00-03:00 happens twice
        ("America/New_York", (2026, 11, 1, 1, 30)),
    ],
)
def test_quiet_end_is_eight_local_on_dst_nights(
    tz: str, night: tuple[int, int, int, int, int]
) -> None:
    zone = ZoneInfo(tz)
    moment = datetime(*night, tzinfo=zone)
    moved = next_allowed(moment, tz, "21:00-08:00", False)
    assert moved.astimezone(zone).strftime("%H:%M") == "08:00"
    assert moved.astimezone(zone).date() == moment.date()
