"""What a handler needs for one command: the transaction, who is asking, their zone and the time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot import markup
from bot.commands.menu import Menu
from bot.messages.replies import PROBLEMS
from bot.ports import Repository
from bot.records import Group, Member
from bot.values import Actor, Attachment, Block, Destination, LocalTime, Outbound


@dataclass(frozen=True)
class Context:
    repo: Repository
    actor: Actor
    member: Member
    tz: str
    now: datetime
    # True when this very command created the member (a stale button pressed after they asked
    # Rebound to forget them, or their first contact).
    new_member: bool = False
    # How commands are typed on the actor's platform (`/feedback` or `/rebound feedback`).
    menu: Menu = field(default_factory=Menu)
    # The zone of a group that has none of its own (the operator's default), for group times.
    default_tz: str = "UTC"
    # The member's own group as the command started (None: they have none), already read for
    # their zone, so a handler that needs its settings does not read it again.
    home_group: Group | None = None

    def own_group(self) -> Group | None:
        """The member's own group: as read at the start, else read now (a context without it)."""
        if self.home_group is not None or not self.member.home_channel_id:
            return self.home_group
        member = self.member
        return self.repo.get_group(member.platform, member.workspace_id, member.home_channel_id)

    def when(self, at: datetime) -> LocalTime:
        return LocalTime(at, self.tz)

    def reply(
        self,
        body: tuple[Block, ...],
        *,
        attachments: tuple[Attachment, ...] = (),
        summary: str = "",
    ) -> Outbound:
        """An answer only the acting member sees."""
        return Outbound(
            Destination.ephemeral(self.actor), body, attachments=attachments, summary=summary
        )

    def say(self, template: str, params: Mapping[str, markup.Param] | None = None) -> Outbound:
        """`template` filled in, its `/command` examples spelled as they work here."""
        return self.reply(self.blocks(template, params))

    def blocks(
        self, template: str, params: Mapping[str, markup.Param] | None = None
    ) -> tuple[Block, ...]:
        return markup.blocks(self.menu.rewrite(template), params)

    def problem(self, key: str, params: Mapping[str, str] | None = None) -> Outbound:
        return self.say(PROBLEMS[key], params)
