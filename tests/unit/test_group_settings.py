"""`/rebound settings` and `/rebound admin` through the core (issue 11, build 1): who may change
the group, and what a change does to what is already planned. On the fake and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.core import Core
from bot.delivery.due import DueWork
from bot.messages import settings as words
from bot.messages import setup as setup_words
from bot.ports import UnitOfWork
from bot.records import FollowUpKind, FollowUpState, OccurrenceKind
from bot.values import Actor, DestinationKind, Outbound, SlashCommand
from tests.helpers import actor, at, text

TUESDAY = at("2026-12-01T12:00:00+00:00")


def olga() -> Actor:
    return replace(actor("Olga"), can_manage=True)


def run(core: Core, who: Actor, text_: str, when: datetime = TUESDAY) -> list[Outbound]:
    return core.handle(SlashCommand(who, "rebound", text_), when)


def plain(template: str) -> str:
    return template.replace("**", "")


def dues(uow: UnitOfWork, name: str) -> dict[FollowUpKind, tuple[datetime, FollowUpState]]:
    with uow() as repo:
        member = repo.find_member(actor(name))
        assert member is not None
        return {f.kind: (f.due_at, f.state) for f in repo.followups_for_member(member.id)}


def test_a_stranger_is_refused_everything_and_nothing_is_stored(
    core: Core, uow: UnitOfWork
) -> None:
    run(core, olga(), "settings")
    for typed, refusal in (
        ("settings posts off", words.REFUSED_SETTINGS),
        ("settings cadence 1 2 3", words.REFUSED_SETTINGS),
        ("admin add <@sam>", words.REFUSED_ADMIN),
        ("admin remove <@olga>", words.REFUSED_ADMIN),
        ("setup", setup_words.REFUSED),
    ):
        (reply,) = run(core, actor("Sam"), typed)
        assert reply.destination.kind is DestinationKind.EPHEMERAL
        assert text(reply) == plain(refusal), typed
    with uow() as repo:
        assert repo.find_member(actor("Sam")) is None, "someone refused is not stored"
        group = repo.get_group("console", "T1", "general")
        assert group is not None and group.posts_on and group.followup_days == ""
        assert repo.group_admins("console", "T1") == []
    (shown,) = run(core, actor("Sam"), "settings")  # looking is open to everyone
    assert "weekly summary: Monday 09:00" in text(shown)


def test_an_added_group_admin_may_run_setup_and_change_settings(
    core: Core, uow: UnitOfWork
) -> None:
    (added,) = run(core, olga(), "admin add <@sam|Sam>")
    assert text(added) == plain(words.ADMIN_ADDED.format(name="Sam")), "the mention's name"
    post, _done = run(core, actor("Sam", "jobs"), "setup")
    assert post.destination.channel_id == "jobs"
    (changed,) = run(core, actor("Sam", "jobs"), "settings posts off")
    assert "weekly posts are off" in text(changed)
    (again,) = run(core, actor("Sam"), "admin add <@kim>")
    assert "kim is now a group admin" in text(again)
    (listed,) = run(core, actor("Kim"), "admin list")
    assert text(listed).splitlines()[1:] == ["• Sam", "• Kim"]
    run(core, olga(), "admin remove <@sam>")
    (refused,) = run(core, actor("Sam", "jobs"), "settings posts on")
    assert text(refused) == plain(words.REFUSED_SETTINGS)
    with uow() as repo:
        group = repo.workspace_group("console", "T1")
        assert group is not None and group.channel_id == "jobs" and not group.posts_on


def test_a_new_cadence_replans_pending_follow_ups_and_a_past_time_is_due_now(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(SlashCommand(actor("Alex"), "rejected", "Acme"), TUESDAY)  # Tue 1 Dec 12:00
    before = dues(uow, "Alex")
    assert before[FollowUpKind.FEEDBACK][0] == at("2026-12-07T10:00:00+00:00")
    later = at("2026-12-04T12:00:00+00:00")  # Friday; the thank-you went out on Wednesday
    with uow() as repo:
        thanks = next(f for f in repo.followups_for_member(1) if f.kind is FollowUpKind.THANK_YOU)
        repo.transition_followup(thanks.id, (FollowUpState.PENDING,), FollowUpState.SENT, later)
    (reply,) = run(core, olga(), "settings cadence 1 2 10", later)
    assert "2 planned follow-ups moved to match" in text(reply)
    after = dues(uow, "Alex")
    assert after[FollowUpKind.THANK_YOU][1] is FollowUpState.SENT, "sent stays sent"
    # Thursday 3 Dec 10:00 has passed: due now, not missed.
    assert after[FollowUpKind.FEEDBACK] == (later, FollowUpState.PENDING)
    assert after[FollowUpKind.FUTURE][0] == at("2026-12-11T10:00:00+00:00")
    core.handle(SlashCommand(actor("Kim"), "rejected", "Globex"), later)  # new plans use it
    assert dues(uow, "Kim")[FollowUpKind.THANK_YOU][0] == at("2026-12-07T10:00:00+00:00")


def test_a_snoozed_follow_up_keeps_the_members_time(core: Core, uow: UnitOfWork) -> None:
    core.handle(SlashCommand(actor("Alex"), "rejected", "Acme"), TUESDAY)
    snoozed_to = at("2026-12-09T15:00:00+00:00")
    with uow() as repo:
        first = repo.followups_for_member(1)[0]
        repo.transition_followup(
            first.id, (FollowUpState.PENDING,), FollowUpState.SNOOZED, TUESDAY, due_at=snoozed_to
        )
    run(core, olga(), "settings cadence 2 5 30")
    assert dues(uow, "Alex")[FollowUpKind.THANK_YOU] == (snoozed_to, FollowUpState.SNOOZED)


def test_a_group_zone_moves_members_without_their_own_keeping_their_local_time(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(SlashCommand(actor("Alex"), "rejected", "Acme"), TUESDAY)
    core.handle(SlashCommand(actor("Kim"), "rebound", "timezone Asia/Tokyo"), TUESDAY)
    core.handle(SlashCommand(actor("Kim"), "rejected", "Globex"), TUESDAY)
    kim_before = dues(uow, "Kim")
    (reply,) = run(core, olga(), "settings timezone America/New_York")
    assert "The group's timezone is now America/New_York" in text(reply)
    # 10:00 UTC on Wednesday becomes 10:00 in New York (15:00 UTC).
    assert dues(uow, "Alex")[FollowUpKind.THANK_YOU][0] == at("2026-12-02T15:00:00+00:00")
    assert dues(uow, "Kim") == kim_before, "a member's own zone is theirs"


def test_default_quiet_hours_and_weekends_reach_only_members_who_never_chose(
    core: Core, uow: UnitOfWork
) -> None:
    core.handle(SlashCommand(actor("Alex"), "rejected", "Acme"), TUESDAY)
    core.handle(SlashCommand(actor("Kim"), "rebound", "quiet 22:00-07:00"), TUESDAY)
    core.handle(SlashCommand(actor("Kim"), "rejected", "Globex"), TUESDAY)
    kim_before = dues(uow, "Kim")
    run(core, olga(), "settings quiet 08:00-11:00")
    # Wednesday 10:00 falls in Alex's new quiet hours: 11:00.
    assert dues(uow, "Alex")[FollowUpKind.THANK_YOU][0] == at("2026-12-02T11:00:00+00:00")
    assert dues(uow, "Kim") == kim_before
    with uow() as repo:
        alex, kim = repo.find_member(actor("Alex")), repo.find_member(actor("Kim"))
        assert alex is not None and kim is not None
        assert (alex.quiet_hours, alex.quiet_hours_chosen) == ("08:00-11:00", False)
        assert (kim.quiet_hours, kim.quiet_hours_chosen) == ("22:00-07:00", True)
    run(core, olga(), "settings weekends skip")
    with uow() as repo:
        alex = repo.find_member(actor("Alex"))
        assert alex is not None and alex.skip_weekends and not alex.weekends_chosen


def test_posts_off_and_a_moved_slot_cancel_what_was_pending(core: Core, uow: UnitOfWork) -> None:
    run(core, olga(), "settings")
    monday = at("2026-12-07T09:00:00+00:00")
    DueWork(uow, "UTC").materialize(monday, {"console"})
    with uow() as repo:
        group = repo.get_group("console", "T1", "general")
        assert group is not None
        kinds = [o.kind for o in repo.pending_occurrences(group.id)]
        assert kinds == [OccurrenceKind.NETWORKING, OccurrenceKind.SUMMARY]  # Wed 2, Mon 7
    (reply,) = run(core, olga(), "settings summary fri 17:00", monday)
    assert words.CANCELLED in text(reply)
    with uow() as repo:
        kinds = [o.kind for o in repo.pending_occurrences(group.id)]
        assert kinds == [OccurrenceKind.NETWORKING], "only the summary's slot moved"
    DueWork(uow, "UTC").materialize(monday + timedelta(minutes=1), {"console"})
    with uow() as repo:
        kinds = [o.kind for o in repo.pending_occurrences(group.id)]
        assert kinds == [OccurrenceKind.NETWORKING], "last Friday's slot is not posted late"
    wednesday = at("2026-12-09T12:00:00+00:00")
    DueWork(uow, "UTC").materialize(wednesday, {"console"})
    run(core, olga(), "settings posts off", wednesday)
    DueWork(uow, "UTC").materialize(at("2026-12-11T17:00:00+00:00"), {"console"})
    with uow() as repo:
        assert repo.pending_occurrences(group.id) == []
        states = {o.state for o in repo.occurrences_for_group(group.id)}  # type: ignore[attr-defined]
        assert states == {FollowUpState.CANCELLED}, "nothing was posted, nothing is planned"
