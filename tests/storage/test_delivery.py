"""Claims for the delivery engine: follow-ups and group occurrences, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, select

from bot.ports import Repository, UnitOfWork
from bot.records import (
    WAITING_STATES,
    FollowUpKind,
    FollowUpState,
    Group,
    Member,
    OccurrenceKind,
)
from storage import models
from storage.uow import SqlUnitOfWork
from tests.storage.support import NOON, PLATFORMS, POSTGRES_ONLY, SAM, member, race

PENDING, SENDING, SENT = FollowUpState.PENDING, FollowUpState.SENDING, FollowUpState.SENT
SUMMARY = OccurrenceKind.SUMMARY
MINUTE = timedelta(minutes=1)


def due(repo: Repository, who: Member, due_at: datetime, company: str = "Acme") -> int:
    """A rejection with one follow-up due at `due_at`; the follow-up's id."""
    rejection = repo.add_rejection(who.id, company, "Analyst", "", NOON - timedelta(days=1))
    return repo.add_followup(rejection.id, who.id, FollowUpKind.THANK_YOU, due_at, NOON).id


def home_group(repo: Repository) -> Group:
    member(repo)
    group = repo.get_group("slack", "T1", "C1")
    assert group is not None
    return group


# --- follow-ups -------------------------------------------------------------------------


def test_claim_due_followups_takes_each_waiting_row_once(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        early, late, future, sent, snoozed = (
            due(repo, alex, NOON + minutes * MINUTE, f"Company {minutes}")
            for minutes in (-30, -10, 60, -20, 0)
        )
        repo.transition_followup(sent, WAITING_STATES, SENT, NOON - MINUTE)
        repo.transition_followup(
            snoozed, WAITING_STATES, FollowUpState.SNOOZED, NOON, due_at=NOON - 5 * MINUTE
        )
    now = NOON + MINUTE
    with uow() as repo:
        claimed = repo.claim_due_followups(now, 10, PLATFORMS)
        assert repo.claim_due_followups(now, 10, PLATFORMS) == [], (
            "a claimed row is not due any more"
        )
    assert [f.id for f in claimed] == [early, late, snoozed], "earliest due first"
    assert {(f.state, f.attempts, f.updated_at) for f in claimed} == {(SENDING, 1, now)}
    assert (claimed[0].company, claimed[0].role) == ("Company -30", "Analyst")
    with uow() as repo:
        assert repo.claim_due_followups(now, 10, PLATFORMS) == []
        assert [repo.get_followup(f.id) for f in claimed] == claimed
        untouched = repo.get_followup(future), repo.get_followup(sent)
    assert [(f.state, f.attempts) for f in untouched if f] == [(PENDING, 0), (SENT, 0)]


def test_claim_due_followups_honours_the_limit_and_the_due_time(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        ids = [due(repo, alex, NOON - n * MINUTE, f"Company {n}") for n in range(3)]
        assert repo.claim_due_followups(NOON, 0, PLATFORMS) == []
        assert repo.claim_due_followups(NOON - 3 * MINUTE, 10, PLATFORMS) == []
    with uow() as repo:
        first = repo.claim_due_followups(NOON, 2, PLATFORMS)
        second = repo.claim_due_followups(NOON, 2, PLATFORMS)
        third = repo.claim_due_followups(NOON, 2, PLATFORMS)
    assert [f.id for f in first] == [ids[2], ids[1]]
    assert [f.id for f in second] == [ids[0]], "due exactly now counts as due"
    assert third == []


def test_claim_stale_followups_takes_only_old_sending_rows(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = member(repo)
        old, fresh, at_cutoff, waiting = (
            due(repo, alex, NOON - timedelta(hours=1), f"Company {n}") for n in range(4)
        )
        for followup_id, claimed_at in ((old, 10), (fresh, 1), (at_cutoff, 5)):
            repo.transition_followup(
                followup_id, WAITING_STATES, SENDING, NOON - claimed_at * MINUTE
            )
    cutoff = NOON - 5 * MINUTE
    with uow() as repo:
        stale = repo.claim_stale_followups(NOON, cutoff, 10, PLATFORMS)
        again = repo.claim_stale_followups(NOON, cutoff, 10, PLATFORMS)
        still_waiting = repo.get_followup(waiting)
    assert [f.id for f in stale] == [old]
    assert (stale[0].state, stale[0].attempts, stale[0].updated_at) == (SENDING, 2, NOON)
    assert again == [], "the re-claim renewed the row's lease"
    assert still_waiting is not None and still_waiting.state is PENDING
    later = NOON + timedelta(hours=1)
    with uow() as repo:
        first = repo.claim_stale_followups(later, later, 1, PLATFORMS)
        rest = repo.claim_stale_followups(later, later, 10, PLATFORMS)
    # All three are due at the same time, so the id breaks the tie.
    assert [f.id for f in first] == [old]
    assert [f.id for f in rest] == [fresh, at_cutoff]


def test_due_and_stale_claims_in_one_unit_of_work_do_not_overlap(uow: UnitOfWork) -> None:
    """What a due-work pass does: stale first, then due, in one transaction."""
    with uow() as repo:
        alex = member(repo)
        stuck = due(repo, alex, NOON - timedelta(hours=1), "Stuck")
        waiting = due(repo, alex, NOON - MINUTE, "Waiting")
        repo.transition_followup(stuck, WAITING_STATES, SENDING, NOON - timedelta(hours=1))
    with uow() as repo:
        stale = repo.claim_stale_followups(NOON, NOON - 5 * MINUTE, 10, PLATFORMS)
        fresh = repo.claim_due_followups(NOON, 10, PLATFORMS)
        assert repo.claim_stale_followups(NOON, NOON, 10, PLATFORMS) == [], (
            "claimed now is not stale"
        )
    assert [f.id for f in stale] == [stuck]
    assert [f.id for f in fresh] == [waiting]


def test_transition_followup_writes_the_message_ref(uow: UnitOfWork, engine: Engine) -> None:
    with uow() as repo:
        followup_id = due(repo, member(repo), NOON)
    t1, t2, t3 = (NOON + n * MINUTE for n in (1, 2, 3))
    with uow() as repo:
        repo.transition_followup(followup_id, WAITING_STATES, SENDING, t1)
        assert repo.transition_followup(followup_id, [SENDING], SENT, t2, message_ref="1733.0001")
        assert repo.transition_followup(followup_id, [SENT], FollowUpState.DONE, t3)
        done = repo.get_followup(followup_id)
    assert done is not None and (done.sent_at, done.done_at, done.updated_at) == (t2, t3, t3)
    row = models.FollowUpRow
    with engine.connect() as db:
        stored = db.execute(select(row.message_ref).where(row.id == followup_id)).scalar_one()
    assert stored == "1733.0001", "a transition without a message_ref keeps the one written"


# --- occurrences ------------------------------------------------------------------------


def test_add_occurrence_once_per_key(uow: UnitOfWork, engine: Engine) -> None:
    key = "summary:1:2026-W49"
    with uow() as repo:
        group = home_group(repo)
        assert repo.add_occurrence(key, SUMMARY, group.id, NOON, NOON)
        assert not repo.add_occurrence(key, SUMMARY, group.id, NOON + MINUTE, NOON + MINUTE)
    with uow() as repo:
        assert not repo.add_occurrence(key, SUMMARY, group.id, NOON, NOON)
        other = "networking:1:2026-W49"
        assert repo.add_occurrence(other, OccurrenceKind.NETWORKING, group.id, NOON, NOON)
    with SqlUnitOfWork(engine)() as repo:
        stored = repo.occurrences_for_group(group.id)
    assert [(o.key, o.kind, o.due_at) for o in stored] == [
        (key, SUMMARY, NOON),
        (other, OccurrenceKind.NETWORKING, NOON),
    ]
    assert {(o.state, o.attempts, o.last_error, o.message_ref) for o in stored} == {
        (PENDING, 0, "", "")
    }


def test_occurrence_claims_and_transitions(engine: Engine) -> None:
    store = SqlUnitOfWork(engine)
    hour = timedelta(hours=1)
    with store() as repo:
        group = home_group(repo)
        assert repo.next_occurrence_due_at(PLATFORMS) is None
        for key, due_at in (("a", NOON - 2 * hour), ("b", NOON - hour), ("c", NOON + hour)):
            repo.add_occurrence(key, SUMMARY, group.id, due_at, NOON - 3 * hour)
        assert repo.next_occurrence_due_at(PLATFORMS) == NOON - 2 * hour
    with store() as repo:
        a, b = repo.claim_due_occurrences(NOON, 10, PLATFORMS)
        assert repo.claim_due_occurrences(NOON, 10, PLATFORMS) == []
        assert repo.next_occurrence_due_at(PLATFORMS) == NOON + hour, "only PENDING ones count"
    assert (a.key, a.kind, a.group_id, a.state, a.attempts, a.updated_at) == (
        "a",
        SUMMARY,
        group.id,
        SENDING,
        1,
        NOON,
    )
    assert (b.key, b.state) == ("b", SENDING)

    later = NOON + MINUTE
    with store() as repo:
        assert repo.transition_occurrence(a.id, [SENDING], SENT, later, message_ref="m1")
        assert not repo.transition_occurrence(a.id, [SENDING], FollowUpState.FAILED, later)
        retry = NOON + 5 * MINUTE
        assert repo.transition_occurrence(
            b.id, [SENDING], PENDING, later, due_at=retry, error="5xx"
        )
        assert not repo.transition_occurrence(b.id + 1000, [PENDING], SENDING, later)
        after = {o.key: o for o in repo.occurrences_for_group(group.id)}
        assert repo.next_occurrence_due_at(PLATFORMS) == retry
    assert (after["a"].state, after["a"].message_ref, after["a"].updated_at) == (SENT, "m1", later)
    assert (after["b"].state, after["b"].due_at, after["b"].last_error) == (PENDING, retry, "5xx")
    assert after["c"].state is PENDING

    with store() as repo:
        (b_again,) = repo.claim_due_occurrences(retry, 10, PLATFORMS)
    with store() as repo:
        assert repo.claim_stale_occurrences(retry + MINUTE, retry, 10, PLATFORMS) == []
        (stale,) = repo.claim_stale_occurrences(retry + hour, retry + MINUTE, 10, PLATFORMS)
    assert (b_again.id, b_again.attempts) == (b.id, 2)
    assert (stale.id, stale.state, stale.attempts, stale.updated_at) == (
        b.id,
        SENDING,
        3,
        retry + hour,
    )


def test_occurrences_are_group_data(engine: Engine) -> None:
    store = SqlUnitOfWork(engine)
    with store() as repo:
        group = home_group(repo)
        sam = member(repo, SAM)
        repo.add_occurrence("summary:x", SUMMARY, group.id, NOON, NOON)
    with store() as repo:
        repo.delete_member_data(sam.id)
        assert len(repo.occurrences_for_group(group.id)) == 1, "a member's deletion keeps them"
    occurrences = select(func.count()).select_from(models.OccurrenceRow)
    with engine.begin() as db:
        db.execute(delete(models.GroupRow).where(models.GroupRow.id == group.id))
        assert db.execute(occurrences).scalar_one() == 0, "the group's deletion takes them"


# --- concurrency (PostgreSQL) -----------------------------------------------------------


@POSTGRES_ONLY
def test_concurrent_passes_claim_each_followup_exactly_once(
    uow: UnitOfWork, database_url: str, schema: str | None
) -> None:
    with uow() as repo:
        alex = member(repo)
        for n in range(1000):
            due(repo, alex, NOON - (n % 97) * MINUTE, f"Company {n}")

    def drain(own: UnitOfWork, start: threading.Barrier) -> list[int]:
        start.wait()
        claimed: list[int] = []
        while True:
            with own() as repo:
                batch = repo.claim_due_followups(NOON, 50, PLATFORMS)
            if not batch:
                return claimed
            assert {(f.state, f.attempts) for f in batch} == {(SENDING, 1)}
            claimed += [f.id for f in batch]

    claims = race(3, database_url, schema, drain)
    everything = [followup_id for own in claims for followup_id in own]
    assert len(everything) == 1000
    assert len(set(everything)) == 1000, "no follow-up claimed twice"
    with uow() as repo:
        after = repo.followups_for_member(alex.id)
    assert len(after) == 1000
    assert {(f.state, f.attempts) for f in after} == {(SENDING, 1)}


@POSTGRES_ONLY
def test_concurrent_add_occurrence_makes_one_row(
    uow: UnitOfWork, engine: Engine, database_url: str, schema: str | None
) -> None:
    with uow() as repo:
        group = home_group(repo)

    def add(own: UnitOfWork, start: threading.Barrier) -> bool:
        with own() as repo:
            start.wait()
            inserted = repo.add_occurrence("summary:1:2026-W49", SUMMARY, group.id, NOON, NOON)
            time.sleep(0.2)  # hold the transaction open, so the others meet an uncommitted row
            return inserted

    inserted = race(5, database_url, schema, add, timeout=60)
    assert sorted(inserted) == [False, False, False, False, True]
    with engine.connect() as db:
        rows = db.execute(select(func.count()).select_from(models.OccurrenceRow)).scalar_one()
    assert rows == 1


def test_a_claim_is_one_update_statement(engine: Engine) -> None:
    with SqlUnitOfWork(engine)() as repo:
        due(repo, member(repo), NOON)
    statements: list[str] = []

    def record(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        with SqlUnitOfWork(engine)() as repo:
            (claimed,) = repo.claim_due_followups(NOON, 10, PLATFORMS)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    claim, *reads = statements
    assert claim.startswith("WITH chosen AS ") and "UPDATE followups SET" in claim
    assert claim.count("UPDATE followups") == 1 and "RETURNING" in claim
    postgres = engine.dialect.name == "postgresql"
    assert ("FOR UPDATE SKIP LOCKED" in claim) is postgres
    # Chosen once, so a re-run of the choice can never take more than the batch.
    assert ("chosen AS MATERIALIZED" in claim) is postgres
    assert reads and all(s.startswith("SELECT") for s in reads), "then only reads"
    assert claimed.state is SENDING


@POSTGRES_ONLY
def test_a_claim_skips_rows_another_pass_holds(
    engine: Engine, database_url: str, schema: str | None
) -> None:
    with SqlUnitOfWork(engine)() as repo:
        alex = member(repo)
        ids = [due(repo, alex, NOON - n * MINUTE, f"Company {n}") for n in range(4)]
    # A second engine that gives up instead of waiting, should a claim ever wait for a lock.
    impatient = create_engine(
        database_url, connect_args={"options": f"-csearch_path={schema} -clock_timeout=2s"}
    )
    try:
        with SqlUnitOfWork(engine)() as first:
            held = first.claim_due_followups(
                NOON, 2, PLATFORMS
            )  # uncommitted: these rows stay locked
            with SqlUnitOfWork(impatient)() as second:
                taken = second.claim_due_followups(NOON, 10, PLATFORMS)
    finally:
        impatient.dispose()
    assert [f.id for f in held] == [ids[3], ids[2]]
    assert [f.id for f in taken] == [ids[1], ids[0]]
