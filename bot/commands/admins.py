"""`/rebound admin add|remove|list`: who besides the platform's organisers runs the group.

A group admin may run `/rebound setup` and change `/rebound settings`, and add or remove other
group admins. They are named by a mention, which every platform sends as text: Slack
`<@U123|name>` or `<@U123>`, Discord `<@123>` or `<@!123>`; anything else is refused with an
example, because guessing a person from a typed name could hand the group to the wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.commands.requests import Problem
from bot.context import Context
from bot.group_store import AdminLookup
from bot.messages import settings as words
from bot.values import Actor, Outbound

_MENTION = re.compile(r"^<@!?([A-Za-z0-9][\w.-]{0,63})(?:\|([^<>]*))?>$")


@dataclass(frozen=True)
class ChangeAdmins:
    action: Literal["add", "remove", "list"]
    user_id: str = ""
    label: str = ""  # the name a Slack mention carries (`<@U123|sam>`), for the answer


def mentioned(text: str) -> str | None:
    """The platform user id in a mention's text; None for anything that is not one mention."""
    match = _MENTION.match(text.strip())
    return match.group(1) if match else None


def parse(arg: str) -> ChangeAdmins | Problem:
    action, _, rest = arg.strip().partition(" ")
    action = action.lower()
    if action in ("", "list"):
        return ChangeAdmins("list") if not rest.strip() else Problem("admin_usage")
    if action not in ("add", "remove"):
        return Problem("admin_usage")
    if not rest.strip():
        return Problem("admin_usage")
    user_id = mentioned(rest)
    if user_id is None:
        return Problem("admin_mention", (("typed", rest.strip()[:80]),))
    match = _MENTION.match(rest.strip())
    label = (match.group(2) or "").strip() if match else ""
    return ChangeAdmins("add" if action == "add" else "remove", user_id, label[:80])


def may_manage(actor: Actor, lookup: AdminLookup) -> bool:
    """An organiser by the platform's word, or a group admin by the group's."""
    return actor.can_manage or lookup.is_group_admin(
        actor.platform, actor.workspace_id, actor.user_id
    )


def refusal(actor: Actor, lookup: AdminLookup, request: ChangeAdmins) -> str | None:
    """Anyone may see the list; only those who may manage change it."""
    if request.action == "list" or may_manage(actor, lookup):
        return None
    return words.REFUSED_ADMIN


def handle(ctx: Context, request: ChangeAdmins) -> list[Outbound]:
    actor = ctx.actor
    where = (actor.platform, actor.workspace_id)
    if request.action == "list":
        admins = ctx.repo.group_admins(*where)
        if not admins:
            return [ctx.say(words.ADMIN_NONE)]
        lines = "\n".join(
            words.ADMIN_LINE.replace("{name}", f"{{n{i}}}") for i in range(len(admins))
        )
        names = {f"n{i}": _name(ctx, a.user_id) for i, a in enumerate(admins)}
        return [ctx.say(words.ADMIN_LIST + "\n\n" + lines, names)]
    name = _name(ctx, request.user_id, request.label)
    if request.action == "add":
        added = ctx.repo.add_group_admin(*where, request.user_id, actor.user_id, ctx.now)
        return [ctx.say(words.ADMIN_ADDED if added else words.ADMIN_ALREADY, {"name": name})]
    removed = ctx.repo.remove_group_admin(*where, request.user_id)
    return [ctx.say(words.ADMIN_REMOVED if removed else words.ADMIN_NOT_ONE, {"name": name})]


def _name(ctx: Context, user_id: str, label: str = "") -> str:
    """Their display name if Rebound knows them, else the mention's name, else the id."""
    actor = ctx.actor
    known = ctx.repo.find_member(Actor(actor.platform, actor.workspace_id, user_id, "", ""))
    return known.display_name if known is not None and known.display_name else label or user_id
