"""When the three follow-ups fall due, in the member's own local time, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.planning import move_to_zone, plan
from bot.records import FollowUpKind

BERLIN = ZoneInfo("Europe/Berlin")


def local(moment: datetime, tz: str) -> tuple[int, int, int, int, int]:
    t = moment.astimezone(ZoneInfo(tz))
    return (t.year, t.month, t.day, t.hour, t.minute)


def test_logged_in_the_afternoon_thanks_next_morning() -> None:
    planned = dict(plan(datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN), "Europe/Berlin"))
    assert local(planned[FollowUpKind.THANK_YOU], "Europe/Berlin") == (2026, 12, 2, 10, 0)
    assert local(planned[FollowUpKind.FEEDBACK], "Europe/Berlin") == (2026, 12, 5, 10, 0)
    assert local(planned[FollowUpKind.FUTURE], "Europe/Berlin") == (2026, 12, 23, 10, 0)


def test_early_morning_log_gets_same_day_ten_oclock_if_two_hours_away() -> None:
    planned = dict(plan(datetime(2026, 12, 1, 7, 59, tzinfo=BERLIN), "Europe/Berlin"))
    assert local(planned[FollowUpKind.THANK_YOU], "Europe/Berlin") == (2026, 12, 1, 10, 0)


def test_less_than_two_hours_before_ten_waits_a_day() -> None:
    planned = dict(plan(datetime(2026, 12, 1, 8, 1, tzinfo=BERLIN), "Europe/Berlin"))
    assert local(planned[FollowUpKind.THANK_YOU], "Europe/Berlin") == (2026, 12, 2, 10, 0)


@pytest.mark.parametrize(
    ("tz", "logged"),
    [
        ("Europe/Berlin", datetime(2026, 3, 26, 12, 0, tzinfo=UTC)),  # spring forward 29 Mar
        ("Europe/Berlin", datetime(2026, 10, 22, 12, 0, tzinfo=UTC)),  # fall back 25 Oct
        ("America/New_York", datetime(2026, 3, 5, 18, 0, tzinfo=UTC)),  # spring forward 8 Mar
        ("America/New_York", datetime(2026, 10, 29, 18, 0, tzinfo=UTC)),  # fall back 1 Nov
        ("Asia/Kolkata", datetime(2026, 6, 1, 3, 0, tzinfo=UTC)),
    ],
)
def test_every_nudge_is_at_ten_local_across_dst(tz: str, logged: datetime) -> None:
    for _kind, due in plan(logged, tz):
        assert local(due, tz)[3:] == (10, 0)
        assert due.utcoffset() is not None
    offsets = {due.utcoffset() for _kind, due in plan(logged, tz)}
    if tz != "Asia/Kolkata":
        assert len(offsets) == 2, "the plan should straddle the DST change"


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan(datetime(2026, 1, 1), "UTC")  # noqa: DTZ001


def test_changing_zone_keeps_wall_clock_time() -> None:
    due = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    moved = move_to_zone(due, "Europe/Berlin", "America/New_York")
    assert local(moved, "America/New_York") == (2026, 12, 2, 10, 0)
