"""The words fit a person just turned down: each nudge opens with a natural sentence for its kind,
greets by name only when there is a real one, and nothing claims what Rebound does not do."""

from __future__ import annotations

import re

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.messages import encouragement, events, momentum_replies, replies, rhythm
from bot.ports import UnitOfWork
from bot.values import Actions, DestinationKind, Outbound
from tests.helpers import RecordingMessenger, at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")
DUE_DAYS = (2, 7, 23)  # thank-you, feedback (Sat 5 Dec moves to Mon 7) and keep-in-touch, 10:00
WITH_ROLE = [
    "Hi Sam! Time to thank Stark Industries for considering you for the Data Analyst role, and "
    "to say you're still interested.",
    "Hi Sam! Time to ask Stark Industries for feedback on your application for the Data Analyst "
    "role: what could you do better next time?",
    "Hi Sam! Time to ask Stark Industries to keep you in mind for future roles, like the Data "
    "Analyst role.",
]
WITHOUT_ROLE = [
    "Hi! Time to thank Wayne Enterprises for considering you, and to say you're still interested.",
    "Hi! Time to ask Wayne Enterprises for feedback on your application: what could you do better "
    "next time?",
    "Hi! Time to ask Wayne Enterprises to keep you in mind for future roles.",
]
AWKWARD = re.compile(
    r"Hi you\b|Hi !|your future consideration|future consideration to|consideration to \w"
    r"|records|still in motion|group knows",
    re.IGNORECASE,
)


async def nudges_for(uow: UnitOfWork) -> dict[str, list[Outbound]]:
    work, messenger = DueWork(uow, "UTC"), RecordingMessenger()
    delivered: dict[str, list[Outbound]] = {}
    for day in DUE_DAYS:
        for message in await run_due_pass(work, messenger.route, at(f"2026-12-{day:02d}T10:00Z")):
            if message.destination.kind is DestinationKind.DM:
                delivered.setdefault(message.destination.user_id, []).append(message)
    return delivered


def first_line(message: Outbound) -> str:
    return text(message).splitlines()[0].strip()


async def test_each_kind_of_nudge_opens_with_a_natural_sentence(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(slash("rejected", "Stark Industries role: Data Analyst", who="Sam"), NOON)
    core.handle(slash("rejected", "Wayne Enterprises", who="you"), NOON)
    delivered = await nudges_for(uow)
    assert [first_line(m) for m in delivered["sam"]] == WITH_ROLE
    assert [first_line(m) for m in delivered["you"]] == WITHOUT_ROLE, "no 'Hi you!'"
    for message in delivered["sam"] + delivered["you"]:
        assert not AWKWARD.search(text(message)), text(message)


async def test_a_catch_up_names_each_step_naturally(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Stark Industries role: Data Analyst", who="you"), NOON)
    core.handle(slash("rejected", "Wayne Enterprises", who="you"), NOON)
    (together, *_rest) = (await nudges_for(uow))["you"]
    shown = text(together)
    assert "Hi! 2 follow-ups are due now" in shown
    assert (
        "Stark Industries (Data Analyst): time to thank them and say you're still interested."
        in shown
    )
    assert "Wayne Enterprises: time to thank them and say you're still interested." in shown
    assert not AWKWARD.search(shown), shown


def test_buttons_name_the_email_as_a_person_would(core: Core) -> None:
    (logged,) = core.handle(slash("rejected", "Stark Industries"), NOON)
    (draft,) = core.handle(press(button(logged, "See the first draft now")), NOON)
    assert "Here's the draft of your thank-you note to Stark Industries" in text(draft)
    (listing,) = core.handle(slash("followups"), NOON)
    rows = [block.buttons for block in listing.blocks if isinstance(block, Actions)]
    thank_you, feedback, future = ({b.label: b for b in row} for row in rows)
    said = [
        text(core.handle(press(row[label]), NOON)[0])
        for row, label in (
            (thank_you, "I sent it"),
            (feedback, "Snooze 1 day"),
            (future, "Skip"),
        )
    ]
    # The snooze planned a new nudge, so its buttons come from a fresh listing.
    (again,) = core.handle(slash("followups"), NOON)
    fresh = [block.buttons for block in again.blocks if isinstance(block, Actions)]
    snoozed = next(row for row in fresh if any(b.label == "I sent it" for b in row))
    said.append(text(core.handle(press({b.label: b for b in snoozed}["I sent it"]), NOON)[0]))
    assert "your thank-you note to Stark Industries is marked as sent" in said[0]
    assert "I'll remind you about the feedback request to Stark Industries" in said[1]
    assert "Skipped the keep-in-touch note to Stark Industries" in said[2]
    assert "your feedback request to Stark Industries is marked as sent" in said[3]
    for shown in said:
        assert not AWKWARD.search(shown), shown


def every_text() -> list[str]:
    texts = [*replies.PROBLEMS.values(), *encouragement.ENCOURAGEMENTS]
    for module in (replies, rhythm, events, momentum_replies):
        for value in vars(module).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, dict):
                texts += [v for v in value.values() if isinstance(v, str)]
            elif isinstance(value, tuple):
                texts += [v for v in value if isinstance(v, str)]
    return texts


def test_no_message_is_mechanical_or_claims_what_is_not_so() -> None:
    for words in every_text():
        assert not AWKWARD.search(words), words
    for words in encouragement.ENCOURAGEMENTS:
        assert "interview" not in words, "a no can come at any stage"
        assert len(words) <= 200, "short enough for a phone"


def test_forgetting_is_said_in_words(core: Core) -> None:
    (question,) = core.handle(slash("rebound", "forget"), NOON)
    (done,) = core.handle(press(button(question, "Yes, delete everything")), NOON)
    assert "Everything Rebound stored about you is deleted" in text(done)
    assert not re.search(r"\d", text(done)), "no record counts"
