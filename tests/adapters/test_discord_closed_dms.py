"""Closed DMs on Discord, through the real discord.py client against the fake Discord: the DM
fails with 403/50007, the group channel gets one content-free post that may ping only that
member, the nudge is tried once more, and the member's next command tells them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState
from tests.adapters.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.test_discord_runtime import ALEX, DUE, MEMBER, current, eventually, started


def seed(uow: UnitOfWork) -> FollowUp:
    """Alex, who used a command in #job-hunt, with a thank-you note to Acme due at DUE."""
    logged = DUE - timedelta(days=2)
    with uow() as repo:
        member = repo.ensure_member(ALEX, logged)
        for group in repo.groups():  # no weekly posts: every channel post here is the mention
            repo.save_group(replace(group, summary_schedule="", networking_schedule=""))
        rejection = repo.add_rejection(member.id, "Acme", "Data Analyst", "my note", logged)
        return repo.add_followup(rejection.id, member.id, FollowUpKind.THANK_YOU, DUE, logged)


async def test_a_closed_dm_is_retried_once_and_the_member_mentioned_once_in_their_channel(
    fake: FakeDiscord, uow: UnitOfWork
) -> None:
    followup = seed(uow)
    fake.refuse_dms(MEMBER)
    runtime = await started(fake, uow)
    try:
        work = DueWork(uow, "Europe/Berlin")
        route = {"discord": runtime.messenger}
        for hour in range(48):
            await run_due_pass(work, route, DUE + timedelta(hours=hour))
        dm = fake.dm_channel_id(MEMBER)
        tries = [c for c in fake.calls_to("send_message") if c.path == f"/channels/{dm}/messages"]
        assert len(tries) == 2, "the first try, and once more"
        assert fake.dms(MEMBER) == []
        assert current(uow, followup.id).state is FollowUpState.FAILED

        [post] = fake.messages(CHANNEL_ID)
        assert post["content"].startswith(f"<@{MEMBER}>, ")
        assert "1 follow-up waiting" in post["content"] and "`/followups`" in post["content"]
        assert post["allowed_mentions"] == {"parse": [], "users": [MEMBER]}
        shown = str(post)
        for secret in ("Acme", "Data Analyst", "my note"):
            assert secret not in shown

        await fake.dispatch_interaction(fake.slash_command(fake.in_guild(MEMBER), "followups"))
        await eventually(lambda: fake.interactions and _answers(fake))
        told = "\n".join(_answers(fake))
        assert "Your direct messages were closed to Rebound" in told
        assert "1 follow-up waiting" in told
        with uow() as repo:
            member = repo.get_member(followup.member_id)
        assert member is not None and member.dm_open
    finally:
        await runtime.stop()
    assert len(fake.messages(CHANNEL_ID)) == 1, "mentioned once, however many passes"


def _answers(fake: FakeDiscord) -> list[str]:
    """The text of every private answer (flag 64) to the interactions so far, callbacks and
    follow-ups, that tells the member their DMs were closed."""
    found = [c["data"] for c in fake.callbacks() if c.get("data")]
    for interaction in fake.interactions.values():
        found += interaction.followups
    private = [m.get("content", "") for m in found if m.get("flags", 0) & 64]
    return [text for text in private if "closed to Rebound" in text]
