"""A member's own settings and data: help, timezone, quiet hours, privacy, export, forget."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import markup, planning, timezones
from bot.context import Context
from bot.messages import replies
from bot.parsing import SetPrivacy, SetQuietHours, SetTimezone, SetWeekends
from bot.records import WAITING_STATES
from bot.values import Actions, Attachment, Button, ButtonStyle, Outbound

FORGET_CONFIRM = "account.forget_confirm"
FORGET_CANCEL = "account.forget_cancel"


def show_help(ctx: Context) -> list[Outbound]:
    return [ctx.say(replies.HELP)]


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
    old = ctx.tz
    ctx.repo.save_member(replace(ctx.member, timezone=name))
    for followup in ctx.repo.followups_for_member(ctx.member.id):
        if followup.state in WAITING_STATES:
            moved = planning.move_to_zone(followup.due_at, old, name)
            if moved != followup.due_at:
                ctx.repo.transition_followup(
                    followup.id, (followup.state,), followup.state, ctx.now, due_at=moved
                )
    now_there = ctx.now.astimezone(timezones.zone(name)).strftime("%H:%M")
    return [ctx.say(replies.TIMEZONE_SET, {"name": name, "now": now_there})]


def set_quiet_hours(ctx: Context, request: SetQuietHours) -> list[Outbound]:
    spec = f"{request.start}-{request.end}" if request.start else ""
    ctx.repo.save_member(replace(ctx.member, quiet_hours=spec))
    if not spec:
        return [ctx.say(replies.QUIET_OFF)]
    return [ctx.say(replies.QUIET_SET, {"start": request.start, "end": request.end})]


def set_weekends(ctx: Context, request: SetWeekends) -> list[Outbound]:
    ctx.repo.save_member(replace(ctx.member, skip_weekends=request.skip))
    return [ctx.say(replies.WEEKENDS_SKIP if request.skip else replies.WEEKENDS_ALLOW)]


def set_privacy(ctx: Context, request: SetPrivacy) -> list[Outbound]:
    ctx.repo.save_member(replace(ctx.member, privacy=request.level))
    return [ctx.say(replies.PRIVACY_SET[request.level.value])]


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
            "quiet_hours": member.quiet_hours,
            "privacy": member.privacy.value,
            "dm_open": member.dm_open,
            "created_at": _iso(member.created_at),
        },
        "rejections": [
            {
                "company": r.company,
                "role": r.role,
                "note": r.note,
                "logged_at": _iso(r.logged_at),
                "followups": [
                    {
                        "kind": f.kind.value,
                        "state": f.state.value,
                        "due_at": _iso(f.due_at),
                        "sent_at": _iso(f.sent_at),
                        "done_at": _iso(f.done_at),
                    }
                    for f in ctx.repo.followups_for_rejection(r.id)
                ],
            }
            for r in ctx.repo.rejections_for_member(member.id)
        ],
        "activities": [
            {"kind": a.kind.value, "detail": a.detail, "at": _iso(a.occurred_at)}
            for a in ctx.repo.activities_for_member(member.id)
        ],
    }
    payload = json.dumps(data, indent=2, ensure_ascii=False).encode()
    attachment = Attachment("rebound-export.json", "application/json", payload)
    return [
        ctx.reply(markup.blocks(replies.EXPORT_READY), attachments=(attachment,), summary="Export")
    ]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def ask_forget(ctx: Context) -> list[Outbound]:
    buttons = Actions(
        (
            Button(
                "Yes, delete everything", FORGET_CONFIRM, ctx.member.user_id, ButtonStyle.DANGER
            ),
            Button("Keep my data", FORGET_CANCEL, ctx.member.user_id),
        )
    )
    return [ctx.reply((*markup.blocks(replies.FORGET_CONFIRM), buttons))]


def forget(ctx: Context, user_id: str) -> list[Outbound]:
    if user_id != ctx.member.user_id:
        return [ctx.problem("not_yours")]
    count = ctx.repo.delete_member_data(ctx.member.id)
    return [ctx.say(replies.FORGOTTEN, {"count": count})]


def keep(ctx: Context) -> list[Outbound]:
    return [ctx.say(replies.FORGET_KEPT)]
