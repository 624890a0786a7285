"""Discord API objects (users, members, guilds, channels, messages) as the fake hands them out.

Shapes follow Discord's documented objects and recorded payloads, with the fields discord.py
reads unconditionally (it indexes `data["..."]` for them) always present. IDs are snowflakes
as strings, as Discord sends them; `snowflake` makes increasing ones from a fixed clock so runs
are repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
OWNER_ID = "1300000000000000001"  # the owner of the fake's guilds and application
_BASE = datetime(2026, 1, 1, tzinfo=UTC)

# Permission bits (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
MEMBER_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | (1 << 31)  # + USE_APPLICATION_COMMANDS

# Gateway intents Discord refuses (close code 4014) unless enabled for the app.
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # GUILD_MEMBERS, PRESENCES, CONTENT


def snowflake(counter: int) -> str:
    """A snowflake `counter` milliseconds after 2026-01-01, so later ones sort later."""
    ms = int((_BASE + timedelta(milliseconds=counter)).timestamp() * 1000)
    return str(((ms - DISCORD_EPOCH_MS) << 22) | (counter & 0xFFF))


def timestamp_of(snowflake_id: str) -> str:
    ms = (int(snowflake_id) >> 22) + DISCORD_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat()


def shard_of(guild_id: str | None, shard_count: int) -> int:
    """Discord's routing: `(guild_id >> 22) % shard_count`; DMs go to shard 0."""
    return 0 if guild_id is None else (int(guild_id) >> 22) % shard_count


@dataclass
class Person:
    """A Discord user the fake knows (members and DM partners)."""

    id: str
    username: str
    global_name: str | None = None
    bot: bool = False

    def user(self) -> JSON:
        return {
            "id": self.id,
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class Guild:
    """A guild (Discord server) with text channels, by channel ID -> name."""

    id: str
    name: str
    owner_id: str
    channels: dict[str, str] = field(default_factory=dict)

    def channel(self, channel_id: str) -> JSON:
        names = list(self.channels)
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.id,
            "name": self.channels[channel_id],
            "position": names.index(channel_id),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def everyone_role(self) -> JSON:
        return {
            "id": self.id,  # @everyone has the guild's ID
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def create_event(self, bot: Person) -> JSON:
        """The GUILD_CREATE payload: the whole guild with its channels and the bot as member."""
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "owner_id": self.owner_id,
            "unavailable": False,
            "large": False,
            "member_count": 2,
            "features": [],
            "roles": [self.everyone_role()],
            "emojis": [],
            "stickers": [],
            "channels": [self.channel(c) for c in self.channels],
            "threads": [],
            "members": [member(bot, [], 0)],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "preferred_locale": "en-US",
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "system_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
        }


def member(person: Person, roles: list[str], permissions: int | None) -> JSON:
    """A guild member; `permissions` (the member's total in the channel) as interactions
    carry it, or None for a member as GUILD_CREATE lists it."""
    data: JSON = {
        "user": person.user(),
        "nick": None,
        "avatar": None,
        "roles": roles,
        "joined_at": "2026-01-01T00:00:00+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def dm_channel(channel_id: str, recipient: Person) -> JSON:
    return {
        "id": channel_id,
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [recipient.user()],
    }


def message(
    message_id: str,
    channel_id: str,
    author: Person,
    body: JSON,
    *,
    guild_id: str | None = None,
    attachments: list[JSON] | None = None,
    webhook_id: str | None = None,
) -> JSON:
    """A message object as Discord returns it, from the JSON a client sent to create it."""
    data: JSON = {
        "id": message_id,
        "channel_id": channel_id,
        "type": 0,
        "author": author.user(),
        "content": body.get("content") or "",
        "timestamp": timestamp_of(message_id),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "flags": int(body.get("flags") or 0),
        "allowed_mentions": body.get("allowed_mentions"),
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
    if webhook_id is not None:
        data["webhook_id"] = webhook_id
    return data


def edit_message(stored: JSON, body: JSON, edit_id: str) -> None:
    """Apply a PATCH body to a stored message (fields not sent are kept, as Discord does)."""
    for key in ("content", "embeds", "components", "flags", "allowed_mentions"):
        if key in body:
            stored[key] = body[key] if body[key] is not None else ("" if key == "content" else [])
    if "attachments" in body:  # the attachments to keep, by ID
        kept = {str(a.get("id")) for a in body["attachments"] or []}
        stored["attachments"] = [a for a in stored["attachments"] if a["id"] in kept]
    stored["edited_timestamp"] = timestamp_of(edit_id)


def error(code: int, message: str) -> JSON:
    """Discord's JSON error body."""
    return {"code": code, "message": message}


def gateway_bot(url: str, shards: int) -> JSON:
    """GET /gateway/bot: where to connect, how many shards, and the session start limit."""
    limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
    return {"url": url, "shards": shards, "session_start_limit": limit}


def application(application_id: str, bot: Person, owner: Person) -> JSON:
    """The application object (GET /oauth2/applications/@me), which discord.py fetches at
    login for the application ID that command sync and interaction answers need."""
    return {
        "id": application_id,
        "name": bot.username,
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner.user(),
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
        "bot": bot.user(),
        "interactions_endpoint_url": None,
    }


def history(stored: list[JSON], query: dict[str, str]) -> list[JSON]:
    """Newest first, at most `limit` (1-100, default 50), before/after a message ID."""
    limit = max(1, min(100, int(query.get("limit", "50"))))
    chosen = stored
    if "before" in query:
        chosen = [m for m in chosen if int(m["id"]) < int(query["before"])]
    if "after" in query:
        chosen = [m for m in chosen if int(m["id"]) > int(query["after"])]
        return list(reversed(chosen[:limit]))
    return list(reversed(chosen))[:limit]
