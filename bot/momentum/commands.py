"""`/momentum` (your own week, only to you), `/momentum share` (your week as a card in the
group channel, at the detail your privacy allows) and `/momentum group` (the group's week so
far, as the weekly summary will show it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot import markup
from bot.commands.requests import Problem
from bot.context import Context
from bot.goals.commands import progress_blocks
from bot.goals.progress import progress
from bot.messages import momentum as words
from bot.messages import replies as reply_words
from bot.momentum import journal, replies, summary
from bot.momentum.mine import MyWeek, my_week
from bot.momentum.post import chart_of, reply_window, the_week
from bot.records import ActivityKind, Group, Privacy
from bot.rhythm.posts import destination
from bot.timezones import effective
from bot.values import Block, Line, LocalTime, Outbound, Paragraph


@dataclass(frozen=True)
class ShowMomentum:
    view: Literal["mine", "share", "group"] = "mine"


def parse(text: str) -> ShowMomentum | Problem:
    word = text.strip().lower()
    if word in ("", "me", "mine"):
        return ShowMomentum("mine")
    if word in ("share", "group"):
        return ShowMomentum(word)  # type: ignore[arg-type]
    return Problem("usage_momentum")


def handle(ctx: Context, request: ShowMomentum) -> list[Outbound]:
    if request.view == "group":
        return group_week(ctx)
    if request.view == "share":
        return share(ctx)
    week = my_week(ctx)
    picture = chart_of(week.weekly, words.MY_CHART_TITLE, ctx.tz)
    return [ctx.reply(mine(ctx, week), attachments=(picture,))]


def home_group(ctx: Context) -> Group | None:
    member = ctx.member
    home = member.home_channel_id
    found = ctx.repo.get_group(member.platform, member.workspace_id, home) if home else None
    return found or ctx.repo.workspace_group(member.platform, member.workspace_id)


def mine(ctx: Context, week: MyWeek) -> tuple[Block, ...]:
    found: list[Block] = [
        *ctx.blocks(words.MINE_TITLE, {"start": LocalTime(week.start, ctx.tz, "date")})
    ]
    numbers = summary.numbers(dict(week.counts))
    found += markup.blocks(numbers) if numbers else ctx.blocks(words.MINE_NONE)
    if week.streak >= 2:
        found += ctx.blocks(words.MINE_STREAK, {"weeks": week.streak})
    elif week.streak == 1:
        found += ctx.blocks(words.MINE_STREAK_ONE)
    found += progress_blocks(ctx)
    trend = " · ".join(str(sum(counts.values())) for _start, counts in week.weekly)
    found += ctx.blocks(words.MINE_TREND, {"trend": trend})
    found += replies.figures_blocks(replies.member_figures(ctx.repo, ctx.member.id))
    said = journal.feedback_texts(ctx.repo, ctx.member.id)
    found += journal.insight_blocks(journal.themes(said), len(said))  # theirs alone
    found += ctx.blocks(words.MINE_HINTS)
    return tuple(found)


def card(ctx: Context, week: MyWeek) -> tuple[Block, ...]:
    """Their week as the group may see it: numbers, streak and goals; companies for `full`."""
    name = ctx.member.display_name or ctx.actor.display_name
    line: Line = markup.line(summary.numbers(dict(week.counts)) or words.MINE_NONE)
    if week.streak >= 2:
        line += markup.line(" · " + words.CARD_STREAK, {"weeks": week.streak})
    found: list[Block] = [*markup.blocks(words.CARD_TITLE, {"name": name}), Paragraph(line)]
    goals = ctx.repo.goals_for_member(ctx.member.id)
    if goals:
        done = progress(goals, ctx.repo.activities_for_member(ctx.member.id), week.start, ctx.now)
        listed = ", ".join(
            words.GOAL.format(label=item.kind.value, done=item.done, per_week=item.per_week)
            for item in done
        )
        found += markup.blocks(words.CARD_GOALS, {"goals": listed})
    if ctx.member.privacy is Privacy.FULL:
        for kind, template in (
            (ActivityKind.APPLIED, words.APPLIED_TO),
            (ActivityKind.FOLLOWUP_SENT, words.FOLLOWED_UP),
        ):
            companies = list(dict.fromkeys(c for k, c in week.companies if k is kind))
            if companies:
                text = template.lstrip("; ")
                found += markup.blocks(
                    text[0].upper() + text[1:], {"companies": summary.listing(companies)}
                )
    return tuple(found)


def share(ctx: Context) -> list[Outbound]:
    if ctx.member.privacy is Privacy.PRIVATE:
        return [ctx.say(words.SHARE_PRIVATE)]
    group = home_group(ctx)
    if group is None:
        return [ctx.say(words.NO_GROUP)]
    week = my_week(ctx)
    title = words.CARD_SUMMARY.format(name=ctx.member.display_name)
    picture = chart_of(week.weekly, title, ctx.tz)
    post = Outbound(destination(group), card(ctx, week), (picture,), summary=title)
    return [post, ctx.say(words.SHARED)]


def group_week(ctx: Context) -> list[Outbound]:
    group = home_group(ctx)
    if group is None:
        return [ctx.say(reply_words.MOMENTUM_NO_GROUP)]
    tz = effective(group.timezone, ctx.default_tz)
    # Up to and including this very moment: what was just logged counts.
    week = the_week(ctx.repo, group, tz, ctx.now + timedelta(microseconds=1))
    events = ctx.repo.events_between(group.id, ctx.now, ctx.now + (week.end - week.start))
    rate = replies.group_reply_rate(ctx.repo, group.id, *reply_window(week.end))
    return [ctx.reply(summary.blocks(week, ctx.tz, events, replies.rate_blocks(rate)))]
