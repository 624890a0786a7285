"""What a member types is kept exactly: fields, feedback's company, roles, emoji, first spellings,
stages, and reading one's own history back (issue 7), through the core on storage."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.core import Core
from bot.delivery import nudges
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import Repository, UnitOfWork
from bot.records import FollowUpKind, FollowUpState, Stage
from bot.values import Button, ButtonPress, DestinationKind, Outbound
from tests.helpers import RecordingMessenger, at, button, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")


def say(core: Core, command: str, args: str = "", who: str = "Alex", hours: float = 0) -> str:
    (reply,) = core.handle(slash(command, args, who), NOON + timedelta(hours=hours))
    return text(reply)


def reply_of(core: Core, command: str, args: str = "", who: str = "Alex") -> Outbound:
    (reply,) = core.handle(slash(command, args, who), NOON)
    return reply


def member_id(uow: UnitOfWork, who: str = "Alex") -> int:
    with uow() as repo:
        return alex_in(repo, who)


def alex_in(repo: Repository, who: str = "Alex") -> int:
    """The member's id, inside a transaction already open (one never opens inside another)."""
    return repo.ensure_member(slash("x", who=who).actor, NOON).id


def export(core: Core) -> dict[str, list[dict[str, object]]]:
    (attachment,) = reply_of(core, "rebound", "export").attachments
    data: dict[str, list[dict[str, object]]] = json.loads(attachment.data)
    return data


def drafts_of(core: Core, uow: UnitOfWork) -> list[str]:
    """Every planned email of Alex's newest rejection, as the member would see it."""
    with uow() as repo:
        followups = repo.followups_for_member(alex_in(repo))
    return [text(core.handle(press_draft(f.id), NOON)[0]) for f in followups]


def press_draft(followup_id: int) -> ButtonPress:
    return press(Button("Show draft", nudges.SHOW_DRAFT, str(followup_id)))


# --- 1. fields: everything after note: is the note --------------------------------------


def test_a_role_inside_the_note_stays_in_the_note(core: Core, uow: UnitOfWork) -> None:
    reply = reply_of(
        core, "rejected", "Acme note: great team, but the role: went to an internal candidate"
    )
    assert "Logged Acme." in text(reply)
    with uow() as repo:
        (rejection,) = repo.rejections_for_member(alex_in(repo))
    assert rejection.role == ""
    assert rejection.note == "great team, but the role: went to an internal candidate"
    draft = text(core.handle(press(button(reply, "See the first draft now")), NOON)[0])
    assert "the position" in draft
    assert "went to an internal candidate" not in draft


# --- 2. feedback keeps its company, and asks rather than guesses ---------------------------


def test_feedback_with_a_colon_stores_its_company_in_the_export(core: Core) -> None:
    assert "Feedback from Hooli saved" in say(core, "feedback", "Hooli: they said culture fit")
    (entry,) = [a for a in export(core)["activities"] if a["kind"] == "feedback"]
    assert (entry["company"], entry["detail"]) == ("Hooli", "they said culture fit")


def test_feedback_without_a_colon_matches_only_logged_companies(
    core: Core, uow: UnitOfWork
) -> None:
    say(core, "rejected", "Pied Piper role: Engineer")
    assert "Feedback from Pied Piper saved" in say(core, "feedback", "pied piper said more Go")
    asked = say(core, "feedback", "Hooli said culture fit")
    assert "Which company gave you that feedback?" in asked
    assert "/feedback Acme Corp: wanted more SQL experience" in asked
    with uow() as repo:
        saved = repo.activities_for_member(alex_in(repo))
    assert [(a.company, a.detail) for a in saved] == [("Pied Piper", "said more Go")]


def test_feedback_with_a_company_but_no_words_asks_what_they_said(
    core: Core, uow: UnitOfWork
) -> None:
    say(core, "rejected", "Acme")
    assert "What did Acme say?" in say(core, "feedback", "Acme")
    assert "What did Acme say?" in say(core, "feedback", "acme:")
    assert "Which company gave you that feedback?" in say(core, "feedback", ": nothing")
    with uow() as repo:
        assert repo.activities_for_member(alex_in(repo)) == []


# --- 3. feedback closes the feedback request in every open state --------------------------


@pytest.mark.parametrize(
    "state",
    [
        FollowUpState.PENDING,
        FollowUpState.SNOOZED,
        FollowUpState.SENT,
        FollowUpState.MISSED,
        FollowUpState.FAILED,
    ],
)
def test_feedback_closes_the_request_whatever_its_open_state(
    core: Core, uow: UnitOfWork, state: FollowUpState
) -> None:
    say(core, "rejected", "Acme Corp")
    with uow() as repo:
        (request,) = [
            f for f in repo.followups_for_member(alex_in(repo)) if f.kind is FollowUpKind.FEEDBACK
        ]
        assert repo.transition_followup(request.id, (FollowUpState.PENDING,), state, NOON)
    reply = say(core, "feedback", "Acme Corp: wanted more SQL")
    assert "closed your feedback request to Acme Corp" in reply
    listing = say(core, "followups")
    assert "Acme Corp: feedback request, closed, since they already gave feedback" in listing
    assert "sent it yet?" not in listing
    with uow() as repo:
        states = {f.kind: f.state for f in repo.followups_for_member(alex_in(repo))}
    assert states[FollowUpKind.FEEDBACK] is FollowUpState.ANSWERED
    assert states[FollowUpKind.THANK_YOU] is FollowUpState.PENDING


async def test_feedback_after_the_nudge_went_out_closes_it(core: Core, uow: UnitOfWork) -> None:
    say(core, "rejected", "Acme")
    work, messenger = DueWork(uow, "UTC"), RecordingMessenger()
    # The feedback request falls on Saturday 5 December, so it is planned for Monday the 7th.
    for day in (2, 7):
        await run_due_pass(work, messenger.route, at(f"2026-12-0{day}T10:00:00+00:00"))
    assert "feedback request, nudged" in say(core, "followups", hours=24 * 6)
    assert "closed your feedback request" in say(core, "feedback", "Acme: more SQL", hours=24 * 6)
    assert "closed, since they already gave feedback" in say(core, "followups", hours=24 * 5)


def test_feedback_without_a_rejection_closes_nothing_and_says_so(core: Core) -> None:
    reply = say(core, "feedback", "Initech: liked my portfolio")
    assert "Feedback from Initech saved" in reply
    assert "closed" not in reply


# --- 4. a different role is a different rejection -----------------------------------------


def test_same_company_other_role_is_a_new_rejection(core: Core, uow: UnitOfWork) -> None:
    say(core, "rejected", "Acme Corp role: Data Analyst")
    assert "Logged Acme Corp (Senior Analyst)" in say(
        core, "rejected", "Acme Corp role: Senior Analyst", hours=2
    )
    again = say(core, "rejected", "ACME CORP role: senior analyst", hours=3)
    assert "You already logged Acme Corp (Senior Analyst)" in again
    assert "Logged Acme Corp." in say(core, "rejected", "Acme Corp", hours=4)
    assert "You already logged Acme Corp Tue 1 Dec 2026, 16:00" in say(
        core, "rejected", "acme corp", hours=5
    )
    alex = member_id(uow)
    with uow() as repo:
        roles = [rejection.role for rejection in repo.rejections_for_member(alex)]
        assert sorted(roles) == ["", "Data Analyst", "Senior Analyst"]
        assert len(repo.followups_for_member(alex)) == 9


# --- 5 and 6. emoji kept whole; the first spelling is kept ---------------------------------


def test_an_emoji_company_round_trips(core: Core, uow: UnitOfWork) -> None:
    name = "Team 👩\u200d💻 Labs"
    assert f"Logged {name}." in say(core, "rejected", name)
    assert "Logged evil." in say(core, "rejected", "\u202eevil")
    with uow() as repo:
        companies = [r.company for r in repo.rejections_for_member(alex_in(repo))]
    assert companies == ["evil", name]
    assert [r["company"] for r in export(core)["rejections"]] == ["evil", name]


def test_a_company_keeps_the_spelling_first_typed(core: Core, uow: UnitOfWork) -> None:
    say(core, "rejected", "Acme Corp role: Analyst")
    assert "Logged Acme Corp (PM)" in say(core, "rejected", "acme corp role: PM")
    assert "Application to Acme Corp (Data) logged" in say(core, "applied", "ACME CORP role: Data")
    assert "Feedback from Acme Corp saved" in say(core, "feedback", "acme CORP: more SQL")
    assert "Application to Globex Inc logged" in say(core, "applied", "Globex Inc")
    assert "Logged Globex Inc." in say(core, "rejected", "GLOBEX inc")
    # Another member's spelling is theirs.
    assert "Logged ACME CORP." in say(core, "rejected", "ACME CORP", who="Sam")
    with uow() as repo:
        rows = repo.activities_for_member(alex_in(repo))
    assert [a.company for a in rows] == ["Acme Corp", "Acme Corp", "Globex Inc"]


# --- 22. stages and the drafts that fit them -----------------------------------------------


def test_a_cv_stage_rejection_never_mentions_interviews(core: Core, uow: UnitOfWork) -> None:
    assert "Logged Acme." in say(core, "rejected", "Acme stage: CV")
    shown = drafts_of(core, uow)
    assert len(shown) == 3
    assert all("interview" not in draft.lower() for draft in shown)
    assert "review my application" in shown[0]
    assert "keep my CV on file" in shown[2]
    assert export(core)["rejections"][0]["stage"] == "applied"


def test_a_final_round_draft_can_mention_meeting_the_team(core: Core, uow: UnitOfWork) -> None:
    say(core, "rejected", "Acme role: PM stage: final round")
    shown = drafts_of(core, uow)
    assert "Meeting the team in the final round" in shown[0]
    assert "the PM role" in shown[0]


def test_without_a_stage_the_drafts_fit_any_stage(core: Core, uow: UnitOfWork) -> None:
    say(core, "rejected", "Acme")
    for draft in drafts_of(core, uow):
        assert "interview" not in draft.lower()
        assert "Subject:" in draft and "[your name]" in draft


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_three_drafts_naming_company_and_role(
    core: Core, uow: UnitOfWork, stage: Stage
) -> None:
    say(core, "rejected", f"Initech role: Designer stage: {stage.value}")
    shown = drafts_of(core, uow)
    assert len(shown) == 3
    assert all("Initech" in d and "the Designer role" in d for d in shown)
    if stage in (Stage.APPLIED, Stage.SCREEN):
        assert all("interview" not in d.lower() for d in shown)


def test_an_unknown_stage_lists_the_ones_that_work(core: Core, uow: UnitOfWork) -> None:
    reply = say(core, "rejected", "Acme stage: lunch")
    assert "I don't know the stage `lunch`" in reply
    for value in ("applied", "screen", "interview", "final"):
        assert value in reply
    alex = member_id(uow)
    with uow() as repo:
        assert repo.rejections_for_member(alex) == []


# --- 23. reading one's own history back ----------------------------------------------------


def test_rejected_list_shows_each_follow_up_outcome(core: Core) -> None:
    first = reply_of(core, "rejected", "Acme Corp role: Analyst stage: interview")
    say(core, "rejected", "Globex", hours=1)
    listing = reply_of(core, "followups")
    core.handle(press(button(listing, "I sent it")), NOON + timedelta(hours=2))
    say(core, "feedback", "Acme Corp: more SQL", hours=2)
    assert first.destination.kind is DestinationKind.EPHEMERAL
    history = reply_of(core, "rejected", "list")
    assert history.destination.kind is DestinationKind.EPHEMERAL
    shown = text(history)
    assert "Your rejections (2, newest first)" in shown
    assert shown.index("Globex") < shown.index("Acme Corp (Analyst), after interviews")
    assert "Thank-you note: sent Tue 1 Dec 2026" in shown
    assert "Feedback request: closed, since they already gave feedback" in shown
    assert "Future consideration: planned for Wed 23 Dec 2026, 10:00 UTC" in shown
    assert "You haven't logged any rejections yet" in say(core, "rejected", "list", who="Sam")


def test_rejected_list_pages_through_everything(core: Core) -> None:
    for n in range(12):
        say(core, "rejected", f"Company {n:02d}", hours=n)
    page_one = say(core, "rejected", "list", hours=12)
    assert "Company 11" in page_one and "Company 02" in page_one
    assert "Company 01" not in page_one
    assert "Showing 1-10 of 12. `/rejected list 2` shows the next ones." in page_one
    page_two = say(core, "rejected", "list 2", hours=12)
    assert "Company 01" in page_two and "Company 00" in page_two
    assert "Company 02" not in page_two and "Showing" not in page_two
    past = say(core, "rejected", "list 5", hours=12)
    assert "There's no page 5: your list has 2 pages. `/rejected list 2` shows the last." in past


def test_a_company_called_list_can_be_logged(core: Core) -> None:
    assert "Logged List." in say(core, "rejected", "List role:")
    assert "Logged List (Analyst)" in say(core, "rejected", "list role: Analyst")
    assert "List (Analyst)" in say(core, "rejected", "list")


def test_feedback_list_reads_saved_feedback_back_only_to_the_member(core: Core) -> None:
    say(core, "rejected", "Acme")
    say(core, "feedback", "Acme: wanted more SQL\nand a portfolio", hours=1)
    say(core, "feedback", "Hooli: culture fit", hours=25)
    reply = reply_of(core, "feedback", "list")
    assert reply.destination.kind is DestinationKind.EPHEMERAL
    assert reply.destination.user_id == "alex"
    shown = text(reply)
    assert "Your saved feedback (2, newest first" in shown
    assert shown.index("Hooli, Wed 2 Dec 2026") < shown.index("Acme, Tue 1 Dec 2026")
    assert "wanted more SQL" in shown and "and a portfolio" in shown
    assert "No feedback saved yet" in say(core, "feedback", "list", who="Sam")


def test_undoing_a_rejection_keeps_the_feedback_saved_for_it(core: Core) -> None:
    logged = reply_of(core, "rejected", "Acme")
    say(core, "feedback", "Acme: more SQL")
    (ask,) = core.handle(press(button(logged, "Undo")), NOON)
    assert "Removed Acme" in text(core.handle(press(button(ask, "Yes, remove it all")), NOON)[0])
    shown = say(core, "feedback", "list")
    assert "Acme, Tue 1 Dec 2026:" in shown and "more SQL" in shown
