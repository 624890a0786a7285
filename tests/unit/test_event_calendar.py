"""The group calendar through the core: `/event add|list|cancel` and the answer buttons, on the
fake, SQLite and PostgreSQL (the events and answers are stored rows). Each test says who gets
which message, and that a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from bot.core import Core
from bot.event_records import Event, RsvpChoice
from bot.events import reminders
from bot.events.post import GOING, INTERESTED, NOT_GOING
from bot.ports import Repository, UnitOfWork
from bot.records import FollowUpState, Occurrence
from bot.values import Actor, ButtonPress, DestinationKind, Outbound, SlashCommand
from tests.backends import ALL_BACKENDS, url_for
from tests.helpers import actor, at, button, press, slash, text

NOW = at("2026-12-01T12:00:00+00:00")  # a Tuesday
FAIR = "add Tech fair at next Thursday 6pm https://fair.example/jobs Hall 3"


@pytest.fixture(params=ALL_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return url_for(request.param, tmp_path)


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


def add_fair(core: Core, who: str = "Alex") -> Outbound:
    post, confirmation = core.handle(slash("event", FAIR, who), NOW)
    assert post.destination.kind is DestinationKind.CHANNEL
    assert confirmation.destination.kind is DestinationKind.EPHEMERAL
    return post


def occurrence(uow: UnitOfWork, key: str) -> Occurrence | None:
    """The planned reminder with this key (read the way storage's own tests do)."""
    with uow() as repo:
        group = repo.get_group("console", "T1", "general")
        assert group is not None
        found = repo.occurrences_for_group(group.id)  # type: ignore[attr-defined]
        return next((o for o in found if o.key == key), None)


def events(uow: UnitOfWork) -> list[Event]:
    with uow() as repo:
        group = repo.get_group("console", "T1", "general")
        assert group is not None
        return repo.events_between(group.id, NOW, at("2028-01-01T00:00:00+00:00"))


def test_add_posts_to_the_channel_and_confirms_privately(core: Core, uow: UnitOfWork) -> None:
    post, confirmation = core.handle(slash("event", FAIR), NOW)
    assert (post.destination.kind, post.destination.channel_id) == (
        DestinationKind.CHANNEL,
        "general",
    )
    shown = text(post)
    assert "Tech fair" in shown
    assert "When: Thu 3 Dec 2026, 18:00 CET" in shown  # the member's zone: Berlin's default
    assert "Where: Hall 3" in shown and "Link: https://fair.example/jobs" in shown
    assert "Going: 0" in shown and "Interested: 0" in shown and "Not going: 0" in shown
    (event,) = events(uow)
    assert [b.value for b in (button(post, "Going"), button(post, "Not going"))] == [
        str(event.id)
    ] * 2
    assert (event.starts_at, event.ends_at - event.starts_at) == (
        at("2026-12-03T17:00:00+00:00"),
        reminders.LENGTH,
    )
    assert (event.timezone, event.url, event.location) == (
        "Europe/Berlin",
        "https://fair.example/jobs",
        "Hall 3",
    )
    (invite,) = post.attachments
    assert invite.filename.endswith(".ics") and invite.mime_type == "text/calendar"
    assert confirmation.destination.user_id == "alex"
    assert f"`/event cancel {event.id}`" in text(confirmation)
    # The one-day channel reminder; not the seven-day one, for an event two days away.
    day = occurrence(uow, f"event:{event.id}:day")
    assert day is not None and day.due_at == at("2026-12-02T17:00:00+00:00")
    assert occurrence(uow, f"event:{event.id}:week") is None


def test_the_invite_reads_back_with_its_zone(core: Core) -> None:
    post = add_fair(core)
    calendar = icalendar.Calendar.from_ical(post.attachments[0].data)
    (entry,) = calendar.walk("VEVENT")
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
    start = entry.decoded("dtstart")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (18, 0, 3600)
    assert entry.decoded("dtend") - start == reminders.LENGTH
    assert (str(entry["summary"]), str(entry["url"]), str(entry["location"])) == (
        "Tech fair",
        "https://fair.example/jobs",
        "Hall 3",
    )
    assert str(entry["uid"]).startswith("event-") and entry.get("dtstamp") is not None
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("add " + "T" * 151 + " at Dec 3 6pm", "keep it to 150 characters"),
        ("add Fair at Dec 3 6pm ftp://fair.example", "doesn't start with `https://`"),
        ("add Fair at Dec 3 6pm javascript:alert(1)", "doesn't start with `https://`"),
        ("add Fair at yesterday 6pm", "which has already passed"),
        ("add Fair at 2028-06-01 18:00", "more than a year away"),
        ("add Fair at Dec 3", "What time does it start?"),
        ("add Fair at the usual place", "couldn't read `the usual place` as a date"),
        ("add Fair next Thursday", "Give the event a title, then `at`"),
    ],
)
def test_bad_input_is_answered_and_adds_nothing(
    core: Core, uow: UnitOfWork, typed: str, answer: str
) -> None:
    (reply,) = core.handle(slash("event", typed), NOW)
    assert reply.destination.kind is DestinationKind.EPHEMERAL
    assert answer in text(reply)
    if "characters" not in answer:  # a limit is its own answer; everything else shows the way
        assert "for example" in text(reply).lower()
    assert events(uow) == []


def test_three_answers_update_the_post_and_only_goers_get_the_invite(
    core: Core, uow: UnitOfWork
) -> None:
    post = add_fair(core)
    (sam_sees, sam_dm) = core.handle(press(button(post, "Going"), "Sam"), NOW)
    (kim_sees,) = core.handle(press(button(post, "Interested"), "Kim"), NOW)
    (lee_sees,) = core.handle(press(button(post, "Not going"), "Lee"), NOW)
    for rebuilt in (sam_sees, kim_sees, lee_sees):
        assert rebuilt.replaces_source and rebuilt.destination.kind is DestinationKind.CHANNEL
        assert rebuilt.attachments == (), "the platform keeps the invite already on the post"
    assert "Going: 1" in text(sam_sees) and "Interested: 0" in text(sam_sees)
    assert "Going: 1\nInterested: 1\nNot going: 1" in text(lee_sees)
    assert (sam_dm.destination.kind, sam_dm.destination.user_id) == (DestinationKind.DM, "sam")
    assert sam_dm.attachments[0].filename.endswith(".ics")
    assert "You're going to Tech fair" in text(sam_dm)
    (event,) = events(uow)
    with uow() as repo:
        answers = {r.display_name: r.choice for r in repo.rsvps(event.id)}
        assert answers == {
            "Sam": RsvpChoice.GOING,
            "Kim": RsvpChoice.INTERESTED,
            "Lee": RsvpChoice.NOT_GOING,
        }
        sam, kim = (_member_id(repo, name) for name in ("Sam", "Kim"))
    assert occurrence(uow, f"event:{event.id}:soon:{sam}") is not None, "a goer's DMs are planned"
    assert occurrence(uow, f"event:{event.id}:soon:{kim}") is None
    # Going again: the count stays, and no second invite.
    (again,) = core.handle(press(button(post, "Going"), "Sam"), NOW)
    assert "Going: 1" in text(again)
    # Changing one's mind moves the count.
    (changed, kim_dm) = core.handle(press(button(post, "Going"), "Kim"), NOW)
    assert "Going: 2\nInterested: 0" in text(changed)
    assert kim_dm.destination.user_id == "kim"


def _member_id(repo: Repository, name: str) -> int:
    member = repo.find_member(actor(name))
    assert member is not None
    return member.id


def test_list_names_only_goers_whose_privacy_is_full_and_counts_the_others(core: Core) -> None:
    post = add_fair(core)
    core.handle(slash("rebound", "privacy private", "Kim"), NOW)
    core.handle(slash("rebound", "privacy full", "Lee"), NOW)
    for who in ("Sam", "Kim"):
        core.handle(press(button(post, "Going"), who), NOW)
    (unnamed,) = core.handle(slash("event", "list", "Max"), NOW)
    assert "Hall 3 · going: 2 members" in text(unnamed), "Sam is `counts`, Kim `private`"
    core.handle(press(button(post, "Going"), "Lee"), NOW)
    core.handle(press(button(post, "Interested"), "Max"), NOW)
    (listing,) = core.handle(slash("event", "list", "Max"), NOW)
    assert listing.destination.kind is DestinationKind.EPHEMERAL
    shown = text(listing)
    assert "Tech fair, Thu 3 Dec 2026, 18:00 CET, Hall 3 · going: Lee, 2 more" in shown
    assert "Sam" not in shown and "Kim" not in shown and "Max" not in shown


def test_list_when_nothing_is_planned(core: Core) -> None:
    (listing,) = core.handle(slash("event", "list"), NOW)
    assert "No upcoming events" in text(listing)


def test_cancel_tells_the_goers_and_the_channel(core: Core, uow: UnitOfWork) -> None:
    post = add_fair(core)
    for who, choice in (("Sam", "Going"), ("Kim", "Going"), ("Lee", "Interested")):
        core.handle(press(button(post, choice), who), NOW)
    core.handle(press(button(post, "Going"), "Alex"), NOW)
    (event,) = events(uow)
    note, *dms, done = core.handle(slash("event", f"cancel {event.id}"), NOW)
    assert (note.destination.kind, note.destination.channel_id) == (
        DestinationKind.CHANNEL,
        "general",
    )
    assert "Tech fair" in text(note) and "is cancelled" in text(note)
    assert sorted(dm.destination.user_id for dm in dms) == ["kim", "sam"]
    assert all(dm.destination.kind is DestinationKind.DM for dm in dms)
    assert "You said you were going" in text(dms[0])
    assert done.destination.kind is DestinationKind.EPHEMERAL
    assert "2 members who said they're going" in text(done)
    assert events(uow) == []
    waiting = occurrence(uow, f"event:{event.id}:day")
    assert waiting is not None and waiting.state is FollowUpState.CANCELLED
    # Nothing more: another cancel, and an answer to the cancelled event, change nothing.
    (again,) = core.handle(slash("event", f"cancel {event.id}"), NOW)
    assert "already cancelled" in text(again)
    (late,) = core.handle(press(button(post, "Going"), "Max"), NOW)
    assert late.destination.kind is DestinationKind.EPHEMERAL
    assert "was cancelled, so I didn't record an answer" in text(late)
    with uow() as repo:
        assert "Max" not in {r.display_name for r in repo.rsvps(event.id)}


def test_only_the_creator_or_an_organiser_may_cancel(core: Core, uow: UnitOfWork) -> None:
    add_fair(core)
    (event,) = events(uow)
    (refused,) = core.handle(slash("event", f"cancel {event.id}", "Sam"), NOW)
    assert refused.destination.user_id == "sam"
    assert "added by someone else" in text(refused) and "Nothing was changed" in text(refused)
    assert [e.id for e in events(uow)] == [event.id]
    organiser = Actor("console", "T1", "boss", "Boss", "general", "general", can_manage=True)
    note, done = core.handle(SlashCommand(organiser, "event", f"cancel {event.id}"), NOW)
    assert note.destination.kind is DestinationKind.CHANNEL
    assert "No one had said they're going" in text(done)
    assert events(uow) == []


def test_a_group_admin_may_cancel_someone_elses_event(core: Core, uow: UnitOfWork) -> None:
    add_fair(core)
    (event,) = events(uow)
    organiser = Actor("console", "T1", "boss", "Boss", "general", "general", can_manage=True)
    core.handle(SlashCommand(organiser, "rebound", "admin add <@sam>"), NOW)
    note, _done = core.handle(slash("event", f"cancel {event.id}", "Sam"), NOW)
    assert note.destination.kind is DestinationKind.CHANNEL and "is cancelled" in text(note)
    assert events(uow) == []


@pytest.mark.parametrize("typed", ["cancel 999", "cancel 99999999999"])
def test_cancel_of_an_unknown_number(core: Core, uow: UnitOfWork, typed: str) -> None:
    add_fair(core)
    (reply,) = core.handle(slash("event", typed), NOW)
    assert f"no event number {typed.split()[1]}" in text(reply)
    assert len(events(uow)) == 1


def test_another_groups_event_is_unknown_here(core: Core, uow: UnitOfWork) -> None:
    add_fair(core)
    (event,) = events(uow)
    elsewhere = SlashCommand(actor("Alex", workspace="T2"), "event", f"cancel {event.id}")
    (reply,) = core.handle(elsewhere, NOW)
    assert f"no event number {event.id}" in text(reply)
    assert len(events(uow)) == 1


def test_answers_after_the_start_are_not_recorded(core: Core, uow: UnitOfWork) -> None:
    post = add_fair(core)
    (event,) = events(uow)
    (late,) = core.handle(press(button(post, "Going"), "Sam"), event.starts_at)
    assert late.destination.kind is DestinationKind.EPHEMERAL
    assert "has already started" in text(late)
    with uow() as repo:
        assert repo.rsvps(event.id) == []
    (over,) = core.handle(slash("event", f"cancel {event.id}"), event.ends_at)
    assert "already over" in text(over)


def test_a_button_for_an_event_that_never_was(core: Core) -> None:
    for action in (GOING, INTERESTED, NOT_GOING):
        (reply,) = core.handle(ButtonPress(actor("Sam"), action, "424242"), NOW)
        assert "no longer exists" in text(reply)


def test_private_members_count_in_the_post(core: Core) -> None:
    post = add_fair(core)
    core.handle(slash("rebound", "privacy private", "Kim"), NOW)
    (rebuilt, _dm) = core.handle(press(button(post, "Going"), "Kim"), NOW)
    assert "Going: 1" in text(rebuilt) and "Kim" not in text(rebuilt)
