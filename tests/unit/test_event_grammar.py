"""`/event`'s grammar (`bot.events.grammar`): add, list and cancel, the link and the place, the
refusals, and everything else still an event the member went to."""

from __future__ import annotations

import pytest

from bot.commands.registry import REGISTRY, parse
from bot.commands.requests import LogEvent, Problem
from bot.events.grammar import AddEvent, CancelEvent, ListEvents


def test_add_with_a_link_and_the_place_after_it() -> None:
    assert parse("event", "add Tech fair at next Thursday 6pm https://x.example Hall 3") == (
        AddEvent((("Tech fair", "next Thursday 6pm"),), "https://x.example", "Hall 3")
    )


def test_add_with_where_and_no_link() -> None:
    assert parse("event", "ADD Tech fair at Dec 3 6pm where: City Hall, room 3") == AddEvent(
        (("Tech fair", "Dec 3 6pm"),), "", "City Hall, room 3"
    )


def test_a_title_that_says_at_offers_every_split_leftmost_first() -> None:
    request = parse("event", "add Meetup at Initech at Friday 6pm")
    assert request == AddEvent(
        (("Meetup", "Initech at Friday 6pm"), ("Meetup at Initech", "Friday 6pm"))
    )


def test_nothing_typed_is_lost_between_link_and_where() -> None:
    request = parse("event", "add Fair at 6pm http://fair.example north entrance where: Hall 3")
    assert request == AddEvent((("Fair", "6pm"),), "http://fair.example", "north entrance Hall 3")


def test_list_and_cancel() -> None:
    assert parse("event", "list") == ListEvents()
    assert parse("event", "cancel 12") == CancelEvent(12, "12")
    assert parse("event", "cancel #7") == CancelEvent(7, "7")
    assert parse("event", "cancel 99999999999") == CancelEvent(0, "99999999999")


@pytest.mark.parametrize(
    "typed",
    [
        "city job fair",
        "list of companies at the fair",
        "addressing recruiters at the meetup",
        "Cancelled plans, went to a meetup instead",
    ],
)
def test_anything_else_is_still_an_event_gone_to(typed: str) -> None:
    assert parse("event", typed) == LogEvent(typed)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "usage_event"),
        ("add", "usage_event_add"),
        ("add Tech fair next Thursday", "usage_event_add"),
        ("add at 6pm", "usage_event_add"),
        ("cancel", "usage_event_cancel"),
        ("cancel the fair", "usage_event_cancel"),
        ("cancel ²", "usage_event_cancel"),
    ],
)
def test_usage_for_what_cannot_be_read(typed: str, problem: str) -> None:
    assert parse("event", typed) == Problem(problem)


@pytest.mark.parametrize(
    "link",
    [
        "ftp://files.example/x",
        "javascript:alert(1)",
        "www.fair.example",
        "https://",
        "mailto:a@b.example",
    ],
)
def test_a_link_that_is_not_a_web_address_is_refused_by_name(link: str) -> None:
    request = parse("event", f"add Tech fair at next Thursday 6pm {link} Hall 3")
    assert request == Problem("event_link_scheme", (("url", link),))


def test_limits() -> None:
    title = "T" * 151
    assert parse("event", f"add {title} at Dec 3 6pm") == Problem(
        "too_long", (("what", "event title"), ("limit", "150"))
    )
    assert isinstance(parse("event", f"add {'T' * 150} at Dec 3 6pm"), AddEvent)
    assert parse("event", f"add Fair at 6pm where: {'p' * 201}") == Problem(
        "too_long", (("what", "place"), ("limit", "200"))
    )
    assert parse("event", f"add Fair at 6pm https://x.example/{'a' * 1000}") == Problem(
        "too_long", (("what", "link"), ("limit", "1000"))
    )


def test_discords_fields_compose_into_the_same_grammar() -> None:
    (event,) = [command for command in REGISTRY.commands if command.name == "event"]
    typed = event.compose(
        {
            "what": "add",
            "title": "Tech fair",
            "when": "next Thursday 6pm",
            "link": "https://x.example",
            "where": "Hall 3",
        }
    )
    assert event.parse(typed) == AddEvent(
        (("Tech fair", "next Thursday 6pm"),), "https://x.example", "Hall 3"
    )
    assert event.parse(event.compose({"what": "city job fair"})) == LogEvent("city job fair")
