"""`FakeDiscord`'s interaction builders: payloads from `interactions.py` filled in with the
fake's own guilds, users, DM channels, synced command IDs and fresh interaction IDs/tokens."""

from __future__ import annotations

from tests.adapters.fake_discord import interactions as build
from tests.adapters.fake_discord.objects import JSON, MEMBER_PERMISSIONS, Guild, Person, message


class Builders:
    """A mixin of `FakeDiscord`; see `handlers.py` for the state it reads."""

    application_id: str
    bot: Person
    guilds: dict[str, Guild]
    _channels: dict[str, list[JSON]]
    _dms: dict[str, str]
    commands: list[JSON]
    guild_commands: dict[str, list[JSON]]

    def next_id(self) -> str:
        raise NotImplementedError

    def person(self, user_id: str) -> Person:
        raise NotImplementedError

    def _open_dm(self, user_id: str) -> str:
        raise NotImplementedError

    def in_guild(
        self,
        user_id: str,
        *,
        permissions: int = MEMBER_PERMISSIONS,
        channel_id: str | None = None,
        guild_id: str | None = None,
    ) -> build.Where:
        """A member of a guild (the default one) in one of its channels (the first)."""
        guild = self.guilds[guild_id] if guild_id else next(iter(self.guilds.values()))
        channel = channel_id or next(iter(guild.channels))
        return build.Where(self.person(user_id), channel, guild, permissions)

    def in_dm(self, user_id: str) -> build.Where:
        """The user in their DM with the bot (the DM is opened if it was not)."""
        return build.Where(self.person(user_id), self._open_dm(user_id))

    def slash_command(
        self, where: build.Where, name: str, options: list[JSON] | None = None, *,
        autocomplete: bool = False, command_guild_id: str | None = None,
    ) -> JSON:  # fmt: skip
        """A slash command (or, with `autocomplete`, its type-4 autocomplete request: mark
        the typed option with `option(..., focused=True)`)."""
        data = build.command_data(
            name, options, command_id=self._command_id(name), command_guild_id=command_guild_id
        )
        kind = build.AUTOCOMPLETE if autocomplete else build.APPLICATION_COMMAND
        return self._interaction(kind, data, where)

    def component(
        self, where: build.Where, on_message: JSON, custom_id: str, *,
        component_type: int = 2, values: list[str] | None = None,
    ) -> JSON:  # fmt: skip
        """A press on a button (type 2) or a choice in a select (3, with `values`) of a
        message the bot sent (as `messages()` or an interaction's `original` has it)."""
        data = build.component_data(custom_id, component_type=component_type, values=values)
        return self._interaction(build.MESSAGE_COMPONENT, data, where, message=on_message)

    def modal_submit(self, where: build.Where, modal: JSON, values: dict[str, str]) -> JSON:
        """The submit of a modal the bot opened (`modal`: the data of its type-9 callback)."""
        return self._interaction(build.MODAL_SUBMIT, build.modal_data(modal, values), where)

    def written_in_dm(self, user_id: str, content: str, *, by_bot: bool = False) -> JSON:
        """A message in the user's DM with the bot, written by the user (or, `by_bot`, by the
        bot earlier), stored as if it had come through Discord."""
        channel = self._open_dm(user_id)
        author = self.bot if by_bot else self.person(user_id)
        made = message(self.next_id(), channel, author, {"content": content})
        self._channels[channel].append(made)
        return made

    def written_in_channel(
        self, channel_id: str, author: Person, content: str, *embeds: JSON
    ) -> JSON:
        """A message someone else (a member, another bot) wrote in a guild channel."""
        made = message(self.next_id(), channel_id, author, {"content": content, "embeds": embeds})
        self._channels.setdefault(channel_id, []).append(made)
        return made

    def forget_dm(self, user_id: str) -> None:
        """Discord no longer knows the user's DM channel: posting to it answers 404 (10003),
        and opening the DM again gives a new one."""
        channel = self._dms.pop(user_id)
        self._channels.pop(channel, None)

    def _interaction(
        self, kind: int, data: JSON, where: build.Where, message: JSON | None = None
    ) -> JSON:
        interaction_id = self.next_id()
        return build.interaction(
            kind, data, where, interaction_id=interaction_id, token=f"itoken-{interaction_id}",
            application_id=self.application_id, message=message,
        )  # fmt: skip

    def _command_id(self, name: str) -> str:
        synced = self.commands + [c for cs in self.guild_commands.values() for c in cs]
        return next((str(c["id"]) for c in synced if c["name"] == name), "1")
