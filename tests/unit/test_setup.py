"""`/rebound setup` (issue 10 item 7): an organiser makes a channel the group's channel; members
of the workspace, now and later, belong to it, and only it gets the group's posts. Anyone else
is refused politely and nothing changes. On the fake and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.messages import setup as words
from bot.ports import Delivery, UnitOfWork
from bot.values import Actor, DestinationKind, Outbound, SlashCommand
from tests.helpers import RecordingMessenger, actor, text

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 26, 18, 0, tzinfo=BERLIN)  # a Thursday


def organiser(channel: str, name: str = "Olga") -> Actor:
    return replace(actor(name, channel), can_manage=True)


def run(core: Core, who: Actor, name: str, text_: str = "", at: datetime = START) -> list[Outbound]:
    return core.handle(SlashCommand(who, name, text_), at)


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


def homes(uow: UnitOfWork) -> dict[str, str]:
    with uow() as repo:
        return {
            m.display_name: m.home_channel_id
            for m in (repo.find_member(actor(n)) for n in ("Alex", "Sam", "Olga", "Kim"))
            if m is not None
        }


async def posted_channels(uow: UnitOfWork, at: datetime) -> list[str]:
    """The channels the group's weekly posts went to in a pass at `at`."""
    messenger = RecordingMessenger()
    await run_due_pass(DueWork(uow, "Europe/Berlin"), messenger.route, at)
    return sorted(
        m.destination.channel_id
        for m in messenger.sent
        if m.destination.kind is DestinationKind.CHANNEL
    )


def test_a_member_who_cannot_manage_is_refused_and_nothing_changes(
    core: Core, uow: UnitOfWork
) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    (reply,) = run(core, actor("Sam", "jobs"), "rebound", "setup")
    assert reply.destination.kind is DestinationKind.EPHEMERAL
    assert text(reply) == words.REFUSED.replace("**", "")
    assert homes(uow) == {"Alex": "general"}, "someone refused is not stored"
    with uow() as repo:  # and their channel is no group: no weekly posts start there
        assert [g.channel_id for g in repo.groups()] == ["general"]


async def test_setup_moves_every_member_and_every_post_to_the_chosen_channel(
    core: Core, uow: UnitOfWork
) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    run(core, actor("Sam", "random"), "applied", "Initech")
    reply, done = run(core, organiser("jobs"), "rebound", "setup")
    assert reply.destination.kind is DestinationKind.CHANNEL  # the group sees it
    assert done.destination.kind is DestinationKind.EPHEMERAL
    assert "the group's posts now go to this channel" in text(done)
    assert reply.destination.channel_id == "jobs"
    said = text(reply)
    assert "is now the group's channel" in said
    assert "weekly momentum summary, next on Mon 30 Nov 2026, 09:00" in said
    assert "networking prompt, next on Wed 2 Dec 2026, 12:00" in said
    assert "2 members who first used Rebound in other channels now count" in said
    # Someone new, wherever they first write, belongs to the chosen channel too.
    run(core, actor("Kim", "general"), "networked", "coffee with a recruiter")
    assert homes(uow) == {"Alex": "jobs", "Sam": "jobs", "Olga": "jobs", "Kim": "jobs"}
    # Monday's summary goes to the chosen channel only, not to #general or #random.
    assert await posted_channels(uow, datetime(2026, 11, 30, 9, 5, tzinfo=BERLIN)) == ["jobs"]


async def test_until_setup_every_channel_used_is_a_group_with_its_own_posts(
    core: Core, uow: UnitOfWork
) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    run(core, actor("Sam", "random"), "applied", "Initech")
    monday = datetime(2026, 11, 30, 9, 5, tzinfo=BERLIN)
    assert await posted_channels(uow, monday) == ["general", "random"]


async def test_setup_again_elsewhere_moves_the_group_there(core: Core, uow: UnitOfWork) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    run(core, organiser("jobs"), "rebound", "setup")
    reply, _done = run(
        core, organiser("careers"), "rebound", "setup", at=START + timedelta(hours=1)
    )
    assert reply.destination.channel_id == "careers"
    assert "2 members who first used Rebound in other channels" in text(reply)
    assert homes(uow) == {"Alex": "careers", "Olga": "careers"}
    monday = datetime(2026, 11, 30, 9, 5, tzinfo=BERLIN)
    assert await posted_channels(uow, monday) == ["careers"]


def test_setup_where_everyone_already_is_moves_no_one(core: Core, uow: UnitOfWork) -> None:
    run(core, organiser("general"), "rejected", "Acme")
    reply, _done = run(core, organiser("general"), "rebound", "setup")
    assert "now count" not in text(reply)
    assert "now counts" not in text(reply)


def test_setup_in_a_direct_message_asks_for_the_group_channel(core: Core, uow: UnitOfWork) -> None:
    (reply,) = run(core, organiser(""), "rebound", "setup")
    assert reply.destination.kind is DestinationKind.EPHEMERAL
    assert "in the channel your group uses" in text(reply)
    with uow() as repo:
        assert repo.groups() == []


def test_setup_in_another_workspace_leaves_this_one_alone(core: Core, uow: UnitOfWork) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    elsewhere = replace(organiser("jobs"), workspace_id="T2")
    run(core, elsewhere, "rebound", "setup")
    assert homes(uow)["Alex"] == "general"
    with uow() as repo:
        (group,) = [g for g in repo.groups() if g.workspace_id == "T1"]
    assert group.is_group_channel


def test_setup_is_in_help(core: Core) -> None:
    (reply,) = run(core, actor("Alex", "general"), "rebound", "help")
    assert "/rebound setup" in text(reply)


def test_momentum_in_a_channel_the_group_moved_away_from_shows_the_groups_week(
    core: Core,
) -> None:
    run(core, actor("Alex", "general"), "applied", "Acme")
    run(core, organiser("jobs"), "rebound", "setup")
    (reply,) = run(core, actor("Alex", "general"), "momentum", "group")
    assert "Applications: 1" in text(reply)


async def test_a_post_planned_for_a_channel_before_setup_moved_the_group_is_not_posted_there(
    core: Core, uow: UnitOfWork
) -> None:
    run(core, actor("Alex", "general"), "rejected", "Acme")
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    DueWork(uow, "Europe/Berlin").materialize(monday, {"console"})  # #general's summary is due
    run(core, organiser("jobs"), "rebound", "setup", at=monday)
    assert await posted_channels(uow, monday + timedelta(minutes=5)) == ["jobs"]


class SetupWhileSending(RecordingMessenger):
    """A platform during whose first channel post an organiser runs `/rebound setup` in
    #jobs: the pass has already built the other channels' posts."""

    def __init__(self, core: Core, at: datetime) -> None:
        super().__init__()
        self.core, self.at, self.done = core, at, False

    async def send(self, message: Outbound) -> Delivery:
        if message.destination.kind is DestinationKind.CHANNEL and not self.done:
            self.done = True
            run(self.core, organiser("jobs"), "rebound", "setup", at=self.at)
        return await super().send(message)


async def test_a_post_built_before_setup_moved_the_group_is_not_sent_to_the_old_channel(
    core: Core, uow: UnitOfWork
) -> None:
    for who, channel in (("Alex", "general"), ("Sam", "random"), ("Kim", "jobs")):
        run(core, actor(who, channel), "applied", "Acme")
    monday = datetime(2026, 11, 30, 9, 5, tzinfo=BERLIN)
    platform = SetupWhileSending(core, monday)
    work = DueWork(uow, "Europe/Berlin")
    await run_due_pass(work, platform.route, monday)
    await run_due_pass(work, platform.route, monday + timedelta(minutes=5))
    posted = [m.destination.channel_id for m in platform.sent]
    assert posted.count("random") == 0, "built before setup, sent after it"
    assert posted.count("jobs") == 1
