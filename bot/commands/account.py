"""A member's own settings and data: help, timezone, quiet hours, privacy, export, forget."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import markup, timezones
from bot.commands.requests import SetPrivacy, SetQuietHours, SetTimezone, SetWeekends, ShowSetting
from bot.context import Context
from bot.delivery import planning
from bot.delivery.timing import next_allowed
from bot.messages import account as account_words
from bot.messages import labels
from bot.records import WAITING_STATES, FollowUp, Member
from bot.values import Actions, Attachment, Button, ButtonStyle, Erasure, Outbound

FORGET_CONFIRM = "account.forget_confirm"
FORGET_CANCEL = "account.forget_cancel"


def show_help(ctx: Context) -> list[Outbound]:
    return [ctx.say(ctx.menu.help())]


def set_timezone(ctx: Context, request: SetTimezone) -> list[Outbound]:
    name = timezones.canonical(request.name)
    if timezones.fixed_offset(request.name):
        place = timezones.suggest(request.name) or "Europe/Berlin"
        return [ctx.problem("fixed_timezone", {"name": request.name, "suggestion": place})]
    if name is None:
        suggestion = timezones.suggest(request.name)
        if suggestion:
            return [
                ctx.problem(
                    "unknown_timezone_suggest", {"name": request.name, "suggestion": suggestion}
                )
            ]
        return [ctx.problem("unknown_timezone", {"name": request.name})]
    member = replace(ctx.member, timezone=name)
    ctx.repo.save_member(member)
    _replan(ctx, member, ctx.tz, name)
    now_there = ctx.now.astimezone(timezones.zone(name)).strftime("%H:%M")
    return [ctx.say(account_words.TIMEZONE_SET, {"name": name, "now": now_there})]


def set_quiet_hours(ctx: Context, request: SetQuietHours) -> list[Outbound]:
    spec = f"{request.start}-{request.end}" if request.start else ""
    member = replace(ctx.member, quiet_hours=spec, quiet_hours_chosen=True)
    ctx.repo.save_member(member)
    _replan(ctx, member, ctx.tz, ctx.tz)
    if not spec:
        return [ctx.say(account_words.QUIET_OFF)]
    return [ctx.say(account_words.QUIET_SET, {"start": request.start, "end": request.end})]


def set_weekends(ctx: Context, request: SetWeekends) -> list[Outbound]:
    member = replace(ctx.member, skip_weekends=request.skip, weekends_chosen=True)
    ctx.repo.save_member(member)
    _replan(ctx, member, ctx.tz, ctx.tz)
    return [ctx.say(account_words.WEEKENDS_SKIP if request.skip else account_words.WEEKENDS_ALLOW)]


def _replan(ctx: Context, member: Member, old_tz: str, new_tz: str) -> None:
    """Keep every waiting follow-up's time true after a settings change: the same wall-clock
    time in a new zone, then past the (new) quiet hours and skipped weekends, so `/followups`
    shows when each nudge will really arrive."""
    for followup in ctx.repo.followups_for_member(member.id):
        if followup.state not in WAITING_STATES:
            continue
        moved = planning.move_to_zone(followup.due_at, old_tz, new_tz)
        moved = next_allowed(moved, new_tz, member.quiet_hours, member.skip_weekends)
        if moved != followup.due_at:
            ctx.repo.transition_followup(
                followup.id, (followup.state,), followup.state, ctx.now, due_at=moved
            )


def set_privacy(ctx: Context, request: SetPrivacy) -> list[Outbound]:
    ctx.repo.save_member(replace(ctx.member, privacy=request.level))
    return [ctx.say(account_words.PRIVACY_SET[request.level.value])]


def show_setting(ctx: Context, request: ShowSetting) -> list[Outbound]:
    """What is set now, and the words to change it (a bare `/rebound quiet` is a question)."""
    member = ctx.member
    if request.setting == "timezone":
        now = ctx.now.astimezone(timezones.zone(ctx.tz)).strftime("%H:%M")
        template = (
            account_words.TIMEZONE_SHOW if member.timezone else account_words.TIMEZONE_SHOW_GROUP
        )
        return [ctx.say(template, {"name": ctx.tz, "now": now})]
    if request.setting == "quiet":
        if not member.quiet_hours:
            return [ctx.say(account_words.QUIET_SHOW_OFF)]
        start, _, end = member.quiet_hours.partition("-")
        return [ctx.say(account_words.QUIET_SHOW, {"start": start, "end": end})]
    if request.setting == "weekends":
        skip = member.skip_weekends
        return [
            ctx.say(account_words.WEEKENDS_SHOW_SKIP if skip else account_words.WEEKENDS_SHOW_ALLOW)
        ]
    return [ctx.say(account_words.PRIVACY_SHOW[member.privacy.value])]


def export(ctx: Context) -> list[Outbound]:
    """Everything stored about the member, in a form they can read or take elsewhere."""
    member = ctx.member
    data: dict[str, Any] = {
        "exported_at": _iso(ctx.now),
        "member": {
            "platform": member.platform,
            "workspace_id": member.workspace_id,
            "user_id": member.user_id,
            "display_name": member.display_name,
            "timezone": member.timezone,
            "quiet_hours": member.quiet_hours or "off",
            "skip_weekends": member.skip_weekends,
            # False: the group's default, which follows the group's settings
            "quiet_hours_chosen": member.quiet_hours_chosen,
            "weekends_chosen": member.weekends_chosen,
            "privacy": member.privacy.value,
            "dm_open": member.dm_open,
            "home_channel_id": member.home_channel_id,
            "last_encouragement": member.last_encouragement,
            "created_at": _iso(member.created_at),
        },
        "rejections": [
            {
                "company": r.company,
                "role": r.role,
                "note": r.note,
                "stage": r.stage.value if r.stage else None,
                "logged_at": _iso(r.logged_at),
                "followups": [
                    {
                        "kind": f.kind.value,
                        "state": f.state.value,
                        "due_at": _iso(f.due_at),
                        "sent_at": _iso(f.sent_at),
                        "done_at": _iso(f.done_at),
                        **_sent_email(f),
                    }
                    for f in ctx.repo.followups_for_rejection(r.id)
                ],
            }
            for r in ctx.repo.rejections_for_member(member.id)
        ],
        "activities": [
            {
                "kind": a.kind.value,
                **({"company": a.company} if a.company else {}),
                "detail": a.detail,
                "at": _iso(a.occurred_at),
            }
            for a in ctx.repo.activities_for_member(member.id)
        ],
    }
    payload = json.dumps(data, indent=2, ensure_ascii=False).encode()
    attachment = Attachment("rebound-export.json", "application/json", payload)
    return [
        ctx.reply(
            markup.blocks(account_words.EXPORT_READY),
            attachments=(attachment,),
            summary=labels.EXPORT_SUMMARY,
        )
    ]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def ask_forget(ctx: Context) -> list[Outbound]:
    # The buttons name who asked and which stored member they are about: only that person may
    # press them, and a member made again later is not deleted by an old confirmation.
    value = f"{ctx.member.user_id}:{_identity(ctx.member)}"
    buttons = Actions(
        (
            Button(labels.FORGET_CONFIRM, FORGET_CONFIRM, value, ButtonStyle.DANGER),
            Button(labels.FORGET_CANCEL, FORGET_CANCEL, value),
        )
    )
    return [ctx.reply((*markup.blocks(account_words.FORGET_CONFIRM), buttons))]


def _identity(member: Member) -> str:
    """The stored member's id and creation time in microseconds (ids can be reused)."""
    return f"{member.id}.{round(member.created_at.timestamp() * 1_000_000)}"


def _asked_by(value: str) -> tuple[str, str]:
    """`user:identity`; a confirmation from before identities were added is just `user`."""
    user_id, _, identity = value.rpartition(":")
    if user_id and identity.replace(".", "").isdigit():
        return user_id, identity
    return value, ""


def _already_gone(ctx: Context) -> list[Outbound] | None:
    """After the member's data was deleted, pressing the buttons again must not store anything:
    the press itself made an empty member, which goes again at once."""
    if not ctx.new_member:
        return None
    ctx.repo.delete_member_data(ctx.member.id)
    return [ctx.say(account_words.FORGET_ALREADY)]


def forget(ctx: Context, value: str) -> list[Outbound]:
    user_id, identity = _asked_by(value)
    if user_id != ctx.member.user_id:
        return [ctx.problem("not_yours")]
    if (gone := _already_gone(ctx)) is not None:
        return gone
    if identity and identity != _identity(ctx.member):
        return [ctx.say(account_words.FORGET_STALE)]
    # The nudges in their DMs name companies: the platform is asked to delete those too.
    refs = {f.message_ref for f in ctx.repo.followups_for_member(ctx.member.id) if f.message_ref}
    ctx.repo.delete_member_data(ctx.member.id)
    actor = ctx.actor
    erasure = Erasure(actor.platform, actor.workspace_id, actor.user_id, tuple(sorted(refs)))
    return [replace(ctx.say(account_words.FORGOTTEN), erasure=erasure)]


def keep(ctx: Context, value: str) -> list[Outbound]:
    user_id = _asked_by(value)[0]
    if user_id != ctx.member.user_id:
        return [ctx.problem("not_yours")]
    return _already_gone(ctx) or [ctx.say(account_words.FORGET_KEPT)]


def _sent_email(followup: FollowUp) -> dict[str, Any]:
    """The email as the member sent it, when they submitted it from the draft editor."""
    if followup.sent_subject is None and followup.sent_body is None:
        return {}
    return {"sent_email": {"subject": followup.sent_subject, "body": followup.sent_body}}
