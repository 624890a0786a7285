"""When the three follow-ups fall due, in the member's own local time, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.planning import arrival, move_to_zone, plan
from bot.records import FollowUpKind

BERLIN = ZoneInfo("Europe/Berlin")


def local(moment: datetime, tz: str) -> tuple[int, int, int, int, int]:
    t = moment.astimezone(ZoneInfo(tz))
    return (t.year, t.month, t.day, t.hour, t.minute)


def test_logged_in_the_afternoon_thanks_next_morning() -> None:
    planned = dict(plan(datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN), "Europe/Berlin"))
    assert local(planned[FollowUpKind.THANK_YOU], "Europe/Berlin") == (2026, 12, 2, 10, 0)
    # Three days on is Saturday: the employer reads it on Monday.
    assert local(planned[FollowUpKind.FEEDBACK], "Europe/Berlin") == (2026, 12, 7, 10, 0)
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


@pytest.mark.parametrize(
    ("tz", "friday_evening", "expected"),
    [
        # Berlin springs forward on Sunday 29 March: Monday is 10:00 CEST.
        (
            "Europe/Berlin",
            datetime(2026, 3, 27, 19, 0, tzinfo=BERLIN),
            [(2026, 3, 30, 10, 0), (2026, 4, 2, 10, 0), (2026, 4, 20, 10, 0)],
        ),
        # New York falls back on Sunday 1 November: Monday is 10:00 EST.
        (
            "America/New_York",
            datetime(2026, 10, 30, 23, 0, tzinfo=UTC),
            [(2026, 11, 2, 10, 0), (2026, 11, 5, 10, 0), (2026, 11, 23, 10, 0)],
        ),
    ],
)
def test_friday_evening_plans_monday_across_a_dst_weekend(
    tz: str, friday_evening: datetime, expected: list[tuple[int, ...]]
) -> None:
    assert [local(due, tz) for _kind, due in plan(friday_evening, tz)] == expected


def test_every_planned_email_falls_on_a_business_day() -> None:
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    for hour in range(0, 24 * 7, 5):
        for _kind, due in plan(start + timedelta(hours=hour), "Asia/Kolkata"):
            assert due.astimezone(ZoneInfo("Asia/Kolkata")).weekday() < 5


def test_quiet_hours_and_skipped_weekends_are_applied_in_the_plan() -> None:
    logged = datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)
    late_riser = dict(plan(logged, "Europe/Berlin", "22:00-11:15", skip_weekends=True))
    assert local(late_riser[FollowUpKind.THANK_YOU], "Europe/Berlin") == (2026, 12, 2, 11, 15)
    assert local(late_riser[FollowUpKind.FEEDBACK], "Europe/Berlin") == (2026, 12, 7, 11, 15)


def test_an_arrival_pushed_into_the_weekend_moves_to_monday() -> None:
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN)
    moved = arrival(friday, "Europe/Berlin", "09:00-00:30", skip_weekends=False)
    # Quiet until 00:30 Saturday, so Monday 10:00; that too is quiet, so Tuesday 00:30.
    assert local(moved, "Europe/Berlin") == (2026, 12, 8, 0, 30)
