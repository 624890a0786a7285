"""`/rebound settings`: the group's settings, shown to anyone in it and changed by organisers and
group admins (`bot.commands.admins.may_manage`, asked by the gate before anything is stored).

Each change is read into a normalised value first, so bad input gets its own answer with an
example and changes nothing; a change then reschedules what is already planned
(`bot.commands.regroup`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from bot import timezones
from bot.commands import parsing, regroup
from bot.commands.admins import may_manage
from bot.commands.requests import Problem, SetQuietHours
from bot.context import Context
from bot.delivery import planning
from bot.group_store import AdminLookup
from bot.messages import settings as words
from bot.records import Group
from bot.rhythm import slots
from bot.values import Actor, Outbound

Setting = Literal["timezone", "summary", "networking", "cadence", "quiet", "weekends", "posts"]
_ALIASES: dict[str, Setting] = {"tz": "timezone", "weekend": "weekends", "post": "posts"}
_NAMES: tuple[Setting, ...] = (
    "timezone",
    "summary",
    "networking",
    "cadence",
    "quiet",
    "weekends",
    "posts",
)


@dataclass(frozen=True)
class ShowSettings:
    pass


@dataclass(frozen=True)
class ChangeSetting:
    """`value` normalised: a zone name; a slot ("fri 17:00") or "" for off; days ("1 3 21") or
    "" for the standard plan; quiet hours ("21:00-08:00") or "" for off; "skip"/"keep";
    "on"/"off"."""

    setting: Setting
    value: str


def parse(arg: str) -> ShowSettings | ChangeSetting | Problem:
    name, _, rest = arg.strip().partition(" ")
    rest = rest.strip()
    key = _ALIASES.get(name.lower(), name.lower())
    if not key:
        return ShowSettings()
    setting = next((s for s in _NAMES if s == key), None)
    if setting is None:
        return Problem("settings_unknown", (("what", name[:40]),))
    value = _value(setting, rest)
    if value is not None:
        return ChangeSetting(setting, value)
    if setting in ("summary", "networking"):
        return Problem("settings_slot", (("what", setting),))
    return Problem(f"settings_{setting}")


def _value(setting: Setting, text: str) -> str | None:
    lowered = text.lower()
    if setting == "timezone":
        if not text or timezones.fixed_offset(text):
            return None
        return timezones.canonical(text)
    if setting in ("summary", "networking"):
        if lowered == "off":
            return ""
        slot = slots.parse_slot(text)
        return None if slot is None else str(slot)
    if setting == "cadence":
        if lowered in ("standard", "default"):
            return ""
        days = planning.cadence(text)
        return None if days is None else " ".join(str(d) for d in days)
    if setting == "quiet":
        quiet = parsing.quiet(text) if text else None
        if not isinstance(quiet, SetQuietHours):
            return None
        return f"{quiet.start}-{quiet.end}" if quiet.start else ""
    if setting == "weekends":
        choices = {"skip": "skip", "keep": "keep", "allow": "keep"}
        return choices.get(lowered)
    return lowered if lowered in ("on", "off") else None


def refusal(actor: Actor, lookup: AdminLookup, request: ShowSettings | ChangeSetting) -> str | None:
    """Anyone may see the settings; changing one needs an organiser or a group admin."""
    if isinstance(request, ShowSettings) or may_manage(actor, lookup):
        return None
    return words.REFUSED_SETTINGS


def group_of(ctx: Context) -> Group | None:
    """The group the settings belong to: the channel `/rebound setup` chose, else this
    channel's, else the member's own group (asked in a DM)."""
    actor = ctx.actor
    where = (actor.platform, actor.workspace_id)
    chosen = ctx.repo.workspace_group(*where)
    if chosen is not None:
        return chosen
    channel = actor.channel_id or ctx.member.home_channel_id
    return ctx.repo.get_group(*where, channel) if channel else None


def handle(ctx: Context, request: ShowSettings | ChangeSetting) -> list[Outbound]:
    group = group_of(ctx)
    if group is None:
        return [ctx.say(words.NO_GROUP)]
    if isinstance(request, ShowSettings):
        return [ctx.say(words.SHOW, _shown(ctx, group))]
    changed = _changed(ctx, group, request)
    ctx.repo.save_group(changed)
    return regroup.after_change(ctx, group, changed, request.setting)


def _changed(ctx: Context, group: Group, request: ChangeSetting) -> Group:
    value = request.value
    if request.setting == "timezone":
        # The rhythm keeps its start: each week's post has one key whatever the zone, so a
        # slot that passed in the old zone is not posted twice, nor dropped for the new one.
        return replace(group, timezone=value, timezone_chosen=True)
    if request.setting == "summary":
        return replace(group, summary_schedule=value, rhythm_from=ctx.now)
    if request.setting == "networking":
        return replace(group, networking_schedule=value, rhythm_from=ctx.now)
    if request.setting == "cadence":
        return replace(group, followup_days=value)
    if request.setting == "quiet":
        return replace(group, default_quiet_hours=value)
    if request.setting == "weekends":
        return replace(group, default_skip_weekends=value == "skip")
    on = value == "on"
    return replace(group, posts_on=on, rhythm_from=ctx.now if on else group.rhythm_from)


def _shown(ctx: Context, group: Group) -> dict[str, str]:
    days = planning.cadence(group.followup_days)
    cadence = (
        words.CADENCE_STANDARD
        if days is None
        else words.CADENCE_DAYS.format(first=days[0], second=days[1], third=days[2])
    )
    quiet = group.default_quiet_hours
    return {
        "channel": f"#{group.name or group.channel_id}",
        "zone": timezones.effective(group.timezone, ctx.default_tz),
        "summary": _slot(group.summary_schedule),
        "networking": _slot(group.networking_schedule),
        "posts": words.POSTS_ON if group.posts_on else words.POSTS_OFF,
        "cadence": cadence,
        "quiet": quiet if quiet else words.QUIET_OFF,
        "weekends": words.WEEKENDS_SKIP if group.default_skip_weekends else words.WEEKENDS_KEEP,
    }


def _slot(spec: str) -> str:
    slot = slots.parse_slot(spec)
    if slot is None:
        return words.SLOT_OFF
    return f"{slots.DAY_NAMES[slot.weekday]} {slot.hour:02d}:{slot.minute:02d}"
