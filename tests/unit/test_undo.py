"""Undo says exactly what it removes, and asks first once something already happened."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.values import DestinationKind, Outbound
from tests.helpers import RecordingMessenger, at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")  # a Tuesday


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1, [text(m) for m in messages]
    return messages[0]


async def dms_at(work: DueWork, messenger: RecordingMessenger, when: datetime) -> list[Outbound]:
    delivered = await run_due_pass(work, messenger.route, when)
    return [m for m in delivered if m.destination.kind is DestinationKind.DM]


def test_undo_of_an_untouched_plan_removes_it_at_once(core: Core, uow: UnitOfWork) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    done = text(only(core.handle(press(button(reply, "Undo")), NOON)))
    assert "Removed Acme and its planned follow-ups. None of them had reached you yet" in done
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        assert repo.rejections_for_member(member.id) == []


async def test_undo_after_i_sent_it_asks_first_and_names_what_goes(
    core: Core, work: DueWork, uow: UnitOfWork
) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    thank_you_due = at("2026-12-02T10:00:00+00:00")
    nudge = only(await dms_at(work, RecordingMessenger(), thank_you_due))
    core.handle(press(button(nudge, "I sent it")), thank_you_due)
    later = thank_you_due + timedelta(hours=1)
    assert "Follow-ups sent: 1" in text(only(core.handle(slash("momentum", "group"), later)))

    ask = only(core.handle(press(button(reply, "Undo")), later))
    asked = text(ask)
    assert "Some of your follow-ups to Acme are already under way" in asked
    assert "Nothing was sent" not in asked
    assert "thank-you note you marked as sent Wed 2 Dec 2026, 10:00 UTC" in asked
    assert "no longer counts toward your week" in asked
    assert "feedback request, not sent yet" in asked
    assert "the keep-in-touch note, not sent yet" in asked
    assert "future consideration" not in asked
    assert "someone else's" in text(only(core.handle(press(button(ask, "Keep it"), "Sam"), later)))
    kept = text(only(core.handle(press(button(ask, "Keep it")), later)))
    assert "kept Acme" in kept
    assert "Follow-ups sent: 1" in text(only(core.handle(slash("momentum", "group"), later)))

    removed = text(only(core.handle(press(button(ask, "Yes, remove it all")), later)))
    assert "Removed Acme, together with" in removed
    assert "marked as sent" in removed and "no longer counts toward your week" in removed
    assert "Follow-ups sent: 0" in text(only(core.handle(slash("momentum", "group"), later)))
    again = text(only(core.handle(press(button(ask, "Yes, remove it all")), later)))
    assert "no longer exists" in again


async def test_undo_after_a_nudge_went_out_never_claims_nothing_was_sent(
    core: Core, work: DueWork
) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    await dms_at(work, RecordingMessenger(), at("2026-12-02T10:00:00+00:00"))
    core.handle(slash("feedback", "Acme: wanted more SQL"), at("2026-12-02T11:00:00+00:00"))
    asked = text(only(core.handle(press(button(reply, "Undo")), at("2026-12-02T12:00:00+00:00"))))
    assert "Nothing was sent" not in asked and "None of them" not in asked
    assert "stop counting" not in asked, "nothing was marked sent"
    assert "thank-you note I nudged you about Wed 2 Dec 2026, 10:00 UTC" in asked
    assert "feedback request, closed because they already gave you feedback" in asked


def test_undo_keeps_saved_feedback_and_says_so_instead_of_claiming_it_goes(core: Core) -> None:
    """Storage keeps feedback when its rejection is undone, so the words must say so."""
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    core.handle(slash("feedback", "Acme: wanted more SQL"), NOON)
    asked = text(only(core.handle(press(button(reply, "Undo")), NOON)))
    assert "the feedback you saved for it" not in asked
    assert "feedback request, closed because they already gave you feedback" in asked
    assert "The feedback you saved from Acme stays" in asked
    ask = only(core.handle(press(button(reply, "Undo")), NOON))
    removed = text(only(core.handle(press(button(ask, "Yes, remove it all")), NOON)))
    assert "The feedback you saved from Acme stays" in removed
    assert "wanted more SQL" in text(only(core.handle(slash("feedback", "list"), NOON)))


async def test_undo_after_a_nudge_was_skipped_never_claims_nothing_reached_you(
    core: Core, work: DueWork
) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    thank_you_due = at("2026-12-02T10:00:00+00:00")
    nudge = only(await dms_at(work, RecordingMessenger(), thank_you_due))
    core.handle(press(button(nudge, "Skip")), thank_you_due)
    asked = text(only(core.handle(press(button(reply, "Undo")), thank_you_due)))
    assert "None of them had reached you yet" not in asked
    assert "thank-you note I nudged you about Wed 2 Dec 2026, 10:00 UTC, which you then" in asked
