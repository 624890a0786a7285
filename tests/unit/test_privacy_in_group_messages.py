"""Each privacy level holds in every message the group sees (issue 12): a `full`, a `counts`
and a `private` member log the same kinds of steps with companies, notes and feedback of their
own; then everything Rebound can post to the group channel is produced (the networking prompt,
the weekly summary, `/momentum share` of each, the event post, its answers, reminders and
cancellation, the closed-DMs mention) together with what shows the group's week or calendar to
whoever asks (`/momentum group`, `/event list`). In none of them: a `counts` member's company,
anything of the `private` member (name, companies, numbers), any note or feedback.
On the fake, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import Delivery, UnitOfWork
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, button, press, slash, text

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)
FULL, COUNTS, PRIVATE = "Fiona", "Conrad", "Petra"
NOTES = ("note-of-", "feedback-of-", "coffee-with-")  # each followed by the member's name


def companies(who: str) -> tuple[str, str, str]:
    """Applied to, rejected by, and gave feedback: distinctive per member."""
    return f"Appliedco{who}", f"Rejectco{who}", f"Feedbackco{who}"


class ClosedDMs(RecordingMessenger):
    """Every DM refused as closed (so the closed-DMs mention goes to the channel); channel
    posts and private answers arrive."""

    async def send(self, message: Outbound) -> Delivery:
        if message.destination.kind is DestinationKind.DM:
            return Delivery(ok=False, error="cannot_dm_bot", dm_closed=True)
        return await super().send(message)


@pytest.fixture
def core(uow: UnitOfWork) -> Core:
    return Core(uow, "Europe/Berlin")


def log_steps(core: Core) -> None:
    core.handle(slash("rebound", "privacy full", who=FULL), TUESDAY)
    core.handle(slash("rebound", "privacy private", who=PRIVATE), TUESDAY)
    for who in (FULL, COUNTS, PRIVATE):
        applied, rejected, feedback = companies(who)
        core.handle(slash("applied", applied, who=who), TUESDAY)
        logged = core.handle(slash("rejected", f"{rejected} note: note-of-{who}", who=who), TUESDAY)
        draft = core.handle(press(button(logged[0], "See the first draft now"), who=who), TUESDAY)
        core.handle(press(button(draft[0], "I sent it"), who=who), TUESDAY)
        core.handle(slash("feedback", f"{feedback}: feedback-of-{who}", who=who), TUESDAY)
        core.handle(slash("networked", f"coffee-with-{who}", who=who), TUESDAY)


def group_facing(sent: list[Outbound]) -> list[Outbound]:
    return [m for m in sent if m.destination.kind is DestinationKind.CHANNEL]


async def everything_the_group_sees(core: Core, uow: UnitOfWork) -> dict[str, str]:
    """Each group-facing message by what it is, as its text."""
    shown: dict[str, str] = {}
    post, _ = core.handle(
        slash("event", "add Job fair at next Thursday 6pm https://fair.example Hall 3", FULL),
        TUESDAY,
    )
    shown["event post"] = text(post)
    for who in (FULL, COUNTS, PRIVATE):
        for answer in group_facing(core.handle(press(button(post, "Going"), who), TUESDAY)):
            shown[f"event post after {who}'s answer"] = text(answer)
    (listing,) = core.handle(slash("event", "list", COUNTS), TUESDAY)
    shown["/event list"] = text(listing)
    for who in (FULL, COUNTS, PRIVATE):
        for card in group_facing(core.handle(slash("momentum", "share", who=who), TUESDAY)):
            shown[f"/momentum share by {who}"] = text(card)
    (week,) = core.handle(slash("momentum", "group", who=COUNTS), TUESDAY + timedelta(hours=1))
    shown["/momentum group"] = text(week)
    work, platform = DueWork(uow, "Europe/Berlin"), ClosedDMs()
    moment = TUESDAY + timedelta(hours=1)
    while moment < datetime(2026, 12, 8, 12, 0, tzinfo=BERLIN):  # a pass every hour, a week
        for n, message in enumerate(group_facing(await run_due_pass(work, platform.route, moment))):
            shown[f"channel post {n} at {moment:%a %H:%M}"] = text(message)
        moment += timedelta(hours=1)
    later = "add Mock interviews at next Thursday 6pm https://mock.example Room 1"
    (post,) = group_facing(core.handle(slash("event", later, FULL), moment))
    for who in (FULL, COUNTS, PRIVATE):
        core.handle(press(button(post, "Going"), who), moment)
    (cancel,) = group_facing(core.handle(slash("event", "cancel 2", FULL), moment))
    shown["event cancelled"] = text(cancel)
    return shown


async def test_no_group_message_shows_what_a_members_privacy_keeps(
    core: Core, uow: UnitOfWork
) -> None:
    log_steps(core)
    shown = await everything_the_group_sees(core, uow)
    everything = "\n".join(shown.values())
    assert f"Of those who share their names, {FULL} logged networking" in everything
    assert f"@{COUNTS}, I couldn't reach you by direct message" in everything, "the mention"
    assert (
        "Tomorrow: Job fair" in everything
        and "Mock interviews (Thu 10 Dec 2026, 18:00 CET) is cancelled" in everything
    )
    summary = next(body for body in shown.values() if "Who kept moving" in body)
    assert "Applications: 2" in summary, "the private member's application is not counted"
    assert f"{FULL}: " in summary and companies(FULL)[0] in summary, "full: named, companies"
    assert f"{COUNTS}: 1 application" in summary, "counts: named with numbers"
    assert any(f"Who's going: {FULL}" in b or f"going: {FULL}" in b for b in shown.values())
    for what, body in shown.items():
        for company in companies(COUNTS):
            assert company not in body, f"{what} names {COUNTS}'s company {company}"
        for secret in (PRIVATE, *companies(PRIVATE)):
            assert secret not in body, f"{what} shows {secret} of the private member"
        for note in NOTES:
            assert note not in body, f"{what} shows a note or feedback ({note}…)"
