"""The rows the due-work bench delivers, and the floor it is compared with.

`seed` writes `count` due follow-up nudges, one per member, the members spread over a few
large groups (the shape that made one group query per item), on the console platform, with the
group's weekly posts off so that only the nudges are due. `reset` puts the same rows back to
waiting between runs. `bare_loop` is the least any claim-based delivery of them can cost: the
same claim statement Rebound uses (the same condition, 50 rows, `FOR UPDATE SKIP LOCKED` on
PostgreSQL) and one UPDATE marking the 50 sent, nothing read, rendered or sent.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from bot.records import FollowUpState
from storage.claims import claim
from storage.followups import WAITING, on_platforms
from storage.models import FollowUpRow, GroupRow, MemberRow, RejectionRow, WorkspaceRow

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday noon, outside quiet hours
SEEDED = NOW - timedelta(days=3)
DUE = NOW - timedelta(hours=1)  # due, late enough to say nothing of being late
GROUPS = 10
CHUNK = 10_000
PLATFORM = "console"


def seed(engine: Engine, count: int) -> None:
    """`count` due nudges, one per member, in GROUPS groups of one workspace."""
    with engine.begin() as db:
        workspace = db.execute(
            insert(WorkspaceRow)
            .values(platform=PLATFORM, external_id="T-bench", created_at=SEEDED)
            .returning(WorkspaceRow.id)
        ).scalar_one()
        groups = [
            db.execute(
                insert(GroupRow)
                .values(workspace_id=workspace, channel_id=f"C{n}", name=f"group-{n}",
                        created_at=SEEDED, summary_schedule="", networking_schedule="")
                .returning(GroupRow.id)
            ).scalar_one()
            for n in range(GROUPS)
        ]  # fmt: skip
        for start in range(0, count, CHUNK):
            numbers = range(start, min(start + CHUNK, count))
            members = db.execute(
                insert(MemberRow).returning(MemberRow.id, sort_by_parameter_order=True),
                [
                    {"workspace_id": workspace, "user_id": f"U{n}", "display_name": f"Member {n}",
                     "home_group_id": groups[n % GROUPS], "created_at": SEEDED, "timezone": "UTC"}
                    for n in numbers
                ],
            ).scalars().all()  # fmt: skip
            rejections = db.execute(
                insert(RejectionRow).returning(RejectionRow.id, sort_by_parameter_order=True),
                [
                    {"member_id": member, "group_id": groups[n % GROUPS],
                     "company": f"Company {n}", "company_key": f"company {n}", "role": "Analyst",
                     "logged_at": SEEDED}
                    for n, member in zip(numbers, members, strict=True)
                ],
            ).scalars().all()  # fmt: skip
            db.execute(
                insert(FollowUpRow),
                [
                    {"rejection_id": rejection, "member_id": member, "kind": "thank_you",
                     "due_at": DUE, "state": FollowUpState.PENDING.value, "created_at": SEEDED,
                     "updated_at": SEEDED}
                    for member, rejection in zip(members, rejections, strict=True)
                ],
            )  # fmt: skip
    tidy(engine)


def reset(engine: Engine) -> None:
    """Every seeded nudge waiting again, as it was seeded."""
    with engine.begin() as db:
        db.execute(
            update(FollowUpRow).values(
                state=FollowUpState.PENDING.value, attempts=0, updated_at=SEEDED, sent_at=None,
                message_ref="", last_error="", check_first=False,
            )
        )  # fmt: skip
    tidy(engine)


def tidy(engine: Engine) -> None:
    """Fresh statistics and no dead rows (PostgreSQL), so every run starts alike."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.exec_driver_sql("VACUUM ANALYZE")


def states(engine: Engine) -> dict[str, int]:
    with engine.connect() as db:
        query = select(FollowUpRow.state, func.count()).group_by(FollowUpRow.state)
        return {state: n for state, n in db.execute(query)}


def bare_loop(engine: Engine, batch: int = 50) -> tuple[int, float]:
    """Claim and mark sent in batches until none is left; (rows, seconds)."""
    done = 0
    started = time.perf_counter()
    waiting = [WAITING, FollowUpRow.due_at <= NOW, on_platforms([PLATFORM])]
    while True:
        with Session(engine) as session, session.begin():
            ids = claim(session, FollowUpRow, waiting, NOW, batch)
        if not ids:
            return done, time.perf_counter() - started
        with engine.begin() as db:
            db.execute(
                update(FollowUpRow)
                .where(FollowUpRow.id.in_(ids), FollowUpRow.state == FollowUpState.SENDING.value)
                .values(state=FollowUpState.SENT.value, sent_at=NOW, updated_at=NOW)
            )
        done += len(ids)
