"""A group's week, computed from its history (`bot.week_store`): pure functions, so that what
the summary says can be checked against a hand count.

- Totals count every step of members who are not `private` (they were never read).
- A member's line shows their numbers; a `full` member's also names the companies they
  applied to or followed up with. Only members who took a step this week get a line.
- A streak counts consecutive weeks with at least one step, in each member's own local week
  (Monday to Sunday in their zone), up to the week the summary ends in.
- Shout-outs are for effort: most follow-ups sent, a comeback after a quiet week, a long streak.
  Rejections are counted, never singled out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.records import ActivityKind, Goal, Privacy
from bot.timezones import at_local, effective, zone
from bot.week_store import WEEK, GroupHistory, Person, Span, Step, WeekCount

WEEKS_SHOWN = 8  # the chart's stretch
STREAK_WEEKS = 52  # how far back a streak is followed (the history read is this long)
LONG_STREAK = 3  # weeks in a row worth a shout-out
Kind = ActivityKind | None  # None: a rejection logged


@dataclass(frozen=True)
class MemberWeek:
    person: Person
    counts: Counter[Kind]
    companies: tuple[tuple[ActivityKind, str], ...]  # only for `full` members
    streak: int
    goals: tuple[tuple[Goal, int], ...] = ()  # each goal with how many this week

    @property
    def steps(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Shoutouts:
    most_followups: tuple[str, ...] = ()
    followups: int = 0
    comebacks: tuple[str, ...] = ()
    streaks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class GroupWeek:
    start: datetime
    end: datetime
    totals: Counter[Kind]
    members: tuple[MemberWeek, ...]  # most steps first
    shoutouts: Shoutouts
    weekly: tuple[tuple[datetime, Counter[Kind]], ...] = field(default=())  # the chart's weeks


def history_start(end: datetime) -> datetime:
    """How far back streaks are followed: a year's weeks, and a week's slack for zones."""
    return end - WEEK * (STREAK_WEEKS + 1)


def group_week(history: GroupHistory, end: datetime, group_tz: str) -> GroupWeek:
    start = end - WEEK
    this_week = [s for s in history.steps if start <= s.at < end]
    totals: Counter[Kind] = Counter(s.kind for s in this_week)
    by_member: dict[int, list[Step]] = {}
    for step in this_week:
        by_member.setdefault(step.member_id, []).append(step)
    spans: dict[int, list[Span]] = {}
    for span in history.spans:
        spans.setdefault(span.member_id, []).append(span)
    people = {p.member_id: p for p in history.people}
    goals: dict[int, list[Goal]] = {}
    for goal in history.goals:
        goals.setdefault(goal.member_id, []).append(goal)
    members = []
    comebacks: list[str] = []
    for member_id, mine in by_member.items():
        person = people[member_id]
        tz = effective(person.timezone, group_tz)
        weeks = spanned_weeks(spans.get(member_id, ()), tz, end) | active_weeks(mine, tz)
        counts: Counter[Kind] = Counter(s.kind for s in mine)
        named = tuple((s.kind, s.company) for s in mine if s.kind is not None and s.company)
        current = local_week(end - timedelta(microseconds=1), tz)
        streak = streak_to(weeks, current)
        if _came_back(weeks, current):
            comebacks.append(person.display_name)
        progress = tuple(
            (g, sum(1 for s in mine if s.kind is g.kind.activity)) for g in goals.get(member_id, ())
        )
        members.append(
            MemberWeek(
                person,
                counts,
                named if person.privacy is Privacy.FULL else (),
                streak,
                progress,
            )
        )
    members.sort(key=lambda m: (-m.steps, m.person.display_name.casefold(), m.person.member_id))
    return GroupWeek(
        start,
        end,
        totals,
        tuple(members),
        _shoutouts(members, comebacks),
        counted_weeks(history.counts, end),
    )


def weekly_counts(
    steps: Sequence[Step], end: datetime, weeks: int = WEEKS_SHOWN
) -> tuple[tuple[datetime, Counter[Kind]], ...]:
    """The last `weeks` seven-day stretches up to `end`, oldest first: (start, counts)."""
    counts: list[Counter[Kind]] = [Counter() for _ in range(weeks)]
    for step in steps:
        back = (end - step.at) // WEEK  # 0 for the last seven days
        if step.at < end and back < weeks:
            counts[weeks - 1 - back][step.kind] += 1
    return tuple((end - WEEK * (weeks - index), c) for index, c in enumerate(counts))


def counted_weeks(
    counts: Sequence[WeekCount], end: datetime, weeks: int = WEEKS_SHOWN
) -> tuple[tuple[datetime, Counter[Kind]], ...]:
    """As `weekly_counts`, from the counts the database made of the group's weeks."""
    found: list[Counter[Kind]] = [Counter() for _ in range(weeks)]
    for counted in counts:
        if counted.back < weeks:
            found[weeks - 1 - counted.back][counted.kind] += counted.count
    return tuple((end - WEEK * (weeks - index), c) for index, c in enumerate(found))


def local_week(moment: datetime, tz: str) -> date:
    """The Monday of the member's own week that `moment` falls in."""
    day = moment.astimezone(zone(tz)).date()
    return day - timedelta(days=day.weekday())


def active_weeks(steps: Sequence[Step], tz: str) -> set[date]:
    return {local_week(step.at, tz) for step in steps}


def spanned_weeks(spans: Sequence[Span], tz: str, end: datetime) -> set[date]:
    """The member's own weeks with a step: a UTC week's steps all lie between its first and
    last, which fall in at most two local weeks, so those two are all of them. Each moment is
    placed among the member's local Mondays (seconds, bisected): a year of spans is cheap."""
    mondays = _mondays(tz, local_week(end, tz))
    starts = [second for second, _monday in mondays]
    found = set()
    for span in spans:
        for moment in (span.first, span.last):
            index = bisect_right(starts, moment) - 1
            if index >= 0:
                found.add(mondays[index][1])
    return found


@lru_cache(maxsize=512)
def _mondays(tz: str, current: date) -> tuple[tuple[int, date], ...]:
    """Each local Monday 00:00 of the streak's stretch up to `current`, as (UTC seconds, day)."""
    days = [current - WEEK * back for back in range(STREAK_WEEKS + 2, -2, -1)]
    return tuple((int(at_local(day, 0, 0, tz).timestamp()), day) for day in days)


def streak_to(weeks: set[date], current: date) -> int:
    """Weeks in a row with a step, ending with `current` (or the week before, if `current`
    has none yet: a streak is not broken by a week that has only just begun)."""
    week = current if current in weeks else current - WEEK
    count = 0
    while week in weeks:
        count += 1
        week -= WEEK
    return count


def _came_back(weeks: set[date], current: date) -> bool:
    """Active this week (or last, if theirs has only just begun), quiet the week before it,
    and active at some time before that."""
    latest = current if current in weeks else current - WEEK
    before = latest - WEEK
    return latest in weeks and before not in weeks and any(w < before for w in weeks)


def _shoutouts(members: list[MemberWeek], comebacks: list[str]) -> Shoutouts:
    most = max((m.counts[ActivityKind.FOLLOWUP_SENT] for m in members), default=0)
    leaders = tuple(
        m.person.display_name
        for m in members
        if most and m.counts[ActivityKind.FOLLOWUP_SENT] == most
    )
    streaks = tuple(
        (m.person.display_name, m.streak)
        for m in sorted(members, key=lambda m: -m.streak)
        if m.streak >= LONG_STREAK
    )
    return Shoutouts(leaders, most, tuple(sorted(comebacks)), streaks[:3])
