"""A member who asks to be forgotten while their mid-week goal nudge is claimed does not get it
(found by a break-it session: the DM went out with the forgotten member's goal progress)."""

from __future__ import annotations

from datetime import timedelta

from bot.core import Core
from bot.delivery.due import Deliverer, DueWork
from bot.ports import Delivery, UnitOfWork
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, slash
from tests.unit.test_goals import MONDAY, THURSDAY_TEN


class ForgetsTheOtherOnFirstDm(RecordingMessenger):
    """While the first goal DM goes out, the other member confirms `/rebound forget`."""

    def __init__(self, uow: UnitOfWork, ids: dict[str, int]) -> None:
        super().__init__()
        self.uow, self.ids = uow, ids
        self.forgotten = ""

    async def send(self, message: Outbound) -> Delivery:
        if not self.forgotten and message.destination.kind is DestinationKind.DM:
            other = "sam" if message.destination.user_id == "alex" else "alex"
            with self.uow() as repo:
                repo.delete_member_data(self.ids[other])
            self.forgotten = other
        return await super().send(message)


async def test_a_goal_nudge_claimed_before_its_member_was_forgotten_is_not_sent(
    uow: UnitOfWork,
) -> None:
    core = Core(uow, "Europe/Berlin")
    core.handle(slash("rebound", "goal networking 3", who="Alex"), MONDAY)
    core.handle(slash("rebound", "goal networking 3", who="Sam"), MONDAY)
    with uow() as repo:
        ids = {m.user_id: m.id for g in repo.groups() for m in repo.group_members(g.id)}
    platform = ForgetsTheOtherOnFirstDm(uow, ids)
    deliverer = Deliverer(DueWork(uow, "Europe/Berlin"), platform.route)
    now = MONDAY
    while now <= THURSDAY_TEN + timedelta(hours=1):
        await deliverer.run(lambda: now)  # noqa: B023 (run before `now` moves on)
        now += timedelta(hours=1)
    dms = [m.destination.user_id for m in platform.sent if m.destination.kind is DestinationKind.DM]
    assert platform.forgotten and dms == [{"alex": "sam", "sam": "alex"}[platform.forgotten]]
