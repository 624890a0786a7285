"""Rebound on Discord through the real discord.py client against the fake Discord (REST and
gateway, reached through DISCORD_API_URL and DISCORD_GATEWAY_URL): a command answered
privately, a nudge DM from a due pass, its button pressed after a restart, a closed DM."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.discord.runtime import DiscordRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState
from bot.values import Actor
from tests.adapters.fake_discord import (
    CHANNEL_ID,
    GUILD_ID,
    TOKEN,
    FakeDiscord,
    option,
    subcommand,
)

DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MEMBER = "1300000000000000042"
ALEX = Actor("discord", GUILD_ID, MEMBER, "Alex", CHANNEL_ID, "job-hunt")
GUILDS_INTENT = 1 << 0
PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content


async def eventually(condition: Callable[[], object], seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def started(fake: FakeDiscord, uow: UnitOfWork) -> DiscordRuntime:
    """A fresh runtime, as a new process would make it from its settings."""
    runtime = DiscordRuntime(
        TOKEN,
        Core(uow, "Europe/Berlin"),
        SimulatedClock(DUE, frozen=True),
        api_url=fake.api_url,
        gateway_url=fake.gateway_url,
    )
    await runtime.start()
    return runtime


def seed(uow: UnitOfWork) -> FollowUp:
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        member = repo.ensure_member(ALEX, logged)
        for group in repo.groups():  # DMs only in these tests
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
        rejection = repo.add_rejection(member.id, "Acme", "", "", logged)
        return repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged)


def answers(fake: FakeDiscord) -> list[dict[str, Any]]:
    """The bot's follow-up answers to interactions (after a deferral), in order."""
    return [f for i in fake.interactions.values() for f in i.followups]


def current(uow: UnitOfWork, followup_id: int) -> FollowUp:
    with uow() as repo:
        found = repo.get_followup(followup_id)
    assert found is not None
    return found


async def test_rejected_is_answered_privately_and_pings_no_one(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    runtime = await started(fake, uow)
    try:
        company = option("company", "Acme @everyone <@&123>")
        await fake.dispatch_interaction(
            fake.slash_command(fake.in_guild(MEMBER), "rejected", [company])
        )
        await eventually(lambda: fake.callbacks())
        [answer] = fake.callbacks()
        assert answer["type"] == 4
        assert answer["data"]["flags"] == 64
        assert answer["data"]["allowed_mentions"] == {"parse": []}
        with uow() as repo:
            member = repo.find_member(replace(ALEX, channel_id=CHANNEL_ID))
        assert member is not None  # the rejection was recorded for this member
        [identify] = fake.identifies
        assert identify["intents"] & GUILDS_INTENT
        assert not identify["intents"] & PRIVILEGED
    finally:
        await runtime.stop()


async def test_a_nudge_button_works_on_a_fresh_runtime_after_a_restart(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    followup = seed(uow)
    first = await started(fake, uow)
    try:
        await run_due_pass(DueWork(uow, "Europe/Berlin"), {"discord": first.messenger}, DUE)
    finally:
        await first.stop()
    [nudge] = fake.dms(MEMBER)
    assert nudge["allowed_mentions"] == {"parse": []}
    assert current(uow, followup.id).state is FollowUpState.SENT
    done = next(
        b
        for row in nudge["components"]
        for b in row["components"]
        if b["custom_id"].startswith("followup.done:")
    )

    second = await started(fake, uow)  # a new process: nothing remembered of the first
    try:
        press = fake.component(fake.in_dm(MEMBER), nudge, done["custom_id"])
        await fake.dispatch_interaction(press)
        await eventually(lambda: current(uow, followup.id).state is FollowUpState.DONE)
        await eventually(lambda: fake.callbacks())
    finally:
        await second.stop()


async def test_a_closed_dm_marks_the_member_unreachable_and_the_nudge_unsent(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    followup = seed(uow)
    fake.refuse_dms(MEMBER)
    runtime = await started(fake, uow)
    try:
        await run_due_pass(DueWork(uow, "Europe/Berlin"), {"discord": runtime.messenger}, DUE)
    finally:
        await runtime.stop()
    assert fake.dms(MEMBER) == []
    assert current(uow, followup.id).state is not FollowUpState.SENT
    with uow() as repo:
        member = repo.get_member(followup.member_id)
    assert member is not None and not member.dm_open


async def test_a_bad_token_is_a_plain_start_failure(fake: FakeDiscord, uow: UnitOfWork) -> None:
    from bot.platform import StartFailure

    runtime = DiscordRuntime(
        "not-the-token",
        Core(uow, "Europe/Berlin"),
        SimulatedClock(DUE, frozen=True),
        api_url=fake.api_url,
        gateway_url=fake.gateway_url,
    )
    try:
        with pytest.raises(StartFailure, match="DISCORD_TOKEN") as failed:
            await runtime.start()
        assert "not-the-token" not in str(failed.value)
    finally:
        await runtime.stop()


async def test_the_draft_editor_opens_as_a_modal_and_its_submission_is_saved(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    followup = seed(uow)
    runtime = await started(fake, uow)
    try:
        await run_due_pass(DueWork(uow, "Europe/Berlin"), {"discord": runtime.messenger}, DUE)
        [nudge] = fake.dms(MEMBER)
        edit = next(
            b
            for row in nudge["components"]
            for b in row["components"]
            if b["custom_id"].startswith("followup.edit:")
        )
        where = fake.in_dm(MEMBER)
        await fake.dispatch_interaction(fake.component(where, nudge, edit["custom_id"]))
        await eventually(lambda: fake.callbacks())
        [opened] = fake.callbacks()
        assert opened["type"] == 9
        values = {"subject": "Thank you", "body": "Thanks for your time, @everyone"}
        await fake.dispatch_interaction(fake.modal_submit(where, opened["data"], values))
        await eventually(lambda: current(uow, followup.id).state is FollowUpState.DONE)
        saved = current(uow, followup.id)
        assert (saved.sent_subject, saved.sent_body) == (values["subject"], values["body"])
        await eventually(lambda: len(fake.callbacks()) == 2)
        assert fake.callbacks()[1]["data"]["allowed_mentions"] == {"parse": []}
    finally:
        await runtime.stop()


async def test_an_export_arrives_as_a_file_in_the_dm_and_the_command_is_answered(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    """Even when opening the DM is slow: the command is acknowledged in Discord's 3 seconds."""
    seed(uow)
    fake.answer_within = 3.0
    fake.delay_next("open_dm", 3.5)
    runtime = await started(fake, uow)
    try:
        where = fake.in_guild(MEMBER)
        await fake.dispatch_interaction(
            fake.slash_command(where, "rebound", [subcommand("export")])
        )
        await eventually(lambda: answers(fake))
        uploads = [call for call in fake.calls_to("send_message") if call.files]
        [(_field, filename, data)] = uploads[0].files
        assert filename.endswith(".json") and b"Acme" in data
        [acknowledged] = fake.callbacks()
        assert acknowledged["type"] == 5 and acknowledged["data"]["flags"] == 64
        [answer] = answers(fake)  # told where it went, privately
        assert "sent it to your DMs" in answer["content"] and answer["flags"] & 64
        assert fake.messages(CHANNEL_ID) == []  # nothing of it in the group's channel
    finally:
        await runtime.stop()
