"""What the fake's REST routes do, and the state they keep for tests to read back.

Like Discord: a DM is a channel opened with POST /users/@me/channels (one per user); an
ephemeral message (flags 64) is seen only by its user, so it is kept with the interaction's
responses, not in the channel; an interaction can be answered once (then 400, code 40060), and
an interaction the fake never dispatched is unknown (404, code 10062).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.adapters.fake_discord.builders import Builders
from tests.adapters.fake_discord.objects import (
    JSON,
    OWNER_ID,
    Guild,
    Person,
    application,
    dm_channel,
    edit_message,
    gateway_bot,
    history,
    member,
    message,
    snowflake,
)
from tests.adapters.fake_discord.rest import Reply

if TYPE_CHECKING:
    from tests.adapters.fake_discord.server import Call

EPHEMERAL, LOADING = 64, 128  # message flags


@dataclass
class Interaction:
    """An interaction the fake dispatched, and what the bot answered to it."""

    payload: JSON
    dispatched_at: float = 0.0
    callbacks: list[JSON] = field(default_factory=list)
    """Every accepted callback: `{"type": 4|5|6|7|8|9, "data": {...}}` as sent."""
    original: JSON | None = None
    """The response message (callback type 4 or 5, later edits applied), ephemeral or not; for
    a press answered with type 6 or 7, the message the button is on (`@original` edits it)."""
    followups: list[JSON] = field(default_factory=list)


class Handlers(Builders):
    """The REST behaviour and stored state of `FakeDiscord` (a mixin)."""

    application_id: str
    bot: Person
    guilds: dict[str, Guild]

    def __init__(self) -> None:
        self.users: dict[str, Person] = {}
        self.dm_refusers: set[str] = set()
        self.commands: list[JSON] = []
        """The global application commands as last synced (with the IDs the fake gave)."""
        self.guild_commands: dict[str, list[JSON]] = {}
        self.interactions: dict[str, Interaction] = {}
        """Every dispatched interaction by ID, with its callbacks, response and followups."""
        self.recommended_shards = 1
        """The shard count GET /gateway/bot recommends (an AutoShardedClient uses it)."""
        self.answer_within: float | None = None
        """Seconds after dispatch within which an interaction must be answered (Discord: 3);
        a later callback is refused as unknown (404, code 10062). None: no limit."""
        self.deleted: list[tuple[str, str]] = []
        """Every deleted message as (channel ID, message ID)."""
        self.attachments: dict[str, list[tuple[str, bytes]]] = {}
        """The files uploaded with each message, by message ID: (filename, bytes)."""
        self._channels: dict[str, list[JSON]] = {}
        self._dms: dict[str, str] = {}
        self._counter = 0

    # ------------------------------------------------------------ reading back

    def messages(self, channel_id: str) -> list[JSON]:
        """The messages in a channel, oldest first, with later edits applied."""
        return list(self._channels.get(channel_id, []))

    def dm_channel_id(self, user_id: str) -> str | None:
        """The ID of the bot's DM channel with this user, once the bot opened it."""
        return self._dms.get(user_id)

    def dms(self, user_id: str) -> list[JSON]:
        channel = self._dms.get(user_id)
        return self.messages(channel) if channel else []

    def callbacks(self) -> list[JSON]:
        """Every accepted callback, with `interaction_id` added, in dispatch order."""
        return [
            {"interaction_id": i, **c} for i, x in self.interactions.items() for c in x.callbacks
        ]

    # ------------------------------------------------------------ state

    def next_id(self) -> str:
        self._counter += 1
        return snowflake(self._counter)

    def person(self, user_id: str) -> Person:
        return self.users.get(user_id) or Person(user_id, f"user{user_id[-4:]}")

    def remember_interaction(self, payload: JSON) -> None:
        self.interactions.setdefault(payload["id"], Interaction(payload, time.monotonic()))

    # ------------------------------------------------------------ routes

    async def handle(self, route: str, call: Call, params: dict[str, str]) -> tuple[int, Any]:
        if route in ("get_me", "get_user"):
            user = self.bot if route == "get_me" else self.person(params["user_id"])
            return 200, user.user()
        if route == "application_info":
            return 200, application(self.application_id, self.bot, self.person(OWNER_ID))
        if route in ("get_gateway", "get_bot_gateway"):
            url = self.gateway_url  # type: ignore[attr-defined]
            return 200, gateway_bot(url, self.recommended_shards)
        if route in ("sync_commands", "sync_guild_commands"):
            return 200, self._sync(call.json or [], params.get("guild_id"))
        if route == "interaction_callback":
            return self._callback(params["interaction_id"], params["token"], call)
        if route.endswith("followup"):
            return self._followup(route, params, call)
        if route == "open_dm":
            recipient = str((call.json or {}).get("recipient_id"))
            return 200, dm_channel(self._open_dm(recipient), self.person(recipient))
        if route == "get_member":
            guild = self._guild(params["guild_id"])
            return 200, member(self.person(params["user_id"]), [], None) | {"guild_id": guild.id}
        return self._channel_route(route, params, call)

    def _channel_route(self, route: str, params: dict[str, str], call: Call) -> tuple[int, Any]:
        channel_id = params["channel_id"]
        stored = self._channel(channel_id)
        if route == "send_message":
            recipient = next((u for u, c in self._dms.items() if c == channel_id), None)
            if recipient in self.dm_refusers:
                raise Reply(403, 50007, "Cannot send messages to this user")
            created = self._new_message(channel_id, call)
            stored.append(created)
            return 200, created
        if route == "get_messages":
            return 200, history(stored, call.query)
        found = _find(stored, params["message_id"])
        if route == "edit_message":
            edit_message(found, call.json or {}, self.next_id())
            return 200, found
        stored.remove(found)
        self.deleted.append((channel_id, found["id"]))
        return 204, None

    def _callback(self, interaction_id: str, token: str, call: Call) -> tuple[int, Any]:
        known = self.interactions.get(interaction_id)
        late = (
            self.answer_within is not None
            and known is not None
            and (time.monotonic() - known.dispatched_at > self.answer_within)
        )
        if known is None or known.payload["token"] != token or late:
            raise Reply(404, 10062, "Unknown interaction")
        if known.callbacks:
            raise Reply(400, 40060, "Interaction has already been acknowledged.")
        body: JSON = call.json or {}
        kind, data = int(body.get("type", 0)), body.get("data") or {}
        known.callbacks.append({"type": kind, "data": data})
        answer: JSON = {"interaction": {"id": interaction_id, "type": known.payload["type"]}}
        resource: JSON | None = None
        if kind in (4, 5):
            flags = int(data.get("flags") or 0) | (LOADING if kind == 5 else 0)
            channel_id = known.payload["channel_id"]
            original = self._new_message(channel_id, call, flags=flags, webhook=True)
            known.original = original
            if not flags & EPHEMERAL and kind == 4:
                self._channel(channel_id).append(original)
            resource = original
            answer["interaction"] |= {
                "response_message_id": original["id"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        elif kind in (6, 7) and "message" in known.payload:  # @original: the pressed message
            shown = known.payload["message"]
            stored = self._channels.get(shown["channel_id"], [])
            target = next((m for m in stored if m["id"] == shown["id"]), shown)
            if kind == 7:
                edit_message(target, data, self.next_id())
                resource = target
            known.original = target
        if resource is not None:
            answer["resource"] = {"type": kind, "message": resource}
        return 200, answer

    def _followup(self, route: str, params: dict[str, str], call: Call) -> tuple[int, Any]:
        known = next(
            (i for i in self.interactions.values() if i.payload["token"] == params["token"]), None
        )
        if known is None or params["app"] != self.application_id:
            raise Reply(404, 10015, "Unknown Webhook")
        channel_id = known.payload["channel_id"]
        if route == "followup":
            created = self._new_message(channel_id, call, webhook=True)
            known.followups.append(created)
            if not created["flags"] & EPHEMERAL:
                self._channel(channel_id).append(created)
            return 200, created
        wanted = params["message_id"]
        candidates = ([known.original] if known.original else []) + known.followups
        target = next(
            (m for m in candidates if wanted in ("@original", m["id"])
             and (wanted != "@original" or m is known.original)), None,
        )  # fmt: skip
        if target is None:
            raise Reply(404, 10008, "Unknown Message")
        if route == "edit_followup":
            edit_message(target, call.json or {}, self.next_id())
            target["flags"] &= ~LOADING
            in_channel = any(m is target for m in self._channels.get(channel_id, []))
            if not in_channel and not target["flags"] & EPHEMERAL:
                self._channel(channel_id).append(target)
        elif route == "delete_followup":
            self._channels[channel_id] = [
                m for m in self._channels.get(channel_id, []) if m is not target
            ]
            self.deleted.append((channel_id, target["id"]))
            return 204, None
        return 200, target

    # ------------------------------------------------------------ internals

    def _new_message(
        self, channel_id: str, call: Call, *, flags: int | None = None, webhook: bool = False
    ) -> JSON:
        body: JSON = dict(call.json or {})
        if "data" in body and "type" in body:  # an interaction callback
            body = dict(body.get("data") or {})
        if flags is not None:
            body["flags"] = flags
        message_id = self.next_id()
        attachments = []
        for index, (_, filename, data) in enumerate(call.files):
            attachments.append({
                "id": str(index), "filename": filename, "size": len(data),
                "url": f"https://cdn.discordapp.invalid/{message_id}/{filename}",
                "proxy_url": f"https://media.discordapp.invalid/{message_id}/{filename}",
            })  # fmt: skip
        if call.files:
            self.attachments[message_id] = [(f, d) for _, f, d in call.files]
        guild_id = next((g.id for g in self.guilds.values() if channel_id in g.channels), None)
        return message(
            message_id, channel_id, self.bot, body, guild_id=guild_id, attachments=attachments,
            webhook_id=self.application_id if webhook else None,
        )  # fmt: skip

    def _open_dm(self, user_id: str) -> str:
        if user_id not in self._dms:
            self._dms[user_id] = self.next_id()
            self._channels[self._dms[user_id]] = []
        return self._dms[user_id]

    def _channel(self, channel_id: str) -> list[JSON]:
        known = channel_id in self._channels or any(
            channel_id in g.channels for g in self.guilds.values()
        )
        if not known:
            raise Reply(404, 10003, "Unknown Channel")
        return self._channels.setdefault(channel_id, [])

    def _guild(self, guild_id: str) -> Guild:
        if guild_id not in self.guilds:
            raise Reply(404, 10004, "Unknown Guild")
        return self.guilds[guild_id]

    def _sync(self, given: list[JSON], guild_id: str | None) -> list[JSON]:
        synced = []
        for command in given:
            known = self.commands if guild_id is None else self.guild_commands.get(guild_id, [])
            same = next((c for c in known if c["name"] == command["name"]), None)
            synced.append({
                "id": same["id"] if same else self.next_id(), "application_id":
                self.application_id, "version": self.next_id(), "type": 1, "options": [],
                "default_member_permissions": None, **command,
            } | ({"guild_id": guild_id} if guild_id else {}))  # fmt: skip
        if guild_id is None:
            self.commands = synced
        else:
            self._guild(guild_id)
            self.guild_commands[guild_id] = synced
        return synced


def _find(stored: list[JSON], message_id: str) -> JSON:
    found = next((m for m in stored if m["id"] == message_id), None)
    if found is None:
        raise Reply(404, 10008, "Unknown Message")
    return found
