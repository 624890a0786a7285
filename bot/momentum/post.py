"""The weekly summary post, read and built when it goes out: the seven days before its slot
(however late a retry sends it), from the group's history in a fixed number of reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.messages import momentum as words
from bot.momentum import replies, summary
from bot.momentum.week import (
    WEEKS_SHOWN,
    GroupWeek,
    Kind,
    group_week,
    history_start,
)
from bot.ports import Repository
from bot.records import Group, Occurrence
from bot.rhythm import posts
from bot.timezones import zone
from bot.values import Attachment, Outbound
from bot.week_store import WEEK

Chart = Callable[[GroupWeek, str], Attachment]


def the_week(repo: Repository, group: Group, tz: str, end: datetime) -> GroupWeek:
    """The group's seven days up to `end`, with each member's streak and the chart's weeks."""
    history = repo.group_history(group.id, history_start(end), end, WEEKS_SHOWN)
    return group_week(history, end, tz)


def chart_of(weekly: tuple[tuple[datetime, Counter[Kind]], ...], title: str, tz: str) -> Attachment:
    """The eight weeks as a PNG (matplotlib is loaded only now, on the first chart)."""
    from bot.momentum import chart

    weeks = [
        chart.WeekCounts(
            start.astimezone(zone(tz)).date(),
            {kind: n for kind, n in counts.items() if kind is not None},
            counts.get(None, 0),
        )
        for start, counts in weekly
    ]
    return chart.draw(weeks, title, tz)


def group_chart(week: GroupWeek, tz: str) -> Attachment:
    return chart_of(week.weekly, words.CHART_TITLE, tz)


def reply_window(end: datetime) -> tuple[datetime, datetime]:
    """Follow-ups marked sent in the eight weeks before the last one: each has been asked
    about ("did they reply?" comes a week after), so the rate counts answers, not waits."""
    return end - WEEK * (WEEKS_SHOWN + 1), end - WEEK


def summary_post(
    repo: Repository, occurrence: Occurrence, group: Group, tz: str, chart: Chart | None = None
) -> Outbound:
    end = posts.scheduled(occurrence)
    week = the_week(repo, group, tz, end)
    events = repo.events_between(group.id, end, end + WEEK)
    rate = replies.group_reply_rate(repo, group.id, *reply_window(end))
    body = summary.blocks(week, tz, events, replies.rate_blocks(rate))
    message = posts.post_for(occurrence, group, tz, body, summary.headline(week))
    if chart is None:
        return message
    return replace(message, attachments=(chart(week, tz),))
