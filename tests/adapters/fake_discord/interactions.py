"""INTERACTION_CREATE payloads built from the shapes Discord records.

The fields follow recorded gateway payloads of slash commands in a guild and in a DM (a guild
interaction carries `member` with the member's channel `permissions`, a DM one carries `user`;
`context` is 0 for a guild, 1 for the bot's DM) plus the documented `data` of each type:
application command (2), autocomplete (4: the option being typed is `focused`), message
component (3: `custom_id`, `component_type`, the message the component is on) and modal
submit (5: the text inputs' values, laid out as the modal was). discord.py indexes `id`,
`token`, `version`, `application_id` and `attachment_size_limit` unconditionally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.adapters.fake_discord.objects import JSON, Guild, Person, dm_channel, member

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Option types (https://discord.com/developers/docs/interactions/application-commands).
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6


@dataclass(frozen=True)
class Where:
    """Who acts where: a member in a guild's text channel, or a user in their DM with the bot."""

    person: Person
    channel_id: str
    guild: Guild | None = None
    permissions: int = 0
    roles: tuple[str, ...] = ()


def option(name: str, value: Any, *, type: int = STRING, focused: bool = False) -> JSON:
    data: JSON = {"name": name, "type": type, "value": value}
    if focused:
        data["focused"] = True
    return data


def subcommand(name: str, options: list[JSON] | None = None, *, group: bool = False) -> JSON:
    return {
        "name": name,
        "type": SUB_COMMAND_GROUP if group else SUB_COMMAND,
        "options": options or [],
    }


def interaction(
    kind: int,
    data: JSON,
    where: Where,
    *,
    interaction_id: str,
    token: str,
    application_id: str,
    message: JSON | None = None,
) -> JSON:
    """The envelope every interaction shares, around `data`."""
    payload: JSON = {
        "id": interaction_id,
        "application_id": application_id,
        "type": kind,
        "data": data,
        "token": token,
        "version": 1,
        "locale": "en-US",
        "app_permissions": "562949953601536",
        "attachment_size_limit": 10_485_760,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "channel_id": where.channel_id,
    }
    if where.guild is not None:
        payload["guild_id"] = where.guild.id
        payload["guild_locale"] = "en-US"
        payload["guild"] = {"id": where.guild.id, "locale": "en-US", "features": []}
        payload["channel"] = where.guild.channel(where.channel_id)
        payload["channel"]["permissions"] = str(where.permissions)
        payload["member"] = member(where.person, list(where.roles), where.permissions)
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": where.guild.id}
    else:
        payload["channel"] = dm_channel(where.channel_id, where.person)
        payload["user"] = where.person.user()
        payload["context"] = 1
        payload["authorizing_integration_owners"] = {"0": "0"}
    if message is not None:
        payload["message"] = message
    return payload


def command_data(
    name: str, options: list[JSON] | None, *, command_id: str, command_guild_id: str | None
) -> JSON:
    data: JSON = {"id": command_id, "name": name, "type": 1, "options": options or []}
    if command_guild_id is not None:
        data["guild_id"] = command_guild_id  # set for guild commands, as Discord does
    return data


def component_data(custom_id: str, *, component_type: int = 2, values: list[str] | None) -> JSON:
    data: JSON = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        data["values"] = values
    return data


def modal_data(modal: JSON, values: dict[str, str]) -> JSON:
    """The submit data for a modal the bot opened (`modal` is its callback data: custom_id,
    title, components), with `values` typed into its text inputs by custom_id.

    Rows (type 1) and labels (type 18) come back as they were laid out; inputs without a
    value come back empty, as Discord sends an untouched optional input.
    """
    unknown = set(values) - set(_input_ids(modal["components"]))
    if unknown:
        raise ValueError(f"the modal has no text input {sorted(unknown)}")
    return {
        "custom_id": modal["custom_id"],
        "components": [_submitted(c, values) for c in modal["components"]],
    }


def _input_ids(components: list[JSON]) -> list[str]:
    ids: list[str] = []
    for component in components:
        if component.get("type") == 1:
            ids.extend(_input_ids(component.get("components", [])))
        elif component.get("type") == 18:
            ids.extend(_input_ids([component["component"]]))
        elif component.get("type") == 4:
            ids.append(component["custom_id"])
    return ids


def _submitted(component: JSON, values: dict[str, str]) -> JSON:
    kind = component.get("type")
    if kind == 1:
        return {"type": 1, "components": [_submitted(c, values) for c in component["components"]]}
    if kind == 18:
        return {"type": 18, "component": _submitted(component["component"], values)}
    if kind == 4:
        custom_id = component["custom_id"]
        return {"type": 4, "custom_id": custom_id, "value": values.get(custom_id, "")}
    return dict(component)
