"""The draft editor as core values: the form a platform shows, and what submitting it keeps."""

from __future__ import annotations

import json

from bot.commands import editor
from bot.core import Core
from bot.ports import UnitOfWork
from bot.records import FollowUp, FollowUpState
from bot.values import Button, DraftSubmitted
from tests.helpers import actor, at, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def first_followup(core: Core, uow: UnitOfWork) -> FollowUp:
    core.handle(slash("rejected", "Acme Corp role: Analyst"), NOON)
    with uow() as repo:
        member = repo.ensure_member(actor(), NOON)
        return repo.followups_for_member(member.id)[0]


def value(followup: FollowUp) -> str:
    return f"{followup.id}:{followup.generation}"


def exported(core: Core) -> dict:  # type: ignore[type-arg]
    (reply,) = core.handle(slash("rebound", "export"), NOON)
    return json.loads(reply.attachments[0].data)  # type: ignore[no-any-return]


def test_the_editor_is_a_form_with_the_draft_its_limits_and_its_words(
    core: Core, uow: UnitOfWork
) -> None:
    followup = first_followup(core, uow)
    form = core.editor(actor(), value(followup), NOON)
    assert form is not None
    assert (form.form_id, form.value) == (editor.FORM_ID, value(followup))
    assert (form.title, form.submit, form.close) == (
        "Your follow-up email",
        "Mark as sent",
        "Not yet",
    )
    subject, body = form.fields
    assert (subject.key, subject.label, subject.multiline) == ("subject", "Subject", False)
    assert (body.key, body.label, body.multiline) == ("body", "Email", True)
    assert "Acme Corp" in subject.initial and "the Analyst role" in body.initial
    assert len(subject.initial) <= subject.limit and len(body.initial) <= body.limit
    assert "".join(getattr(i, "text", "") for i in form.hint).endswith("press Mark as sent.")


def test_submitting_marks_it_sent_and_keeps_the_edited_email(core: Core, uow: UnitOfWork) -> None:
    followup = first_followup(core, uow)
    submitted = DraftSubmitted(
        actor(), value(followup), "Thanks!\u200b", "Dear Ana,\n\nthanks.\x00"
    )
    (reply,) = core.handle(submitted, NOON)
    assert "is marked as sent" in text(reply)
    assert "I kept the email as you sent it" in text(reply)
    with uow() as repo:
        stored = repo.get_followup(followup.id)
    assert stored is not None and stored.state is FollowUpState.DONE
    assert (stored.sent_subject, stored.sent_body) == ("Thanks!", "Dear Ana,\n\nthanks.")
    (rejection,) = exported(core)["rejections"]
    kept = [f["sent_email"] for f in rejection["followups"] if "sent_email" in f]
    assert kept == [{"subject": "Thanks!", "body": "Dear Ana,\n\nthanks."}]


def test_a_second_submission_or_someone_elses_keeps_nothing(core: Core, uow: UnitOfWork) -> None:
    followup = first_followup(core, uow)
    (theirs,) = core.handle(DraftSubmitted(actor("Sam"), value(followup), "Hi", "Mine now"), NOON)
    assert "someone else's" in text(theirs)
    core.handle(DraftSubmitted(actor(), value(followup), "First", "The one I sent"), NOON)
    (again,) = core.handle(DraftSubmitted(actor(), value(followup), "Second", "Not sent"), NOON)
    assert "Already taken care of: that follow-up is marked as sent" in text(again)
    with uow() as repo:
        stored = repo.get_followup(followup.id)
    assert stored is not None and (stored.sent_subject, stored.sent_body) == (
        "First",
        "The one I sent",
    )
    (gone,) = core.handle(DraftSubmitted(actor(), "nonsense", "x", "y"), NOON)
    assert "no longer exists" in text(gone)


def test_marking_sent_by_button_keeps_no_email(core: Core, uow: UnitOfWork) -> None:
    followup = first_followup(core, uow)
    (reply,) = core.handle(press(Button("I sent it", "followup.done", value(followup))), NOON)
    assert "is marked as sent" in text(reply) and "kept" not in text(reply)
    assert all("sent_email" not in f for f in exported(core)["rejections"][0]["followups"])
