"""The repository's batch methods, which the due-work pass uses for a whole claimed batch at once
(issue 13): they must do to each row exactly what the one-row methods do, on the fake, SQLite and
PostgreSQL alike, fences included."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import UnitOfWork
from bot.records import FollowUpKind, FollowUpState, OccurrenceKind
from bot.values import Actor
from tests.helpers import at

NOON = at("2026-12-01T12:00:00+00:00")
ALEX = Actor("slack", "T1", "U1", "Alex", "C1", "job-hunt")
SAM = Actor("slack", "T1", "U2", "Sam", "C2", "other-hunt")
SLACK = frozenset({"slack"})
S = FollowUpState


def test_members_and_groups_many_at_once_are_the_ones_read_one_by_one(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex, sam = repo.ensure_member(ALEX, NOON), repo.ensure_member(SAM, NOON)
        found = repo.get_members([sam.id, alex.id, alex.id, 999_999])
        assert found == {alex.id: repo.get_member(alex.id), sam.id: repo.get_member(sam.id)}
        assert repo.get_members([]) == {}
        places = [("slack", "T1", "C1"), ("slack", "T1", "C2"), ("slack", "T1", "nowhere")]
        groups = repo.get_groups(places)
        assert groups == {place: repo.get_group(*place) for place in places[:2]}
        assert repo.get_groups([("discord", "T1", "C1")]) == {}


def test_renewing_and_recording_many_claims_keeps_each_rows_fence(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)
        ids = []
        for n in range(3):
            rejection = repo.add_rejection(alex.id, f"Co{n}", "", "", NOON)
            ids.append(
                repo.add_followup(rejection.id, alex.id, FollowUpKind.THANK_YOU, NOON, NOON).id
            )
        claimed = repo.claim_due_followups(NOON, 3, SLACK)
        assert {f.id for f in claimed} == set(ids)
        # The member marks the first one done meanwhile: its claim no longer holds.
        assert repo.transition_followup(ids[0], [S.SENDING], S.DONE, NOON)
        later = NOON + timedelta(minutes=1)
        claims = [(i, NOON) for i in ids]
        assert repo.renew_claims("followup", claims, later) == {ids[1], ids[2]}
        assert repo.renew_claims("followup", claims, later) == set(), "the claims moved on"
        stale = [(ids[1], NOON, "m-stale")]
        assert repo.record_sent("followup", stale, later) == set()
        sent = [(ids[0], later, "m0"), (ids[1], later, "m1"), (ids[2], later, "m2")]
        assert repo.record_sent("followup", sent, later) == {ids[1], ids[2]}
        rows = [repo.get_followup(i) for i in ids]
    assert [r.state if r else None for r in rows] == [S.DONE, S.SENT, S.SENT]
    for row, ref in zip(rows[1:], ["m1", "m2"], strict=True):
        assert row is not None
        assert (row.message_ref, row.sent_at, row.attempts, row.check_first) == (
            ref, later, 0, False,
        )  # fmt: skip


def test_occurrences_are_renewed_and_recorded_in_batches_too(uow: UnitOfWork) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        group = repo.get_group("slack", "T1", "C1")
        assert group is not None
        for n in range(2):
            repo.add_occurrence(f"post:{n}", OccurrenceKind.SUMMARY, group.id, NOON, NOON)
        claimed = repo.claim_due_occurrences(NOON, 5, SLACK)
        later = NOON + timedelta(minutes=1)
        claims = [(o.id, o.updated_at) for o in claimed]
        assert repo.renew_claims("occurrence", claims, later) == {o.id for o in claimed}
        sent = [(o.id, later, f"m{o.id}") for o in claimed]
        assert repo.record_sent("occurrence", sent, later) == {o.id for o in claimed}
        rows = repo.pending_occurrences(group.id)
    assert rows == [], "both were sent"
