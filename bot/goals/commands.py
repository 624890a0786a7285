"""`/rebound goal`: set, clear or see the member's weekly goals.

`/rebound goal networking 3` sets one, `/rebound goal networking off` clears it, and
`/rebound goal` alone shows each goal with this week's progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import markup
from bot.commands.cleaning import clean
from bot.commands.requests import Problem
from bot.context import Context
from bot.goals.home import zone_of
from bot.goals.progress import MAX_PER_WEEK, Progress, local_week, progress
from bot.messages import goals as words
from bot.records import GoalKind
from bot.values import Block, BulletList, Line, Outbound

_ALIASES = {
    "application": GoalKind.APPLICATIONS,
    "applied": GoalKind.APPLICATIONS,
    "network": GoalKind.NETWORKING,
    "networked": GoalKind.NETWORKING,
    "event": GoalKind.EVENTS,
    "followup": GoalKind.FOLLOWUPS,
    "follow-ups": GoalKind.FOLLOWUPS,
    "follow-up": GoalKind.FOLLOWUPS,
}
_OFF = ("off", "none", "clear", "0")


@dataclass(frozen=True)
class SetGoal:
    kind: GoalKind
    per_week: int | None  # None clears it


@dataclass(frozen=True)
class ShowGoals:
    pass


def parse(text: str) -> SetGoal | ShowGoals | Problem:
    parts = clean(text).lower().split()
    if not parts:
        return ShowGoals()
    if len(parts) != 2:
        return Problem("usage_goal")
    name, amount = parts
    kind = _ALIASES.get(name) or next((k for k in GoalKind if k.value == name), None)
    if kind is None:
        return Problem("usage_goal")
    if amount in _OFF:
        return SetGoal(kind, None)
    if not (amount.isascii() and amount.isdigit()) or not 1 <= int(amount) <= MAX_PER_WEEK:
        return Problem("usage_goal")
    return SetGoal(kind, int(amount))


def handle(ctx: Context, request: SetGoal | ShowGoals) -> list[Outbound]:
    if isinstance(request, ShowGoals):
        return [ctx.reply(progress_blocks(ctx) or ctx.blocks(words.NONE))]
    kind, count = request.kind, request.per_week
    if count is None:
        had = any(goal.kind is kind for goal in ctx.repo.goals_for_member(ctx.member.id))
        ctx.repo.set_goal(ctx.member.id, kind, None, ctx.now)
        return [ctx.say(words.CLEARED if had else words.NOTHING_TO_CLEAR, {"kind": kind.value})]
    ctx.repo.set_goal(ctx.member.id, kind, count, ctx.now)
    _, group_id = zone_of(ctx.repo, ctx.member, ctx.default_tz)
    template = words.SET if group_id is not None else words.SET_NO_GROUP
    params: dict[str, markup.Param] = {
        "count": count,
        "label": label(kind, count),
        "how": words.HOW_COUNTED[kind.value],
    }
    return [ctx.say(template, params)]


def label(kind: GoalKind, count: int) -> str:
    one, many = words.LABELS[kind.value]
    return one if count == 1 else many


def lines(found: list[Progress]) -> tuple[Line, ...]:
    return tuple(
        markup.line(
            words.LINE_MET if item.met else words.LINE,
            {
                "label": label(item.kind, item.per_week).capitalize(),
                "done": item.done,
                "per_week": item.per_week,
            },
        )
        for item in found
    )


def progress_blocks(ctx: Context) -> tuple[Block, ...]:
    """The member's goals with this week's progress, or nothing when they set none (so
    `/momentum` can show them too)."""
    goals = ctx.repo.goals_for_member(ctx.member.id)
    if not goals:
        return ()
    start, end = local_week(ctx.now, ctx.tz)
    found = progress(goals, ctx.repo.activities_for_member(ctx.member.id), start, end)
    return (
        *ctx.blocks(words.SHOW_TITLE),
        BulletList(lines(found)),
        *ctx.blocks(words.SHOW_HINT),
    )
