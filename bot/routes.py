"""Where a reply goes, and what a member hears when it cannot go there.

Every platform answers a command the same way: a private reply answers the interaction itself
where the platform offers that (Slack's `response_url`, a Discord interaction response), and
everything else (channel posts, DMs, files, private replies with nothing to answer) goes
through the `Messenger`. Files never go as an interaction answer: they cannot be private, so the
messenger puts them in the member's DM. When a post fails, the member gets an apology with a
plain reason, never the platform's error code. Adapters keep only the mechanics.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot import markup
from bot.messages import failures
from bot.ports import Delivery
from bot.values import Destination, DestinationKind, Outbound

# What a platform's error code or an exception's name looks like (`not_in_channel`,
# `TimeoutError`, `slack error 500`), as opposed to a reason already written in words.
_CODE = re.compile(r"[a-z]+(?:_[a-z]+)+|[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*|.*\d{3}.*")


class Route(StrEnum):
    ANSWER = "answer"  # the platform's private answer to the member's interaction
    SEND = "send"  # the messenger: channel posts, DMs, files


def route(reply: Outbound, *, can_answer: bool) -> Route:
    """`can_answer`: the platform can still answer this interaction privately."""
    private = reply.destination.kind is DestinationKind.EPHEMERAL
    return Route.ANSWER if private and can_answer and not reply.attachments else Route.SEND


def files_destination(destination: Destination) -> Destination:
    """Where a message's files go: with a channel post into the channel; anything private
    (ephemeral or DM) into the member's DM, since no platform shows a file to one person only."""
    if destination.kind is DestinationKind.CHANNEL:
        return destination
    return Destination(
        DestinationKind.DM,
        destination.platform,
        destination.workspace_id,
        user_id=destination.user_id,
        label=destination.label,
    )


def plain_reason(error: str) -> str:
    """A failure as a member may read it: a known code in words, an unknown code as a general
    reason, and a reason already in words (ours, such as "member closed DMs") as it is."""
    if error in failures.FAILURE_REASONS:
        return failures.FAILURE_REASONS[error]
    text = error.strip()
    # A single word is a code or an exception's name (`OSError`, `accesslimited`), never ours.
    if not text or " " not in text or _CODE.fullmatch(text):
        return failures.UNKNOWN_REASON
    return error


def apology(reply: Outbound, delivery: Delivery, *, private_in_dm: bool = False) -> Outbound:
    """What to answer, privately, when `reply` could not be posted. `private_in_dm`: the
    platform's messenger puts a private reply in the member's DM (Discord, which can post
    privately only inside an interaction; Slack posts it ephemerally in the channel). Such a
    reply's apology speaks of their DMs, and says "maybe" when the platform's answer left it
    unclear whether it arrived."""
    reason = plain_reason(delivery.error)
    if not private_in_dm or reply.destination.kind is DestinationKind.CHANNEL:
        template = failures.POST_FAILED
    else:
        template = failures.DM_UNCLEAR if delivery.ambiguous else failures.DM_FAILED
    blocks = markup.blocks(template, {"reason": reason})
    return Outbound(_private(reply.destination), blocks, summary=template.format(reason=reason))


def delivered(reply: Outbound) -> Outbound | None:
    """What to answer a member who is waiting on their command once `reply` was delivered, on
    a platform that puts a private reply in the member's DM (see `apology`): where it went, or
    nothing for a channel post, which they see."""
    if reply.destination.kind is DestinationKind.CHANNEL:
        return None
    blocks = markup.blocks(failures.SENT_TO_DMS)
    return Outbound(_private(reply.destination), blocks, summary=failures.SENT_TO_DMS)


def _private(where: Destination) -> Destination:
    return Destination(
        DestinationKind.EPHEMERAL,
        where.platform,
        where.workspace_id,
        channel_id=where.channel_id,
        user_id=where.user_id,
        label=where.label,
    )
