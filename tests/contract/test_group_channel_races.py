"""`/rebound setup` while other commands of the workspace are under way, on SQLite and
PostgreSQL (the in-memory fake runs one transaction at a time): whoever is in the middle of a
command ends up in the chosen group with what they logged."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from bot.ports import UnitOfWork
from bot.records import ActivityKind
from bot.values import Actor
from tests.backends import real_databases_only
from tests.contract.test_repository_contract import ALEX, NOON, SAM

ORGANISER = Actor("slack", "T1", "U9", "Olga", "C9", "main")


def slow_command(uow: UnitOfWork, who: Actor, started: threading.Event, log: bool) -> None:
    """A member's command that holds its transaction open for a moment after it began."""
    with uow() as repo:
        member = repo.ensure_member(who, NOON)
        repo.lock_member(member.id)
        if log:
            repo.add_activity(member.id, ActivityKind.APPLIED, "Acme", NOON)
        started.set()
        time.sleep(0.5)


def setup_during(uow: UnitOfWork, who: Actor, *, log: bool) -> None:
    started = threading.Event()
    command = threading.Thread(target=slow_command, args=(uow, who, started, log))
    command.start()
    assert started.wait(5)
    with uow() as repo:
        repo.ensure_member(ORGANISER, NOON)  # the organiser's own command
        repo.choose_group_channel("slack", "T1", "C9")
    command.join()


@real_databases_only
def test_what_a_member_logs_while_setup_runs_counts_in_the_chosen_group(uow: UnitOfWork) -> None:
    with uow() as repo:
        alex = repo.ensure_member(ALEX, NOON)  # in #C1
        repo.ensure_member(ORGANISER, NOON)
    setup_during(uow, ALEX, log=True)
    with uow() as repo:
        chosen = repo.get_group("slack", "T1", "C9")
        assert chosen is not None
        assert getattr(repo.get_member(alex.id), "home_channel_id", None) == "C9"
        week = repo.group_activity_counts(chosen.id, NOON, NOON + timedelta(days=7))
    assert week == {ActivityKind.APPLIED: 1}


@real_databases_only
def test_a_first_command_while_setup_runs_joins_the_chosen_group(uow: UnitOfWork) -> None:
    with uow() as repo:
        repo.ensure_member(ALEX, NOON)
        repo.ensure_member(ORGANISER, NOON)
    setup_during(uow, SAM, log=False)  # Sam's first command, in #C1
    with uow() as repo:
        sam = repo.find_member(SAM)
    assert sam is not None and sam.home_channel_id == "C9"
