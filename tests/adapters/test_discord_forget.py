"""`/rebound forget` on Discord: the member's rows go, and so does every message the bot left
in their DM (nudges, notes, exports: any may name a company), read page by page from Discord's
history, also those no stored reference points to; the member's own messages stay."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from storage import models
from tests.adapters.fake_discord import FakeDiscord, subcommand
from tests.adapters.fake_discord.objects import JSON
from tests.adapters.test_discord_runtime import DUE, MEMBER, eventually, seed, started

YES = "Yes, delete everything"


def button(message: JSON, label: str) -> str:
    return next(
        str(b["custom_id"])
        for row in message["components"]
        for b in row["components"]
        if b.get("label") == label
    )


async def forget(fake: FakeDiscord) -> None:
    """The member asks, then presses the confirmation (both in the guild channel)."""
    ask = fake.slash_command(fake.in_guild(MEMBER), "rebound", [subcommand("forget")])
    await fake.dispatch_interaction(ask)
    await eventually(lambda: fake.interactions[ask["id"]].original is not None)
    asked = fake.interactions[ask["id"]].original
    assert asked is not None
    press = fake.component(fake.in_guild(MEMBER), asked, button(asked, YES))
    await fake.dispatch_interaction(press)
    await eventually(lambda: fake.interactions[press["id"]].callbacks)


async def test_forget_deletes_every_bot_message_in_the_dm_and_keeps_the_members_own(
    fake: FakeDiscord, uow: UnitOfWork, engine: Engine
) -> None:
    seed(uow)
    runtime = await started(fake, uow)
    try:
        await run_due_pass(DueWork(uow, "Europe/Berlin"), {"discord": runtime.messenger}, DUE)
        [nudge] = fake.dms(MEMBER)
        assert "Acme" in str(nudge)
        own = fake.written_in_dm(MEMBER, "thanks!")
        fake.written_in_dm(MEMBER, "Your export, Acme ...", by_bot=True)  # no stored reference
        await forget(fake)
        await eventually(lambda: len(fake.dms(MEMBER)) == 1)
        assert fake.dms(MEMBER) == [own], "only what the member wrote is left"
        with engine.connect() as db:
            assert db.scalar(select(func.count()).select_from(models.MemberRow)) == 0
    finally:
        await runtime.stop()


async def test_forget_reads_every_page_of_the_dm(fake: FakeDiscord, uow: UnitOfWork) -> None:
    """Discord gives at most 100 messages a page: 250 of ours take three pages."""
    seed(uow)
    for n in range(250):
        fake.written_in_dm(MEMBER, f"nudge {n}", by_bot=True)
    fake.written_in_dm(MEMBER, "mine")
    runtime = await started(fake, uow)
    try:
        await forget(fake)
        await eventually(lambda: [m["content"] for m in fake.dms(MEMBER)] == ["mine"])
        assert len(fake.calls_to("get_messages")) == 3
    finally:
        await runtime.stop()


async def test_a_page_that_cannot_be_read_does_not_cost_what_earlier_pages_found(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    seed(uow)
    for n in range(250):
        fake.written_in_dm(MEMBER, f"nudge {n}", by_bot=True)
    fake.fail_next("get_messages", status=503, after=1)  # the second page
    runtime = await started(fake, uow)
    try:
        await forget(fake)
        await eventually(lambda: len(fake.dms(MEMBER)) == 150)
        left = [m["content"] for m in fake.dms(MEMBER)]
        assert left == [f"nudge {n}" for n in range(150)], "the newest page still went"
    finally:
        await runtime.stop()
