"""The weekly summary post, read and built when it goes out: the seven days before its slot
(however late a retry sends it), from the group's history in a fixed number of reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.momentum import summary
from bot.momentum.week import WEEK, GroupWeek, group_week, history_start, recent_start
from bot.ports import Repository
from bot.records import Group, Occurrence
from bot.rhythm import posts
from bot.values import Attachment, Outbound

Chart = Callable[[GroupWeek, str], Attachment]


def the_week(repo: Repository, group: Group, tz: str, end: datetime) -> GroupWeek:
    """The group's seven days up to `end`, with each member's streak and the chart's weeks."""
    history = repo.group_history(group.id, history_start(end), recent_start(end), end)
    return group_week(history, end, tz)


def summary_post(
    repo: Repository, occurrence: Occurrence, group: Group, tz: str, chart: Chart | None = None
) -> Outbound:
    end = posts.scheduled(occurrence)
    week = the_week(repo, group, tz, end)
    events = repo.events_between(group.id, end, end + WEEK)
    body = summary.blocks(week, tz, events)
    message = posts.post_for(occurrence, group, tz, body, summary.headline(week))
    if chart is None:
        return message
    return replace(message, attachments=(chart(week, tz),))
