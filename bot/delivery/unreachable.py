"""Closed direct messages: a member Rebound cannot DM is told so once in their group's channel,
and again in the answer to their next command.

An unreachable spell begins when a DM to a reachable member (`Member.dm_open`) comes back
`dm_closed`. It is one occurrence row, keyed by the member and the moment the spell began: the
member's lock serialises the check, and the unique key keeps a restart or another replica from
adding a second post. The post itself goes out through the due-work pass like any group post
(claimed once, looked for before a second try) and is built when it goes out, so the number it
gives is the number `/followups` shows then. It names nothing but the member and that number.

The spell ends when the member uses a command: its answer tells them what happened, and DMs are
tried again. While it lasts, each nudge that comes due is tried once (see `bot.delivery.rules`):
DMs reopened without a word to Rebound still get the nudges, and closed ones cost one refused
request per nudge, never a post.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from bot import markup
from bot.commands.menu import Menu
from bot.context import Context
from bot.messages import unreachable as words
from bot.ports import Repository
from bot.records import OPEN_STATES, Member, Occurrence, OccurrenceKind, Privacy
from bot.rhythm.posts import destination, scheduled
from bot.values import Mention, Outbound

log = logging.getLogger(__name__)

KEY_PREFIX = "dms_closed"


def spell_key(member_id: int, began: datetime) -> str:
    return f"{KEY_PREFIX}:{member_id}:{began.astimezone(UTC).isoformat()}"


def member_of(key: str) -> int | None:
    """The member id a spell's key names (None for any other key)."""
    prefix, _, rest = key.partition(":")
    member_id = rest.partition(":")[0]
    return int(member_id) if prefix == KEY_PREFIX and member_id.isdigit() else None


def begin(repo: Repository, member: Member, now: datetime) -> None:
    """Mark the member unreachable and plan the one mention of this spell; nothing when a spell
    is already under way. The caller holds the member's lock (`Repository.lock_member`)."""
    if not member.dm_open:
        return
    repo.save_member(replace(member, dm_open=False))
    home = member.home_channel_id
    group = repo.get_group(member.platform, member.workspace_id, home) if home else None
    if group is None:
        log.info("closed DMs: no group channel to post the mention in", extra={"member": member.id})
        return
    repo.add_occurrence(spell_key(member.id, now), OccurrenceKind.DMS_CLOSED, group.id, now, now)
    log.info("closed DMs: mention planned", extra={"member": member.id, "group": group.id})


def waiting(repo: Repository, member_id: int) -> int:
    """How many follow-ups `/followups` lists as open for the member."""
    return sum(1 for f in repo.followups_for_member(member_id) if f.state in OPEN_STATES)


def _waiting(count: int) -> str:
    return words.WAITING_ONE if count == 1 else words.WAITING_MANY.format(count=count)


def mention(repo: Repository, occurrence: Occurrence, menu: Menu | None) -> Outbound | None:
    """The spell's post in the member's group channel as it is now (`/rebound setup` may have
    chosen another since the spell began); None when it has nothing left to say: the member is
    gone (forgotten, or the id is someone new's), is back (a command told them already), has
    nothing open, has no group channel any more, or chose `private` (nothing of theirs goes to
    the group, not even that follow-ups wait: their next command tells them)."""
    member_id = member_of(occurrence.key)
    member = repo.get_member(member_id) if member_id is not None else None
    if member is None or member.created_at > scheduled(occurrence) or member.dm_open:
        return None
    if member.privacy is Privacy.PRIVATE:
        return None
    home = member.home_channel_id
    group = repo.get_group(member.platform, member.workspace_id, home) if home else None
    if group is None:
        return None
    count = waiting(repo, member.id)
    if not count:
        return None
    params: dict[str, markup.Param] = {
        "mention": Mention(member.user_id, member.display_name),
        "waiting": _waiting(count),
    }
    body = markup.blocks((menu or Menu()).rewrite(words.MENTION), params)
    summary = markup.plain_text(markup.line((menu or Menu()).rewrite(words.MENTION), params))
    return Outbound(destination(group), body, summary=summary, work_keys=(occurrence.key,))


def welcome_back(ctx: Context) -> list[Outbound]:
    """For a member whose DMs were closed, what their command's answer adds (and DMs are tried
    again from now on). Read afresh: the command may have changed their follow-ups, or them."""
    member = ctx.repo.get_member(ctx.member.id)
    if member is None or member.created_at != ctx.member.created_at or member.dm_open:
        return []  # forgotten by this very command, or told by a command that ran meanwhile
    ctx.repo.save_member(replace(member, dm_open=True))
    count = waiting(ctx.repo, member.id)
    if count:
        told = ctx.blocks(words.NOTICE, {"waiting": _waiting(count)})
    else:
        told = ctx.blocks(words.NOTICE_NOTHING_WAITING)
    return [ctx.reply((*told, *ctx.blocks(words.HOW_TO_OPEN)))]
