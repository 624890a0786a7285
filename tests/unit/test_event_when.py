"""Natural event dates (`bot.events.when`): read in the member's own zone, across daylight
saving changes, and refused with a reason when past, too far ahead, dateless or unreadable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.events.when import MAX_AHEAD, WhenProblem, read_when
from tests.helpers import at

# Saturday 2027-03-06: before New York's change (14 March) and Berlin's (28 March).
BEFORE_DST = at("2027-03-06T12:00:00+00:00")
NOW = at("2026-12-01T12:00:00+00:00")  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "zone", "expected"),
    [
        # Berlin: CET (+1) until 28 March, CEST (+2) after.
        ("2027-03-29 18:00", "Europe/Berlin", "2027-03-29T16:00:00+00:00"),
        ("2027-03-22 18:00", "Europe/Berlin", "2027-03-22T17:00:00+00:00"),
        # New York: EST (-5) until 14 March, EDT (-4) after.
        ("2027-03-15 18:00", "America/New_York", "2027-03-15T22:00:00+00:00"),
        ("2027-03-08 18:00", "America/New_York", "2027-03-08T23:00:00+00:00"),
        # The same words in the two zones, the week after each change: the date's own offset.
        ("Dec 3 6pm", "Europe/Berlin", "2026-12-03T17:00:00+00:00"),
        ("Mar 29 2027 6pm", "Europe/Berlin", "2027-03-29T16:00:00+00:00"),
        ("March 15 2027 6pm", "America/New_York", "2027-03-15T22:00:00+00:00"),
    ],
)
def test_a_date_gets_the_offset_of_its_own_day(typed: str, zone: str, expected: str) -> None:
    reading = read_when(typed, zone, BEFORE_DST if typed.startswith("2027") else NOW)
    assert reading.problem is None
    assert reading.at == at(expected)
    assert reading.at is not None and reading.at.tzinfo is UTC


@pytest.mark.parametrize(
    ("typed", "berlin", "new_york"),
    [
        ("next Thursday 6pm", "2026-12-03T17:00:00+00:00", "2026-12-03T23:00:00+00:00"),
        ("tomorrow 18:30", "2026-12-02T17:30:00+00:00", "2026-12-02T23:30:00+00:00"),
        ("2026-12-03 18:00", "2026-12-03T17:00:00+00:00", "2026-12-03T23:00:00+00:00"),
        ("Dec 3 6pm", "2026-12-03T17:00:00+00:00", "2026-12-03T23:00:00+00:00"),
    ],
)
def test_the_issues_examples_in_two_member_zones(typed: str, berlin: str, new_york: str) -> None:
    assert read_when(typed, "Europe/Berlin", NOW).at == at(berlin)
    assert read_when(typed, "America/New_York", NOW).at == at(new_york)


def test_relative_words_across_the_change_keep_the_wall_time() -> None:
    """Thursday 25 March 2027 in Berlin (CET): next Monday is after the change, so 18:00 there
    is 16:00 UTC, not the 17:00 today's offset would give."""
    thursday = at("2027-03-25T10:00:00+00:00")
    assert read_when("Monday 18:00", "Europe/Berlin", thursday).at == at(
        "2027-03-29T16:00:00+00:00"
    )
    assert read_when("tomorrow 18:00", "Europe/Berlin", thursday).at == at(
        "2027-03-26T17:00:00+00:00"
    )


def test_tomorrow_is_the_members_tomorrow() -> None:
    """23:30 UTC on 1 December is already 2 December in Berlin: tomorrow is the 3rd there."""
    late = at("2026-12-01T23:30:00+00:00")
    assert read_when("tomorrow 18:00", "Europe/Berlin", late).at == at("2026-12-03T17:00:00+00:00")
    assert read_when("tomorrow 18:00", "America/New_York", late).at == at(
        "2026-12-02T23:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("yesterday 6pm", WhenProblem.PAST),
        ("2026-11-30 18:00", WhenProblem.PAST),
        ("2028-01-05 18:00", WhenProblem.TOO_FAR),
        ("in 2 years", WhenProblem.NO_TIME),
        ("Dec 3", WhenProblem.NO_TIME),
        ("tomorrow", WhenProblem.NO_TIME),
        ("Google", WhenProblem.UNREADABLE),
        ("", WhenProblem.UNREADABLE),
        ("9" * 40, WhenProblem.UNREADABLE),
        ("next Thursday 6pm " * 10, WhenProblem.UNREADABLE),
    ],
)
def test_bad_dates_are_named(typed: str, problem: WhenProblem) -> None:
    assert read_when(typed, "Europe/Berlin", NOW).problem is problem


def test_a_past_or_far_date_still_says_which_moment_it_read() -> None:
    past = read_when("yesterday 6pm", "Europe/Berlin", NOW)
    assert past.at == at("2026-11-30T17:00:00+00:00")
    far = read_when("2028-01-05 18:00", "Europe/Berlin", NOW)
    assert far.at == at("2028-01-05T17:00:00+00:00")


@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 1)),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45]),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_an_iso_date_is_that_wall_time_in_the_zone(
    day: date, hour: int, minute: int, zone: str
) -> None:
    """Whatever the day and zone, `YYYY-MM-DD HH:MM` is that wall time there (a time skipped by
    spring-forward moves forward), and accepted exactly when it is ahead and within a year."""
    now = at("2027-06-15T12:00:00+00:00")
    typed = f"{day.isoformat()} {hour:02d}:{minute:02d}"
    reading = read_when(typed, zone, now)
    wall = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    expected = wall.astimezone(UTC)
    assert reading.at == expected
    if expected <= now:
        assert reading.problem is WhenProblem.PAST
    elif expected > now + MAX_AHEAD:
        assert reading.problem is WhenProblem.TOO_FAR
    else:
        assert reading.problem is None
    local = expected.astimezone(ZoneInfo(zone))
    assert (local.hour, local.minute) == (hour, minute) or local - timedelta(hours=1) == wall
