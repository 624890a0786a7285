"""A process plans only the group posts of the platforms it delivers to: a console or a
`rebound tick` run in another timezone on a shared database must not plan a Slack group's
weekly summary at its own wall-clock time."""

from __future__ import annotations

from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.values import Actor, DestinationKind
from tests.helpers import RecordingMessenger
from tests.unit.test_delivery import berlin


async def test_a_tick_in_another_zone_does_not_move_a_slack_groups_summary(
    uow: UnitOfWork,
) -> None:
    with uow() as repo:  # a Slack group (summary on Mondays at 09:00, the Slack process's zone)
        repo.ensure_member(
            Actor("slack", "T1", "U1", "Sam", "C1", "job-hunt"), berlin("2026-12-06T12:00")
        )
    slack = RecordingMessenger()
    console = RecordingMessenger()
    # Sunday 22:00 in Berlin is already Monday 10:00 in Auckland, where the tick runs.
    await run_due_pass(
        DueWork(uow, "Pacific/Auckland"), {"console": console}, berlin("2026-12-06T22:00")
    )
    berlin_work = DueWork(uow, "Europe/Berlin")
    early = await run_due_pass(berlin_work, {"slack": slack}, berlin("2026-12-06T22:01"))
    assert early == [], "Sunday night is not Monday 09:00 in Berlin"
    monday = await run_due_pass(berlin_work, {"slack": slack}, berlin("2026-12-07T09:00"))
    posts = [m for m in monday if m.destination.kind is DestinationKind.CHANNEL]
    assert len(posts) == 1 and posts[0].due_at is not None
    assert posts[0].due_at.at == berlin("2026-12-07T09:00")
