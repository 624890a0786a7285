"""The core end to end on storage (the fake and SQLite): who gets which message, and what is
stored."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

from sqlalchemy import Engine, select

from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.markup import plain_text
from bot.messages.encouragement import ENCOURAGEMENTS
from bot.ports import Delivery, UnitOfWork
from bot.records import ActivityKind, FollowUpKind, FollowUpState
from bot.values import Actor, DestinationKind, LocalTime, Outbound, Paragraph, SlashCommand
from storage import models
from tests.backends import real_databases_only
from tests.helpers import RecordingMessenger, at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1
    return messages[0]


def test_rejected_answers_only_the_member_with_encouragement_and_plan(core: Core) -> None:
    reply = only(core.handle(slash("rejected", "Acme Corp role: Data Analyst"), NOON))
    assert reply.destination.kind is DestinationKind.EPHEMERAL
    assert reply.destination.user_id == "alex"
    shown = text(reply)
    assert "Logged Acme Corp (Data Analyst)" in shown
    times = [i for b in reply.blocks for line in getattr(b, "items", ()) for i in line]
    planned = [i.at for i in times if isinstance(i, LocalTime)]
    assert planned == [
        at("2026-12-02T10:00:00+00:00"),
        at("2026-12-07T10:00:00+00:00"),  # three days later is a Saturday: Monday instead
        at("2026-12-23T10:00:00+00:00"),
    ]
    assert button(reply, "See the first draft now").value == button(reply, "Undo").value
    assert encouragement_index(reply, "Acme Corp") is not None


def encouragement_index(reply: Outbound, company: str) -> int | None:
    first = reply.blocks[0]
    assert isinstance(first, Paragraph)
    shown = plain_text(first.content)
    matches = [i for i, t in enumerate(ENCOURAGEMENTS) if t.format(company=company) == shown]
    return matches[0] if matches else None


def test_encouragement_never_repeats_twice_in_a_row(core: Core) -> None:
    assert len(ENCOURAGEMENTS) >= 8
    chosen = []
    for n in range(40):
        company = f"Company {n}"
        reply = only(core.handle(slash("rejected", company), NOON + timedelta(minutes=n)))
        chosen.append(encouragement_index(reply, company))
    assert None not in chosen
    assert all(a != b for a, b in itertools.pairwise(chosen))
    assert len(set(chosen)) >= 8, "the pool should be used widely"
    other = only(core.handle(slash("rejected", "Elsewhere", who="Sam"), NOON))
    assert encouragement_index(other, "Elsewhere") is not None


def test_same_company_within_a_day_is_not_logged_twice(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    again = only(core.handle(slash("rejected", "ACME"), NOON + timedelta(hours=23)))
    assert "already logged Acme" in text(again)
    assert "Nudge" not in text(again)
    with uow() as repo:
        alex = repo.ensure_member(slash("x").actor, NOON)
        assert len(repo.rejections_for_member(alex.id)) == 1
        assert len(repo.followups_for_member(alex.id)) == 3
    core.handle(slash("rejected", "Acme"), NOON + timedelta(hours=25))
    with uow() as repo:
        assert len(repo.rejections_for_member(alex.id)) == 2


def test_undo_removes_the_rejection_and_only_its_owner_may(core: Core, uow: UnitOfWork) -> None:
    reply = only(core.handle(slash("rejected", "Acme"), NOON))
    undo = button(reply, "Undo")
    refused = only(core.handle(press(undo, who="Sam"), NOON))
    assert "someone else's" in text(refused)
    done = only(core.handle(press(undo), NOON))
    assert "Removed Acme" in text(done)
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        assert repo.followups_for_member(member.id) == []


def test_first_draft_button_shows_the_thank_you_draft(core: Core) -> None:
    reply = only(core.handle(slash("rejected", "Acme Corp role: Data Analyst"), NOON))
    draft = only(core.handle(press(button(reply, "See the first draft now")), NOON))
    shown = text(draft)
    assert "Subject: Thank you, and my continued interest in Acme Corp" in shown
    assert "the Data Analyst role" in shown


def test_feedback_cancels_the_pending_feedback_request(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme Corp"), NOON)
    reply = only(core.handle(slash("feedback", "acme corp wanted more SQL"), NOON))
    assert "closed your feedback request to Acme Corp" in text(reply)
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        states = {f.kind: f.state for f in repo.followups_for_member(member.id)}
        activities = repo.activities_for_member(member.id)
    assert states[FollowUpKind.FEEDBACK] is FollowUpState.ANSWERED
    assert states[FollowUpKind.THANK_YOU] is FollowUpState.PENDING
    assert [(a.kind, a.detail) for a in activities] == [(ActivityKind.FEEDBACK, "wanted more SQL")]


def test_feedback_for_unknown_company_is_still_saved(core: Core) -> None:
    reply = only(core.handle(slash("feedback", "Initech: liked my portfolio"), NOON))
    assert "Feedback from Initech saved" in text(reply)


def test_applied_and_networked_are_recorded(core: Core, uow: UnitOfWork) -> None:
    assert "Globex" in text(only(core.handle(slash("applied", "Globex role: PM"), NOON)))
    assert "Networking logged" in text(only(core.handle(slash("networked", "coffee"), NOON)))
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        kinds = [a.kind for a in repo.activities_for_member(member.id)]
    assert kinds == [ActivityKind.APPLIED, ActivityKind.NETWORKED]


def test_followups_lists_and_acts(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    listing = only(core.handle(slash("followups"), NOON))
    shown = text(listing)
    assert shown.count("Acme: ") == 3
    assert "nudge planned for Wed 2 Dec 2026, 10:00 UTC" in shown
    done = only(core.handle(press(button(listing, "I sent it")), NOON))
    assert "marked as sent" in text(done)
    again = only(core.handle(press(button(listing, "I sent it")), NOON))
    assert "Already taken care of" in text(again)
    listing = only(core.handle(slash("followups"), NOON))
    snoozed = only(core.handle(press(button(listing, "Snooze 1 week")), NOON))
    assert "Mon 14 Dec 2026, 10:00 UTC" in text(snoozed)
    listing = only(core.handle(slash("followups"), NOON))
    assert "snoozed until Mon 14 Dec 2026" in text(listing)
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        kinds = [a.kind for a in repo.activities_for_member(member.id)]
    assert kinds == [ActivityKind.FOLLOWUP_SENT]


def test_followups_when_there_are_none(core: Core) -> None:
    assert "No follow-ups yet" in text(only(core.handle(slash("followups"), NOON)))


def test_timezone_typo_gets_a_suggestion_and_a_valid_one_moves_the_plan(core: Core) -> None:
    typo = only(core.handle(slash("rebound", "timezone Europe/Berln"), NOON))
    assert "Did you mean `Europe/Berlin`?" in text(typo)
    core.handle(slash("rejected", "Acme"), NOON)
    ok = only(core.handle(slash("rebound", "timezone europe/berlin"), NOON))
    assert "Europe/Berlin" in text(ok)
    listing = text(only(core.handle(slash("followups"), NOON)))
    assert "Wed 2 Dec 2026, 10:00 CET" in listing


def test_quiet_and_privacy_settings(core: Core, uow: UnitOfWork) -> None:
    assert "22:00-07:00" in text(only(core.handle(slash("rebound", "quiet 22:00-07:00"), NOON)))
    assert "private" in text(only(core.handle(slash("rebound", "privacy private"), NOON)))
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
    assert (member.quiet_hours, member.privacy.value) == ("22:00-07:00", "private")


def test_export_is_a_json_attachment_of_the_members_own_data(core: Core) -> None:
    core.handle(slash("rejected", "Acme note: the panel ran long"), NOON)
    core.handle(slash("rejected", "Other", who="Sam"), NOON)
    reply = only(core.handle(slash("rebound", "export"), NOON))
    (attachment,) = reply.attachments
    assert attachment.mime_type == "application/json"
    data = json.loads(attachment.data)
    assert [r["company"] for r in data["rejections"]] == ["Acme"]
    assert data["rejections"][0]["note"] == "the panel ran long"
    assert len(data["rejections"][0]["followups"]) == 3


# It reads every table itself, rows the repository's reads would not show included.
@real_databases_only
def test_forget_deletes_every_row_of_the_member_after_confirming(
    core: Core, engine: Engine
) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    core.handle(slash("applied", "Globex"), NOON)
    core.handle(slash("rejected", "Other", who="Sam"), NOON)
    ask = only(core.handle(slash("rebound", "forget"), NOON))
    kept = only(core.handle(press(button(ask, "Keep my data")), NOON))
    assert "kept everything" in text(kept)
    assert "someone else's" in text(
        only(core.handle(press(button(ask, "Yes, delete everything"), who="Sam"), NOON))
    )
    gone = only(core.handle(press(button(ask, "Yes, delete everything")), NOON))
    assert "deleted" in text(gone)
    with engine.connect() as db:
        members = db.execute(select(models.MemberRow.user_id)).scalars().all()
        assert members == ["sam"]
        sam = db.scalar(select(models.MemberRow.id))
        for table in (models.RejectionRow, models.FollowUpRow, models.ActivityRow):
            owners = db.execute(select(table.member_id)).scalars().all()
            assert set(owners) <= {sam}, table.__tablename__


async def test_due_pass_delivers_each_nudge_once_in_order(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme Corp role: Data Analyst"), NOON)
    work = DueWork(uow, "UTC")
    messenger = RecordingMessenger()
    assert await run_due_pass(work, messenger.route, NOON + timedelta(hours=1)) == []
    delivered: list[Outbound] = []
    for day in (2, 7, 23):
        moment = at(f"2026-12-{day:02d}T10:00:00+00:00")
        delivered += await run_due_pass(work, messenger.route, moment)
        assert await run_due_pass(work, messenger.route, moment) == []
    dms = [m for m in delivered if m.destination.kind is DestinationKind.DM]
    assert [m.destination.user_id for m in dms] == ["alex"] * 3
    subjects = [text(m) for m in dms]
    assert "Thank you, and my continued interest in Acme Corp" in subjects[0]
    assert "feedback on my application" in subjects[1]
    assert "keep me in mind for future openings" in subjects[2]
    assert all("Data Analyst" in s for s in subjects)


async def test_transient_failure_retries_then_permanent_failure_is_shown(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    work = DueWork(uow, "UTC")
    messenger = RecordingMessenger()
    due = at("2026-12-02T10:00:00+00:00")
    messenger.failures = [Delivery(ok=False, error="timeout")]
    assert await run_due_pass(work, messenger.route, due) == []
    assert await run_due_pass(work, messenger.route, due) == [], "backoff not yet over"
    assert len(await run_due_pass(work, messenger.route, due + timedelta(minutes=1))) == 1
    messenger.failures = [Delivery(ok=False, error="member closed DMs", permanent=True)]
    feedback_due = due + timedelta(days=5)  # three days on is a Saturday: Monday
    delivered = await run_due_pass(work, messenger.route, feedback_due)
    assert [m for m in delivered if m.destination.kind is DestinationKind.DM] == []
    listing = text(only(core.handle(slash("followups"), feedback_due)))
    assert "not delivered: member closed DMs" in listing


def test_a_private_context_creates_no_group_and_home_shows_the_week(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(slash("rejected", "Acme"), NOON)
    core.handle(slash("applied", "Globex"), NOON)
    private = Actor("console", "T1", "alex", "Alex", "", "")
    overview = core.home(private, NOON + timedelta(hours=1))
    shown = text(overview)
    assert "Your week, Alex" in shown
    assert "Applications: 1" in shown
    assert "Acme: thank-you note, nudge planned for" in shown
    with uow() as repo:
        assert [g.channel_id for g in repo.groups()] == ["general"]


def test_draft_is_only_for_its_owner(core: Core, uow: UnitOfWork) -> None:
    core.handle(slash("rejected", "Acme Corp role: Analyst"), NOON)
    with uow() as repo:
        member = repo.ensure_member(slash("x").actor, NOON)
        first = repo.followups_for_member(member.id)[0]
    form = core.editor(slash("x").actor, f"{first.id}:{first.generation}", NOON)
    assert form is not None
    subject, body = (field.initial for field in form.fields)
    assert "Acme Corp" in subject and "the Analyst role" in body
    assert core.editor(slash("x", who="Sam").actor, f"{first.id}:0", NOON) is None
    assert core.editor(slash("x").actor, "not a follow-up", NOON) is None


def test_platform_timezone_is_a_first_guess_only(core: Core, uow: UnitOfWork) -> None:
    guessed = Actor("console", "T1", "alex", "Alex", "general", "general", "Asia/Kolkata")
    reply = core.handle(SlashCommand(guessed, "rejected", "Acme"), NOON)[0]
    assert "IST" in text(reply)
    core.handle(slash("rebound", "timezone Europe/Berlin"), NOON)
    again = core.handle(SlashCommand(guessed, "followups", ""), NOON)[0]
    assert "CET" in text(again) and "IST" not in text(again)


def test_event_and_momentum(core: Core) -> None:
    assert "Event logged" in text(only(core.handle(slash("event", "tech job fair"), NOON)))
    assert "Which event" in text(only(core.handle(slash("event", ""), NOON)))
    core.handle(slash("applied", "Globex", who="Sam"), NOON)
    core.handle(slash("rebound", "privacy private", who="Kai"), NOON)
    core.handle(slash("applied", "Hidden", who="Kai"), NOON)
    shown = text(only(core.handle(slash("momentum", "group"), NOON + timedelta(hours=1))))
    assert "Weekly momentum" in shown
    assert "Applications: 1" in shown and "Events attended: 1" in shown
    private = Actor("console", "T1", "nobody", "Nobody", "", "")
    assert "in your group's channel" in text(
        only(core.handle(SlashCommand(private, "momentum", "group"), NOON))
    )
