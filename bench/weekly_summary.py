"""How fast the weekly summary of a large group is built (issue 12): 1,000 members with a year
of history on SQLite (or PostgreSQL), from the reads to the finished blocks (without the chart).

    python -m bench.weekly_summary          20 measured builds, printed, PASS or FAIL
    python -m bench summary                 the same, as `make bench` runs it
    python -m bench.weekly_summary --url postgresql+psycopg://postgres@127.0.0.1/test
                                            the same on PostgreSQL (in a schema of its own)

The baseline, measured in the same run on the same database, is the floor any summary pays: one
bare SELECT of the week's activities. Exits 1 when p99 is above the target (200 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.orm import Session

from bench import results
from bench.stats import Summary
from bot.momentum.post import summary_post
from bot.records import ActivityKind, FollowUpState, Occurrence, OccurrenceKind
from storage import migrate, step_weeks
from storage.db import make_engine
from storage.models import ActivityRow, GroupRow, MemberRow, RejectionRow, WorkspaceRow
from storage.uow import SqlUnitOfWork

TARGET_MS = 200.0
END = datetime(2026, 12, 28, 8, 0, tzinfo=UTC)
KINDS = [k.value for k in ActivityKind]


def seed(engine: Engine, members: int, weeks: int = 52, per_week: int = 2) -> int:
    """One group, `members` members, `per_week` steps each week for `weeks` weeks; its id."""
    rng = random.Random(12)
    start = END - timedelta(weeks=weeks)
    with engine.begin() as db:
        workspace = db.execute(
            insert(WorkspaceRow)
            .values(platform="console", external_id="T1", created_at=start)
            .returning(WorkspaceRow.id)
        ).scalar_one()
        group = db.execute(
            insert(GroupRow)
            .values(workspace_id=workspace, channel_id="general", created_at=start)
            .returning(GroupRow.id)
        ).scalar_one()
        db.execute(
            insert(MemberRow),
            [
                {"workspace_id": workspace, "user_id": f"u{n}", "display_name": f"Member {n}",
                 "home_group_id": group, "created_at": start, "privacy": rng.choice(
                     ["counts", "counts", "full", "private"])}
                for n in range(members)
            ],
        )  # fmt: skip
        ids = list(db.scalars(select(MemberRow.id)))
        steps = [
            {"member_id": member, "group_id": group, "kind": rng.choice(KINDS),
             "detail": f"Company {rng.randint(1, 500)}",
             "occurred_at": start + timedelta(seconds=rng.randint(0, weeks * 7 * 86400))}
            for member in ids for _ in range(weeks * per_week)
        ]  # fmt: skip
        db.execute(insert(ActivityRow), steps)
        db.execute(
            insert(RejectionRow),
            [
                {"member_id": member, "group_id": group, "company": "Acme", "company_key": "acme",
                 "logged_at": start + timedelta(days=rng.randint(0, weeks * 7))}
                for member in ids for _ in range(10)
            ],
        )  # fmt: skip
    # Logged in bulk here, not through the repository: their weeks are stored as migration
    # 0012 stored those of steps logged before it.
    with Session(engine) as session, session.begin():
        step_weeks.rebuild(session, lambda table: table.group_id == group)
    return int(group)


def measure(engine: Engine, group_id: int, count: int) -> tuple[Summary, Summary, int, str]:
    uow = SqlUnitOfWork(engine)
    ours, base = [], []
    statements: list[str] = []

    def counted(*args: object) -> None:
        statements.append(str(args[2]))

    with uow() as repo:
        group = repo.get_group_by_id(group_id)
        assert group is not None
    occurrence = Occurrence(
        0, "summary:bench", OccurrenceKind.SUMMARY, group_id, END, FollowUpState.SENDING, 1, "",
        "", END, scheduled_at=END,
    )  # fmt: skip
    week = select(ActivityRow.member_id, ActivityRow.kind, ActivityRow.occurred_at).where(
        ActivityRow.group_id == group_id, ActivityRow.occurred_at >= END - timedelta(days=7)
    )
    shown = ""
    for n in range(count + 2):
        started = time.perf_counter()
        with engine.connect() as connection:
            connection.execute(week).all()
        base.append((time.perf_counter() - started) * 1000)
        if n == 0:
            event.listen(engine, "before_cursor_execute", counted)
        started = time.perf_counter()
        with uow() as repo:
            post = summary_post(repo, occurrence, group, "Europe/Berlin")
        ours.append((time.perf_counter() - started) * 1000)
        if n == 0:
            event.remove(engine, "before_cursor_execute", counted)
        shown = str(len(post.blocks))
    return Summary.of(ours[2:]), Summary.of(base[2:]), len(statements), shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weekly_summary")
    parser.add_argument("-n", "--count", type=int, default=20)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument(
        "--url", help="a PostgreSQL URL: the bench seeds its own schema there, then drops it"
    )
    parser.add_argument("--target", type=float, default=TARGET_MS, help="p99 limit in ms")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    return bench(parser.parse_args(argv))


def bench(args: argparse.Namespace) -> int:
    """As `python -m bench summary` runs it: measure, print, maybe record; 0 PASS, 1 FAIL."""
    members, url = getattr(args, "members", 1000), getattr(args, "url", None)
    ours, base, statements, backend = run(args.count, members, url)
    report(ours, base, statements, backend, args.target)
    if args.record:
        extra = (str(statements), backend)
        line = results.row(results.Machine.here(), ours, base, args.target, extra=extra)
        results.record(line, marker=results.SUMMARY_MARKER)
        print(f"recorded in {results.RESULTS}")
    return 0 if ours.p99 <= args.target else 1


def run(count: int, members: int, url: str | None = None) -> tuple[Summary, Summary, int, str]:
    """Seed a fresh database (a temporary SQLite file, or a throwaway schema at `url`) and
    measure there: (Rebound's builds, the baseline's, statements, which database)."""
    with database(url) as engine:
        migrate.upgrade(engine)
        started = time.perf_counter()
        group = seed(engine, members)
        with engine.begin() as db:  # committed: an ANALYZE rolled back leaves no statistics
            rows = db.execute(text("SELECT count(*) FROM activities")).scalar_one()
            if engine.dialect.name == "postgresql":
                db.execute(text("ANALYZE"))
        print(f"seeded {members} members, {rows} activities in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        ours, base, statements, _ = measure(engine, group, count)
        return ours, base, statements, "PostgreSQL" if url else "SQLite"


@contextmanager
def database(url: str | None) -> Iterator[Engine]:
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            yield engine
            engine.dispose()
        return
    schema = f"bench_summary_{os.getpid()}"
    admin = make_engine(url)
    with admin.begin() as db:
        db.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(url, schema=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as db:
            db.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def report(
    ours: Summary, base: Summary, statements: int, backend: str, target: float = TARGET_MS
) -> None:
    print(f"Weekly summary of one group, built without the chart ({backend})")
    print(f"  rebound   {ours.line()}  ({statements} SQL statements)")
    print(f"  baseline  {base.line()}  (one bare SELECT of the week's activities)")
    print(f"  ratio     {ours.ratio_line(base)}")
    passed = ours.p99 <= target
    print(f"{'PASS' if passed else 'FAIL'}: p99 {ours.p99:.1f} ms (target at most {target:g} ms)")


if __name__ == "__main__":
    sys.exit(main())
