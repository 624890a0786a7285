"""The repository port's history side: everything a group's members logged over a stretch of
weeks, read in a fixed number of statements however large the group (the weekly summary,
`/momentum group`, streaks and the chart are computed from it in `bot.momentum`).

Part of `bot.ports.Repository`; `storage.week` implements it. Members whose privacy is
`private` are left out entirely: nothing of theirs is read for the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.records import ActivityKind, Goal, Privacy


@dataclass(frozen=True)
class Person:
    member_id: int
    display_name: str
    privacy: Privacy  # `counts` or `full`: `private` members are never read
    timezone: str | None  # their own choice; None follows the group's


@dataclass(frozen=True)
class Step:
    """One thing a member logged: an activity, or (`kind` None) a rejection.

    `company` is what a `full` member lets the group see: an application as logged, a
    follow-up's company (and role); "" for every other kind. Never a note or feedback."""

    member_id: int
    kind: ActivityKind | None
    at: datetime
    company: str = ""


@dataclass(frozen=True)
class Span:
    """When a member first and last logged something within one UTC week (Monday to Monday),
    in whole seconds since 1970 UTC: enough to tell which of their own local weeks had a step,
    since one UTC week touches at most two of them and every step of it lies between these two
    moments. Seconds, not datetimes: a large group's year is many of them."""

    member_id: int
    first: int
    last: int


@dataclass(frozen=True)
class GroupHistory:
    people: tuple[Person, ...]  # everyone with a recent step or a goal, by id
    steps: tuple[Step, ...]  # the recent ones, oldest first
    goals: tuple[Goal, ...]
    spans: tuple[Span, ...] = ()  # the whole stretch, one per member and UTC week with a step


class WeekStore(Protocol):
    def group_history(
        self, group_id: int, since: datetime, recent: datetime, until: datetime
    ) -> GroupHistory:
        """What the group's members (but `private` ones) logged: each step in [recent, until),
        and per member and UTC week only the first and last moment in [since, until), with
        their goals; in a number of statements that does not grow with the group."""
        ...
