"""Several nudges due at once for one member arrive as ONE message (README), split only where a
platform limit forces it, with honest part numbers; every item opens its own draft."""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.slack.render import render
from bot import markup
from bot.core import Core
from bot.delivery import nudges
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpKind, FollowUpState, Member, Privacy
from bot.values import Actions, BulletList, DestinationKind, Outbound
from tests.helpers import RecordingMessenger, at, button, buttons, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")  # a Tuesday


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1, [text(m) for m in messages]
    return messages[0]


async def dms_at(work: DueWork, messenger: RecordingMessenger, when: datetime) -> list[Outbound]:
    delivered = await run_due_pass(work, messenger.route, when)
    return [m for m in delivered if m.destination.kind is DestinationKind.DM]


def rows(message: Outbound) -> list[Actions]:
    return [b for b in message.blocks if isinstance(b, Actions)]


async def test_eight_nudges_due_at_once_arrive_as_one_message(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    companies = [f"Company {n}" for n in range(1, 9)]
    for company in companies:
        core.handle(slash("rejected", f"{company} role: Analyst"), NOON)
    messenger = RecordingMessenger()
    catch_up = only(await dms_at(work, messenger, at("2026-12-02T10:00:00+00:00")))
    shown = text(catch_up)
    assert "8 follow-ups are due now" in shown
    assert "1 of" not in shown, "one message needs no part numbers"
    for number, company in enumerate(companies, 1):
        assert f"{number}. {company} (Analyst): time to thank them" in shown
    assert [len(row.buttons) for row in rows(catch_up)] == [5, 3]
    assert len(catch_up.work_keys) == 8
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        states = [f.state for f in repo.followups_for_member(member.id) if f.due_at.day == 2]
    assert states == [FollowUpState.SENT] * 8
    draft = only(core.handle(press(button(catch_up, "8. Company 8")), NOON + timedelta(days=1)))
    assert "Subject: Thank you, and my continued interest in Company 8" in text(draft)
    assert {"I sent it", "Snooze 1 day", "Skip"} <= {b.label for b in buttons(draft)}


async def test_more_than_fit_in_one_message_split_with_honest_parts(
    core: Core, work: DueWork
) -> None:
    for n in range(1, 31):
        core.handle(slash("rejected", f"Company {n}"), NOON)
    messenger = RecordingMessenger()
    first, second = await dms_at(work, messenger, at("2026-12-02T10:00:00+00:00"))
    assert "30 follow-ups are due now" in text(first)
    assert "so they come in 2 messages. This is 1 of 2, with 25 of the 30" in text(first)
    assert "This is 2 of 2, with 5 of the 30" in text(second)
    assert "30. Company 30" in text(second) and "Company 30" not in text(first)
    for message in (first, second):
        assert len(rows(message)) <= 5
        assert all(len(row.buttons) <= 5 for row in rows(message))
        assert len(message.work_keys) == len(buttons(message))
    assert len(set(first.work_keys) | set(second.work_keys)) == 30


async def test_long_names_split_by_text_length_not_just_by_count(core: Core, work: DueWork) -> None:
    long_names = [f"{n:02d} " + "&" * 97 for n in range(1, 21)]
    for name in long_names:
        core.handle(slash("rejected", f"{name} role: {'R' * 100}"), NOON)
    messenger = RecordingMessenger()
    parts = await dms_at(work, messenger, at("2026-12-02T10:00:00+00:00"))
    assert len(parts) >= 2
    total = len(parts)
    for number, message in enumerate(parts, 1):
        assert f"This is {number} of {total}, with {len(message.work_keys)} of the 20" in text(
            message
        )
    assert sum(len(m.work_keys) for m in parts) == 20


def test_the_biggest_catch_up_fits_one_slack_message_and_one_discord_message() -> None:
    """25 items with the longest names and roles: within Slack's blocks and section text, and
    within Discord's 5x5 buttons and 4,096-character embed description."""
    when = at("2026-12-02T10:00:00+00:00")
    member = Member(
        1, "console", "T1", "alex", "Alex", "UTC", "", Privacy.COUNTS, True, None, "g", when
    )
    items = [
        FollowUp(
            n,
            n,
            1,
            FollowUpKind.THANK_YOU,
            when,
            FollowUpState.SENDING,
            f"{n:02d}" + "&" * 98,
            "R" * 100,
            None,
            None,
            when,
            1,
            "",
        )
        for n in range(1, 26)
    ]
    messages = nudges.nudges(items, member, "UTC", late=False)
    assert sum(len(m.work_keys) for m in messages) == 25
    for message in messages:
        rendered = render(message)
        assert len(rendered.blocks) <= 50
        for block in rendered.blocks:
            assert len(block.get("text", {}).get("text", "")) <= 3000
        described = sum(
            len(markup.plain_text(line))
            for b in message.blocks
            if isinstance(b, BulletList)
            for line in b.items
        )
        assert described <= 4096
        assert len(rows(message)) <= 5 and all(len(r.buttons) <= 5 for r in rows(message))


async def test_a_late_catch_up_in_parts_does_not_claim_to_be_one_go(
    core: Core, work: DueWork
) -> None:
    for n in range(1, 27):
        core.handle(slash("rejected", f"Company {n}"), NOON)
    messenger = RecordingMessenger()
    parts = await dms_at(work, messenger, at("2026-12-02T14:00:00+00:00"))
    assert len(parts) == 2
    for message in parts:
        assert "While I was offline, 26 follow-ups came due" in text(message)
        assert "in one go" not in text(message)
