"""Weekly goals (issue 12 item 3, and issue 11's mid-week nudge): set, shown with progress in
the member's own week, and at most one gentle DM a week when under halfway at mid-week."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.commands.registry import REGISTRY
from bot.commands.requests import Problem
from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.delivery.report import PassReport
from bot.goals.commands import SetGoal, ShowGoals
from bot.ports import UnitOfWork
from bot.records import GoalKind
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, slash, text

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


MONDAY = berlin("2026-12-07T09:00")
THURSDAY_TEN = berlin("2026-12-10T10:00")


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


@pytest.fixture
def work(uow: UnitOfWork) -> DueWork:
    return DueWork(uow, "Europe/Berlin")


def test_the_grammar() -> None:
    assert REGISTRY.parse("rebound", "goal") == ShowGoals()
    assert REGISTRY.parse("rebound", "goal networking 3") == SetGoal(GoalKind.NETWORKING, 3)
    assert REGISTRY.parse("rebound", "goals Applications 50") == SetGoal(GoalKind.APPLICATIONS, 50)
    assert REGISTRY.parse("rebound", "goal followups off") == SetGoal(GoalKind.FOLLOWUPS, None)
    for bad in (
        "goal networking",
        "goal dancing 3",
        "goal networking 51",
        "goal events ²",
        "goal events -1",
        "goal events 3 4",
        "goal 3 networking",
    ):
        assert REGISTRY.parse("rebound", bad) == Problem("usage_goal"), bad


def test_set_show_and_clear_with_this_weeks_progress(core: Core) -> None:
    (set_answer,) = core.handle(slash("rebound", "goal networking 3"), MONDAY)
    assert "Goal set: 3 networking steps a week" in text(set_answer)
    core.handle(slash("networked", "coffee with a former colleague"), MONDAY + timedelta(hours=1))
    core.handle(slash("networked", "last week's meetup"), MONDAY - timedelta(days=1))
    (shown,) = core.handle(slash("rebound", "goal"), MONDAY + timedelta(hours=2))
    assert "Networking steps: 1 of 3" in text(shown), "only this week's, from Monday"
    (momentum,) = core.handle(slash("momentum"), MONDAY + timedelta(hours=2))
    assert "Networking steps: 1 of 3" in text(momentum)
    (bad,) = core.handle(slash("rebound", "goal networking lots"), MONDAY)
    assert "`/rebound goal networking 3`" in text(bad)
    (cleared,) = core.handle(slash("rebound", "goal networking off"), MONDAY)
    assert "cleared" in text(cleared)
    (none,) = core.handle(slash("rebound", "goal"), MONDAY)
    assert "no weekly goals" in text(none)
    (again,) = core.handle(slash("rebound", "goal networking off"), MONDAY)
    assert "nothing to clear" in text(again)


def dms(platform: RecordingMessenger) -> list[Outbound]:
    return [m for m in platform.sent if m.destination.kind is DestinationKind.DM]


async def hourly(
    work: DueWork,
    platform: RecordingMessenger,
    start: datetime,
    hours: int,
    report: PassReport | None = None,
) -> None:
    for hour in range(hours + 1):
        await run_due_pass(work, platform.route, start + timedelta(hours=hour), report)


async def test_behind_at_midweek_gets_one_dm_that_week_and_on_track_gets_none(
    core: Core, work: DueWork
) -> None:
    core.handle(slash("rebound", "goal networking 3", who="Alex"), MONDAY)
    core.handle(slash("rebound", "goal applications 2", who="Alex"), MONDAY)
    core.handle(slash("rebound", "goal networking 3", who="Sam"), MONDAY)
    core.handle(slash("networked", "one coffee", who="Alex"), MONDAY)
    for _ in range(2):
        core.handle(slash("networked", "a call", who="Sam"), MONDAY)
    core.handle(slash("applied", "Globex", who="Alex"), MONDAY)
    platform = RecordingMessenger()
    await hourly(work, platform, MONDAY, hours=24 * 7)  # the whole week, hourly
    (nudge,) = dms(platform)
    assert nudge.destination.user_id == "alex", "Sam is at 2 of 3: on track"
    assert nudge.due_at is not None and nudge.due_at.at == THURSDAY_TEN
    words = text(nudge)
    assert "Networking steps: 1 of 3" in words
    assert "Applications" not in words, "1 of 2 is halfway: not behind"
    await hourly(work, platform, MONDAY + timedelta(days=7), hours=24 * 7)
    assert len(dms(platform)) == 3, "the next week, one each (nothing logged since)"


async def test_the_nudge_waits_for_quiet_hours_and_skips_a_week_the_goal_came_too_late_for(
    core: Core, work: DueWork
) -> None:
    core.handle(slash("rebound", "quiet 08:00-12:00"), MONDAY)
    core.handle(slash("rebound", "goal events 1"), MONDAY)
    core.handle(slash("rebound", "goal", who="Sam"), MONDAY)  # a member since Monday
    core.handle(slash("rebound", "goal events 1", who="Sam"), THURSDAY_TEN + timedelta(hours=1))
    platform = RecordingMessenger()
    report = PassReport()
    await hourly(work, platform, THURSDAY_TEN, hours=5, report=report)
    (nudge,) = dms(platform)
    assert nudge.destination.user_id == "alex"
    assert report.deferred_reminders == 1
    assert platform.sent.index(nudge) == 0 and len(platform.sent) == 1
    await hourly(work, platform, THURSDAY_TEN + timedelta(hours=6), hours=24 * 3)
    assert [m.destination.user_id for m in dms(platform)] == ["alex"], "Sam set theirs after"
