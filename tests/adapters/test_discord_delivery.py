"""Delivery on Discord end to end (the real discord.py client, the fake Discord, the due
pass): a nudge Discord kept before answering 500 goes out once and is found, not sent again;
twenty DMs through mixed faults arrive exactly once; an export to closed DMs is answered
honestly."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUpKind, FollowUpState
from bot.values import Actor
from tests.adapters.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord, subcommand
from tests.adapters.test_discord_runtime import (
    DUE,
    MEMBER,
    answers,
    current,
    eventually,
    seed,
    started,
)


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


async def test_twenty_dms_through_mixed_discord_faults_arrive_exactly_once(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    members = [f"13000000000000001{n:02d}" for n in range(20)]
    logged = DUE - timedelta(days=2)
    followups = []
    with uow() as repo:
        for n, user_id in enumerate(members):
            actor = Actor("discord", GUILD_ID, user_id, f"Member {n}", CHANNEL_ID, "job-hunt")
            member = repo.ensure_member(actor, logged)
            rejection = repo.add_rejection(member.id, f"Company {n}", "", "", logged)
            kind = FollowUpKind.THANK_YOU
            followups.append(repo.add_followup(rejection.id, member.id, kind, DUE, logged).id)
        for group in repo.groups():  # DMs only
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
    fake.fail_next("send_message", status=500, times=3)  # refused before keeping anything
    fake.accept_then_fail("send_message", times=4)  # kept, then 500
    fake.fail_next("send_message", status=429, after=5, times=2)  # waited out by discord.py
    fake.fail_next("open_dm", status=503, times=2)  # the DM could not be opened
    runtime = await started(fake, uow)
    work = DueWork(uow, "Europe/Berlin")
    try:
        for n in range(6):  # each pass after the last one's retry delays
            await run_due_pass(
                work, {"discord": runtime.messenger}, DUE + timedelta(minutes=20 * n)
            )
    finally:
        await runtime.stop()
    assert [len(fake.dms(user_id)) for user_id in members] == [1] * 20
    assert {current(uow, followup).state for followup in followups} == {FollowUpState.SENT}
