"""Buttons and pages a member may press or type at odd moments: a button pressed twice or on a
closed follow-up says where things stand in plain words, and any number after `list` is a page,
never a company to log (found by trying to break issue 7)."""

from __future__ import annotations

from bot.core import Core
from bot.values import Outbound
from tests.helpers import at, button, buttons, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1, [text(m) for m in messages]
    return messages[0]


def say(core: Core, command: str, args: str = "") -> str:
    return text(only(core.handle(slash(command, args), NOON)))


def test_a_followups_button_pressed_twice_never_claims_it_came_from_a_nudge(core: Core) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    listing = only(core.handle(slash("followups"), NOON))
    core.handle(press(button(listing, "Snooze 1 day")), NOON)
    again = text(only(core.handle(press(button(listing, "Snooze 1 day")), NOON)))
    assert "so I changed nothing" in again and "snoozed until" in again
    assert "nudge" not in again.partition("Here is where it stands now")[0]


def test_a_closed_requests_buttons_say_why_in_words_not_a_state_name(core: Core) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    listing = only(core.handle(slash("followups"), NOON))
    core.handle(slash("feedback", "Acme: more SQL"), NOON)
    skip_request = [b for b in buttons(listing) if b.label == "Skip"][1]  # the feedback request
    (pressed,) = core.handle(press(skip_request), NOON)
    assert "that follow-up is closed, since they already gave feedback." in text(pressed)
    (first,) = core.handle(press(button(listing, "I sent it")), NOON)
    assert "marked as sent" in text(first)
    (again,) = core.handle(press(button(listing, "I sent it")), NOON)
    assert "Already taken care of: that follow-up is marked as sent." in text(again)
    assert "is done" not in text(again) and "answered" not in text(pressed)


def test_odd_page_numbers_never_log_a_rejection_from_a_company_called_list(core: Core) -> None:
    say(core, "rejected", "Acme")
    assert "Your rejections (1, newest first)" in say(core, "rejected", "list -1")
    huge = say(core, "rejected", "list 99999999999999999999")
    assert "There's no page 99999999999999999999: your list has 1 page." in huge
    assert "Logged" not in huge
    say(core, "feedback", "Acme: more SQL")
    assert "Your saved feedback (1, newest first" in say(core, "feedback", "list -1")
    assert "There's no page 99999999999999999999" in say(core, "feedback", f"list {'9' * 20}")
    assert "Your rejections (1, newest first)" in say(core, "rejected", "list")
