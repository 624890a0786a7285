"""The weekly summary as blocks: the group's totals, a line per member who moved (as their
privacy allows), shout-outs for effort, the events of the coming week, and the chart.

Shared by the weekly post and `/momentum group`, so both always say the same things.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot import markup
from bot.event_records import Event
from bot.messages import momentum as words
from bot.momentum.week import GroupWeek, MemberWeek
from bot.records import ActivityKind
from bot.values import Block, BulletList, Fields, Line, LocalTime, Span

MAX_LINES = 12  # members named in one post: it stays readable on a phone
MAX_COMPANIES = 5


def blocks(
    week: GroupWeek, tz: str, events: Sequence[Event] = (), extra: Sequence[Block] = ()
) -> tuple[Block, ...]:
    """`extra`: blocks that follow the totals (the group's follow-up reply rate)."""
    found: list[Block] = [
        *markup.blocks(
            words.SUMMARY_TITLE,
            {
                "start": LocalTime(week.start, tz, "date"),
                "end": LocalTime(week.end - timedelta(seconds=1), tz, "date"),
            },
        ),
        Fields(
            tuple((label, (Span(str(week.totals[kind])),)) for kind, label in words.TOTAL_LABELS)
        ),
        *extra,
    ]
    if week.members:
        lines = tuple(member_line(m) for m in week.members[:MAX_LINES])
        found += [*markup.blocks(words.MEMBERS_TITLE), BulletList(lines)]
        hidden = len(week.members) - MAX_LINES
        if hidden > 0:
            template = words.MORE_MEMBER if hidden == 1 else words.MORE_MEMBERS
            found += markup.blocks(template, {"count": hidden})
    found += _shoutouts(week)
    if events:
        coming = tuple(
            markup.line(words.COMING_EVENT, {"title": e.title, "when": LocalTime(e.starts_at, tz)})
            for e in events
        )
        found += [*markup.blocks(words.COMING_UP), BulletList(coming)]
    found += markup.blocks(words.MOVING if sum(week.totals.values()) else words.QUIET)
    return tuple(found)


def headline(week: GroupWeek) -> str:
    steps = sum(week.totals.values())
    return (words.HEADLINE if steps == 1 else words.HEADLINE_PLURAL).format(steps=steps)


def numbers(counts: dict[ActivityKind | None, int]) -> str:
    """ "3 applications, 1 follow-up sent", in the totals' order."""
    parts = []
    for kind, _label in words.TOTAL_LABELS:
        count = counts.get(kind, 0)
        if count:
            one, many = words.STEP_WORDS[kind]
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


def member_line(member: MemberWeek) -> Line:
    line = markup.line(
        words.MEMBER_LINE,
        {"name": member.person.display_name, "numbers": numbers(dict(member.counts))},
    )
    if member.streak >= 2:
        line += markup.line(words.STREAK, {"weeks": member.streak})
    for kind, template in (
        (ActivityKind.APPLIED, words.APPLIED_TO),
        (ActivityKind.FOLLOWUP_SENT, words.FOLLOWED_UP),
    ):
        companies = list(dict.fromkeys(c for k, c in member.companies if k is kind))
        if companies:
            line += markup.line(template, {"companies": listing(companies)})
    if member.goals:
        goals = ", ".join(
            words.GOAL.format(label=goal.kind.value, done=done, per_week=goal.per_week)
            for goal, done in member.goals
        )
        line += markup.line(words.GOALS, {"goals": goals})
    return line


def listing(names: Sequence[str]) -> str:
    """ "Acme, Globex and Initech", or "…, and 2 more" past MAX_COMPANIES."""
    shown, hidden = list(names[:MAX_COMPANIES]), len(names) - MAX_COMPANIES
    if hidden > 0:
        return ", ".join(shown) + f" and {hidden} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _shoutouts(week: GroupWeek) -> list[Block]:
    said = week.shoutouts
    lines: list[Line] = []
    if said.most_followups:
        names = listing(said.most_followups)
        lines.append(markup.line(words.MOST_FOLLOWUPS, {"names": names, "count": said.followups}))
    if said.comebacks:
        lines.append(markup.line(words.COMEBACK, {"names": listing(said.comebacks)}))
    for name, weeks in said.streaks:
        lines.append(markup.line(words.LONG_STREAK, {"name": name, "weeks": weeks}))
    return [*markup.blocks(words.SHOUTOUTS_TITLE), BulletList(tuple(lines))] if lines else []
