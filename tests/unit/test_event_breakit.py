"""Regressions found by trying to break the group calendar: a year-less date that just passed,
`/rebound setup` taking the calendar along, presses from another workspace, a title with "at"
in it, reminders across a daylight-saving change, and an event under way. Fake and SQLite."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.events import reminders
from bot.events.when import WhenProblem, read_when
from bot.ports import UnitOfWork
from bot.values import Actor, ButtonPress, DestinationKind, SlashCommand
from tests.helpers import RecordingMessenger, actor, at, button, slash, text

NOW = at("2026-12-01T12:00:00+00:00")  # a Tuesday
BERLIN = "Europe/Berlin"


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, BERLIN)


@pytest.mark.parametrize(
    ("typed", "problem", "year"),
    [
        ("Nov 30 6pm", WhenProblem.PAST, 2026),  # yesterday, not next year
        ("Dec 1 9am", WhenProblem.PAST, 2026),  # this morning
        ("30/11 18:00", WhenProblem.PAST, 2026),
        ("Jan 5 6pm", None, 2027),  # next month: the coming one
        ("Dec 24 6pm", None, 2026),
        ("Nov 30 2027 6pm", None, 2027),  # a year typed is a year meant
    ],
)
def test_a_day_typed_without_a_year_is_the_nearest_one(
    typed: str, problem: WhenProblem | None, year: int
) -> None:
    reading = read_when(typed, BERLIN, NOW)
    assert reading.problem is problem and reading.at is not None
    assert reading.at.year == year


def test_a_title_with_at_and_a_number_keeps_it(core: Core, uow: UnitOfWork) -> None:
    post, _ = core.handle(slash("event", "add Drinks at 7 at Friday 6pm"), NOW)
    assert "New on the group calendar: Drinks at 7" in text(post)
    assert "Fri 4 Dec 2026, 18:00 CET" in text(post)


def test_setup_takes_the_calendar_to_the_chosen_channel(core: Core, uow: UnitOfWork) -> None:
    post, _ = core.handle(slash("event", "add Fair at Dec 10 6pm"), NOW)
    core.handle(ButtonPress(actor("Sam"), "event.going", button(post, "Going").value), NOW)
    organiser = Actor("console", "T1", "alex", "Alex", "jobs", "jobs", can_manage=True)
    core.handle(SlashCommand(organiser, "rebound", "setup"), NOW)
    (listing,) = core.handle(SlashCommand(organiser, "event", "list"), NOW)
    assert "1. Fair" in text(listing), "still on the calendar"
    platform = RecordingMessenger()
    work = DueWork(uow, BERLIN)
    asyncio.run(run_due_pass(work, platform.route, at("2026-12-09T17:00:00+00:00")))
    posts = [m for m in platform.sent if m.destination.kind is DestinationKind.CHANNEL]
    day = [m for m in posts if "Tomorrow: Fair" in text(m)]
    assert [m.destination.channel_id for m in day] == ["jobs"]
    answers = core.handle(SlashCommand(organiser, "event", "cancel 1"), NOW)
    assert answers[0].destination.channel_id == "jobs" and "is cancelled" in text(answers[0])


def test_a_press_from_another_workspace_changes_nothing(core: Core, uow: UnitOfWork) -> None:
    post, _ = core.handle(slash("event", "add Fair at Dec 10 6pm"), NOW)
    eve = Actor("console", "T2", "eve", "Eve", "general", "general")
    (answer,) = core.handle(ButtonPress(eve, "event.going", button(post, "Going").value), NOW)
    assert "Going: 1" not in text(answer)
    assert answer.destination.kind is DestinationKind.EPHEMERAL and not answer.attachments
    (went,) = core.handle(ButtonPress(eve, "event.went", button(post, "Going").value), NOW)
    assert "Logged" not in text(went)
    with uow() as repo:
        (event,) = repo.events_between(1, NOW, NOW + timedelta(days=30))
        assert repo.rsvps(event.id) == []


def test_the_week_reminder_keeps_the_wall_time_across_a_dst_change(uow: UnitOfWork) -> None:
    added = at("2027-03-20T09:00:00+00:00")
    start = at("2027-04-01T08:30:00+02:00")  # CEST; a week before is CET
    with uow() as repo:
        alex = repo.ensure_member(actor("Alex"), added)
        group = repo.get_group("console", "T1", "general")
        assert group is not None
        event = repo.add_event(
            group.id, alex.id, "Fair", start, start + reminders.LENGTH, BERLIN, "", "", added
        )
        assert reminders.plan_group_reminders(repo, event, added) == 2
        found = {o.key: o.due_at for o in repo.claim_due_occurrences(start, 9, {"console"})}
    assert found[f"event:{event.id}:week"] == at("2027-03-25T08:30:00+01:00")
    assert found[f"event:{event.id}:day"] == at("2027-03-31T08:30:00+02:00")


def test_an_event_under_way_is_still_listed(core: Core) -> None:
    core.handle(slash("event", "add Fair at Dec 1 6pm"), NOW)
    (listing,) = core.handle(slash("event", "list"), at("2026-12-01T17:30:00+00:00"))
    assert "1. Fair" in text(listing)
    (later,) = core.handle(slash("event", "list"), at("2026-12-01T19:30:00+00:00"))
    assert "No upcoming events" in text(later)


def test_a_member_who_only_uses_dms_is_told_when_no_nudge_can_come(core: Core) -> None:
    dm = Actor("console", "T1", "kim", "Kim", "", "")
    (answer,) = core.handle(SlashCommand(dm, "rebound", "goal networking 2"), NOW)
    assert "Mid-week nudges need a group" in text(answer)
    (momentum,) = core.handle(SlashCommand(dm, "momentum"), NOW)
    assert "Networking steps: 0 of 2" in text(momentum)
