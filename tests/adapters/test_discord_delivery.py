"""Delivery on Discord end to end (the real discord.py client, the fake Discord, the due
pass): a nudge Discord kept before answering 500 goes out once and is found, not sent again;
an export to closed DMs is answered honestly."""

from __future__ import annotations

from datetime import timedelta

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUpState
from tests.adapters.fake_discord import FakeDiscord, subcommand
from tests.adapters.test_discord_runtime import (
    DUE,
    MEMBER,
    answers,
    current,
    eventually,
    fake,
    seed,
    started,
)

__all__ = ["fake"]  # the fixture


async def test_a_nudge_kept_before_a_500_is_sent_once_and_found_by_the_next_pass(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    followup = seed(uow)
    fake.accept_then_fail("send_message")  # Discord stores the DM, then answers 500
    runtime = await started(fake, uow)
    work = DueWork(uow, "Europe/Berlin")
    try:
        await run_due_pass(work, {"discord": runtime.messenger}, DUE)
        [kept] = fake.dms(MEMBER)
        assert current(uow, followup.id).state is not FollowUpState.SENT  # unclear: look first

        await run_due_pass(work, {"discord": runtime.messenger}, DUE + timedelta(hours=2))
    finally:
        await runtime.stop()
    assert fake.dms(MEMBER) == [kept], "found in the DM's history, not sent again"
    assert len(fake.calls_to("send_message")) == 1
    saved = current(uow, followup.id)
    assert saved.state is FollowUpState.SENT
    assert saved.message_ref == f"{fake.dm_channel_id(MEMBER)}:{kept['id']}"


async def test_an_export_to_closed_dms_says_so(fake: FakeDiscord, uow: UnitOfWork) -> None:
    seed(uow)
    fake.refuse_dms(MEMBER)
    runtime = await started(fake, uow)
    try:
        where = fake.in_guild(MEMBER)
        await fake.dispatch_interaction(
            fake.slash_command(where, "rebound", [subcommand("export")])
        )
        await eventually(lambda: answers(fake))
    finally:
        await runtime.stop()
    [answer] = answers(fake)
    assert "could not send that to your DMs (your DMs are closed to me)" in answer["content"]
    assert answer["flags"] & 64
    assert fake.dms(MEMBER) == []
