"""Every button the core puts on an answer or a nudge, pressed through the real discord.py
client against the fake Discord, is answered (privately, or by updating the pressed message, or
with the draft editor) and understood. Found by pressing what Rebound actually shows, so a new
button is covered once some answer carries it; the registry's button table is the checklist."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from adapters.discord.render import parse_custom_id
from bot.commands import account, undo
from bot.commands.registry import REGISTRY
from bot.delivery import nudges
from bot.delivery.due import DueWork, run_due_pass
from bot.event_records import RsvpChoice
from bot.events.reminders import LENGTH, plan_member_reminders
from bot.momentum import reply_check
from bot.ports import UnitOfWork
from bot.records import OPEN_STATES, FollowUpKind, FollowUpState
from bot.values import Actor
from tests.adapters.discord_session import (
    JSON,
    MEMBER,
    NOW,
    Outcome,
    buttons_of,
    discord_rebound,
    interact,
    problems_in,
    sqlite_only,
)
from tests.adapters.fake_discord import CHANNEL_ID, FakeDiscord, option, subcommand
from tests.adapters.fake_discord.server import GUILD_ID
from tests.adapters.test_discord_every_command import SAMPLES, options_of

database_url = pytest.fixture(sqlite_only)

LAST = (undo.CONFIRM, account.FORGET_CONFIRM)
"""Pressed after everything else, in this order: they delete what other buttons act on."""
PASSES = 30
ANSWERED = {4: "a message", 5: "thinking…", 6: "nothing new", 7: "the message updated", 9: "a form"}


def shown(fake: FakeDiscord) -> Iterator[JSON]:
    """Every message of the bot's the member can see, each once: answers, follow-ups, posts
    in the channel and DMs, as they are now (later edits applied)."""
    seen: set[str] = set()
    for known in fake.interactions.values():
        for message in ([known.original] if known.original else []) + known.followups:
            if message["id"] not in seen:
                seen.add(message["id"])
                yield message
    for message in fake.messages(CHANNEL_ID) + fake.dms(MEMBER):
        if message["id"] not in seen:
            seen.add(message["id"])
            yield message


def next_press(fake: FakeDiscord, pressed: dict[str, Outcome], used: set[str]) -> Any:
    """A button of a kind not pressed yet: deleting kinds last, fresh values first."""
    waiting = []
    for message in shown(fake):
        for button in buttons_of(message):
            parsed = parse_custom_id(str(button.get("custom_id")))
            assert parsed is not None, f"a button Rebound cannot read back: {button}"
            action, _workspace, value = parsed
            if action not in pressed:
                order = LAST.index(action) + 1 if action in LAST else 0
                waiting.append(((order, value in used), message, button, action, value))
    return min(waiting, key=lambda w: w[0])[1:] if waiting else None


async def show_everything(fake: FakeDiscord, uow: UnitOfWork, runtime: Any) -> None:
    """Three rejections, then every command once, then the due passes of the next months
    (nudge DMs: thank-you, feedback, future), "did you make it?" and "did they reply?"."""
    where = fake.in_guild(MEMBER)
    for company in ("Acme", "Globex", "Initech"):
        args = [{"name": "company", "type": 3, "value": company}]
        await interact(fake, fake.slash_command(where, "rejected", args))
    for command in REGISTRY.commands:
        await interact(fake, fake.slash_command(where, command.name, options_of(command, True)))
    for command in REGISTRY.subcommands:
        sub = subcommand(command.name, options_of(command, True))
        await interact(fake, fake.slash_command(where, REGISTRY.umbrella, [sub]))
    # An event on the group calendar: its post in the channel carries the answer buttons.
    event = next(command for command in REGISTRY.commands if command.name == "event")
    added = [option("what", "add"), *options_of(event, True)[1:]]
    await interact(fake, fake.slash_command(where, "event", added))
    await deliver_due(uow, runtime)
    await went_to_an_event(uow, runtime)
    await asked_whether_they_replied(uow, runtime)


async def went_to_an_event(uow: UnitOfWork, runtime: Any) -> None:
    """An event the member said they're going to, and the pass after it ends: the "did you
    make it?" DM with its buttons."""
    start = NOW + timedelta(days=1)
    with uow() as repo:
        member = repo.find_member(Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID))
        assert member is not None
        (group,) = [g for g in repo.groups() if g.channel_id == CHANNEL_ID]
        event = repo.add_event(
            group.id, member.id, "Fair", start, start + LENGTH, "Europe/Berlin", "", "", NOW
        )
        repo.set_rsvp(event.id, member.id, RsvpChoice.GOING, NOW)
        plan_member_reminders(repo, event, member.id, NOW)
    work = DueWork(uow, "Europe/Berlin")
    await run_due_pass(work, {"discord": runtime.messenger}, start + LENGTH)


async def asked_whether_they_replied(uow: UnitOfWork, runtime: Any) -> None:
    """A follow-up marked sent (of a rejection no other message shows), and the pass a week
    later: the "did they reply?" DM with its buttons."""
    with uow() as repo:
        member = repo.find_member(Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID))
        assert member is not None
        rejection = repo.add_rejection(member.id, "Hooli", "", "", NOW)
        followup = repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, NOW, NOW)
        repo.transition_followup(followup.id, OPEN_STATES, FollowUpState.DONE, NOW)
        assert reply_check.plan(repo, member, followup.id, NOW, "Europe/Berlin")
    work = DueWork(uow, "Europe/Berlin")
    await run_due_pass(work, {"discord": runtime.messenger}, NOW + reply_check.WAIT)


async def test_every_button_kind_is_pressed_and_answered(uow: UnitOfWork) -> None:
    assert SAMPLES  # every command's options get their sample values
    pressed: dict[str, Outcome] = {}
    used: set[str] = set()
    async with discord_rebound(uow) as (fake, runtime):
        await show_everything(fake, uow, runtime)
        assert fake.dms(MEMBER), "the due pass sent nudges with buttons"
        while (found := next_press(fake, pressed, used)) is not None:
            message, button, action, value = found
            dm = message["channel_id"] == fake.dm_channel_id(MEMBER)
            where = fake.in_dm(MEMBER) if dm else fake.in_guild(MEMBER)
            outcome = await interact(fake, fake.component(where, message, button["custom_id"]))
            answer = outcome.callback
            assert answer["type"] in ANSWERED, f"{action}: answered with {answer}"
            if answer["type"] in (4, 5):
                assert answer["data"]["flags"] & 64, f"{action}: answered for all to see"
            assert all(m["flags"] & 64 for m in outcome.interaction.followups)
            told = outcome.text().strip() or answer["type"] == 9
            assert told, f"{action}: the member sees no answer"
            if value not in used:
                assert problems_in(outcome.text()) == [], f"{action}: {outcome.text()}"
            pressed[action] = outcome
            used.add(value)
    assert set(pressed) == set(REGISTRY.buttons()), "a button kind was never shown or pressed"


TERMINAL = (nudges.DONE, nudges.SKIP)
"""A nudge's buttons that close its follow-up: one of them is pressed last on each nudge."""
NUDGE_BUTTONS = {nudges.DONE, nudges.EDIT, nudges.SNOOZE_DAY, nudges.SNOOZE_WEEK, nudges.SKIP}


async def test_every_button_of_every_nudge_kind_is_pressed_in_the_dm(uow: UnitOfWork) -> None:
    async with discord_rebound(uow) as (fake, runtime):
        args = [{"name": "company", "type": 3, "value": "Acme"}]
        await interact(fake, fake.slash_command(fake.in_guild(MEMBER), "rejected", args))
        await deliver_due(uow, runtime)
        delivered = fake.dms(MEMBER)
        assert len(delivered) == len(FollowUpKind), "one nudge DM for each kind of follow-up"
        pressed: set[str] = set()
        for number, nudge in enumerate(delivered):
            kinds = [parse_custom_id(b["custom_id"]) for b in buttons_of(nudge)]
            ending = TERMINAL[number % len(TERMINAL)]
            order = [k for k in kinds if k and k[0] not in TERMINAL]
            order += [k for k in kinds if k and k[0] == ending]
            for action, _workspace, _value in order:
                custom_id = next(b["custom_id"] for b in buttons_of(nudge)
                                 if b["custom_id"].startswith(f"{action}:"))  # fmt: skip
                press = fake.component(fake.in_dm(MEMBER), nudge, custom_id)
                outcome = await interact(fake, press)
                answer = outcome.callback
                assert answer["type"] in ANSWERED, f"{action}: answered with {answer}"
                if answer["type"] in (4, 5):
                    assert answer["data"]["flags"] & 64
                assert outcome.text().strip() or answer["type"] == 9, f"{action}: no answer"
                assert problems_in(outcome.text()) == [], f"{action}: {outcome.text()}"
                pressed.add(action)
    assert pressed == NUDGE_BUTTONS


async def deliver_due(uow: UnitOfWork, runtime: Any) -> None:
    """The due passes of the next months, one whenever something falls due."""
    work, route = DueWork(uow, "Europe/Berlin"), {"discord": runtime.messenger}
    for _ in range(PASSES):
        with uow() as repo:
            due = repo.next_due_at(["discord"])
        if due is None or due > NOW + timedelta(days=180):
            return
        await run_due_pass(work, route, due)
