"""Plans show when a nudge really arrives: business days for employer emails, quiet hours and
skipped weekends applied in the plan, kept true when settings change; `/momentum` counts what
was logged this very moment."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.values import DestinationKind, LocalTime, Outbound
from tests.helpers import RecordingMessenger, at, button, press, slash, text

BERLIN = ZoneInfo("Europe/Berlin")
NOON = at("2026-12-01T12:00:00+00:00")  # a Tuesday


def berlin(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BERLIN)


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1, [text(m) for m in messages]
    return messages[0]


async def dms_at(work: DueWork, messenger: RecordingMessenger, when: datetime) -> list[Outbound]:
    delivered = await run_due_pass(work, messenger.route, when)
    return [m for m in delivered if m.destination.kind is DestinationKind.DM]


def planned_times(reply: Outbound) -> list[datetime]:
    items = [i for b in reply.blocks for line in getattr(b, "items", ()) for i in line]
    return [i.at for i in items if isinstance(i, LocalTime)]


async def test_rejection_logged_friday_evening_plans_monday_and_arrives_then(
    uow: UnitOfWork,
) -> None:
    core, work = Core(uow, "Europe/Berlin"), DueWork(uow, "Europe/Berlin")
    reply = only(core.handle(slash("rejected", "Acme"), berlin("2026-12-04T19:00")))
    monday = berlin("2026-12-07T10:00")
    assert planned_times(reply) == [monday, berlin("2026-12-10T10:00"), berlin("2026-12-28T10:00")]
    assert "Mon 7 Dec 2026, 10:00 CET" in text(only(core.handle(slash("followups"), monday)))
    messenger = RecordingMessenger()
    assert await dms_at(work, messenger, berlin("2026-12-05T10:00")) == []
    assert await dms_at(work, messenger, berlin("2026-12-07T09:59")) == []
    (nudge,) = await dms_at(work, messenger, monday)
    assert nudge.due_at is not None and nudge.due_at.at == monday


async def test_quiet_hours_are_in_the_plan_and_the_nudge_arrives_as_planned(
    core: Core, work: DueWork
) -> None:
    core.handle(slash("rebound", "quiet 09:00-11:30"), NOON)
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    arrives = at("2026-12-02T11:30:00+00:00")
    assert planned_times(reply)[0] == arrives
    messenger = RecordingMessenger()
    assert await dms_at(work, messenger, at("2026-12-02T10:00:00+00:00")) == []
    (nudge,) = await dms_at(work, messenger, arrives)
    assert nudge.due_at is not None and nudge.due_at.at == arrives


async def test_changing_quiet_hours_later_moves_the_plan_too(core: Core, work: DueWork) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    core.handle(slash("rebound", "quiet 20:00-11:00"), NOON)
    listing = text(only(core.handle(slash("followups"), NOON)))
    assert "nudge planned for Wed 2 Dec 2026, 11:00 UTC" in listing
    messenger = RecordingMessenger()
    assert await dms_at(work, messenger, at("2026-12-02T10:00:00+00:00")) == []
    assert len(await dms_at(work, messenger, at("2026-12-02T11:00:00+00:00"))) == 1


def test_logging_at_eight_plans_ten_the_same_day_as_the_words_say(core: Core) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), at("2026-12-01T08:00:00+00:00")))
    assert planned_times(reply)[0] == at("2026-12-01T10:00:00+00:00")


def test_a_new_zone_keeps_ten_oclock_on_a_business_day(core: Core) -> None:
    core.handle(slash("rebound", "timezone Europe/Berlin"), NOON)
    core.handle(slash("rejected", "Acme"), berlin("2026-12-04T19:00"))
    core.handle(slash("rebound", "timezone America/New_York"), berlin("2026-12-04T19:05"))
    listing = text(only(core.handle(slash("followups"), berlin("2026-12-04T19:10"))))
    assert "Mon 7 Dec 2026, 10:00 EST" in listing
    assert "Thu 10 Dec 2026, 10:00 EST" in listing


def test_snoozing_into_the_weekend_lands_on_monday(core: Core) -> None:
    core.handle(slash("rejected", "Acme"), at("2026-12-03T12:00:00+00:00"))  # a Thursday
    listing = only(core.handle(slash("followups"), at("2026-12-04T12:00:00+00:00")))
    friday = at("2026-12-04T12:00:00+00:00")
    snoozed = text(only(core.handle(press(button(listing, "Snooze 1 day")), friday)))
    assert "Mon 7 Dec 2026, 10:00 UTC" in snoozed


# --- `/momentum` includes now -------------------------------------------------------------


def test_momentum_counts_what_was_logged_this_very_moment(core: Core) -> None:
    core.handle(slash("applied", "Globex"), NOON)
    core.handle(slash("networked", "coffee with a recruiter"), NOON)
    shown = text(only(core.handle(slash("momentum", "group"), NOON)))
    assert "Applications: 1" in shown and "Networking: 1" in shown
