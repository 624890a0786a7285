"""The repository port's history side: what a group's members logged, read in a fixed number
of statements however large the group (the weekly summary, `/momentum group`, streaks and the
chart are computed from it in `bot.momentum`).

Only what the week needs leaves the database: the last seven days step by step (a line names
them), the chart's weeks as counts (the database counts), and for streaks each member's first
and last moment per UTC week, only as far back as a streak can reach.

Part of `bot.ports.Repository`; `storage.week` implements it. Members whose privacy is
`private` are left out entirely: nothing of theirs is read for the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.records import ActivityKind, Goal, Privacy

WEEK = timedelta(days=7)
# A streak is cut at a UTC week with no step only where no member's own week can reach across
# it: local weeks begin at most this far before (zones east of UTC) or after UTC's Monday.
EAST_SECONDS = 14 * 3600  # UTC+14, Kiritimati
WEST_SECONDS = 12 * 3600  # UTC-12


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
class WeekCount:
    """How many steps of one kind (None: rejections) the group took in one seven-day stretch:
    `back` 0 is the seven days before the history's end, 1 the seven before those, and so on."""

    back: int
    kind: ActivityKind | None
    count: int


@dataclass(frozen=True)
class GroupHistory:
    people: tuple[Person, ...]  # everyone with a step in the last seven days or a goal, by id
    steps: tuple[Step, ...]  # those of the last seven days, oldest first
    goals: tuple[Goal, ...]
    spans: tuple[Span, ...] = ()  # one per member and UTC week with a step (see `group_history`)
    counts: tuple[WeekCount, ...] = ()  # the chart's weeks; a kind not taken is not listed


class WeekStore(Protocol):
    def group_history(
        self, group_id: int, since: datetime, until: datetime, weeks: int
    ) -> GroupHistory:
        """What the group's members (but `private` ones) logged before `until`: each step of
        the last seven days, the counts of the last `weeks` seven-day stretches, their goals,
        and the spans in [since, until) of each member's UTC weeks with a step; in a number of
        statements that does not grow with the group.

        Spans may stop short: those before a member's latest UTC week that no local week can
        reach across (no step that week, none in the last EAST_SECONDS of the week before, none
        in the first WEST_SECONDS of the week after) may be left out, but for the member's
        earliest; every streak, and whether a member was ever active before, stays the same."""
        ...
