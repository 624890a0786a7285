"""Discord interaction payloads become core values. Pure functions, tested against recorded
payload shapes (tests/adapters/discord_payloads/).

Slash commands: Discord sends typed options, not text; the registry's `compose` turns them back
into the text every platform parses, so `/rejected company:Acme role:PM` and Slack's
`/rejected Acme role: PM` reach the same grammar. `/rebound <sub>` arrives as a subcommand
option (type 1) and becomes `rebound` with text `<sub> <composed options>`.

Who: platform "discord", workspace = the guild. Discord sends no guild id for an interaction
in a DM, so buttons and modals carry the guild they were made for in their custom id
(`render.custom_id`, `forms.modal`) and a press in a DM uses it: the member a DM nudge is for
is the member the guild command created, as Slack's DMs carry the team id. A guild id in the
payload always wins over the one in a custom id. Commands are registered for guilds only
(`commands.payloads`), so a command always has one.

Every field is read defensively; a payload that does not say who acted or what they did
raises `MalformedPayload`, never a KeyError or TypeError.
"""

from __future__ import annotations

from typing import Any

from adapters import payloads
from adapters.discord.forms import parse_modal_id, submitted
from adapters.discord.render import parse_custom_id
from adapters.payloads import MalformedPayload, Payload
from bot.commands import editor
from bot.commands.registry import REGISTRY, Registry
from bot.values import Actor, ButtonPress, Command, DraftSubmitted, SlashCommand

PLATFORM = "discord"
APPLICATION_COMMAND, MESSAGE_COMPONENT, MODAL_SUBMIT = 2, 3, 5
SUB_COMMAND, STRING = 1, 3
_text, _object = payloads.text, payloads.obj


def _required(value: Any, what: str) -> str:
    return payloads.required(value, what, "Discord")


def translate(payload: Any, registry: Registry = REGISTRY) -> Command:
    """The command an interaction means, whatever its type."""
    body = _object(payload)
    kind = body.get("type")
    if kind == APPLICATION_COMMAND:
        return command(body, registry)
    if kind == MESSAGE_COMPONENT:
        return button(body)
    if kind == MODAL_SUBMIT:
        return draft_submitted(body)
    raise MalformedPayload("Discord interaction of a type Rebound does not handle")


def command(body: Payload, registry: Registry = REGISTRY) -> SlashCommand:
    data = _object(body.get("data"))
    name = _required(data.get("name"), "a command name").lower()
    options = _options(data.get("options"))
    actor = actor_of(body)
    if name == registry.umbrella:
        sub = next((o for o in options if o.get("type") == SUB_COMMAND), None)
        if sub is None:
            return SlashCommand(actor, name, "")
        sub_name = _text(sub.get("name")).lower()
        found = next((c for c in registry.subcommands if c.name == sub_name), None)
        composed = found.compose(_values(_options(sub.get("options")))) if found else ""
        return SlashCommand(actor, name, f"{sub_name} {composed}".strip())
    found = next((c for c in registry.commands if c.name == name), None)
    return SlashCommand(actor, name, found.compose(_values(options)) if found else "")


def button(body: Payload) -> ButtonPress:
    data = _object(body.get("data"))
    parsed = parse_custom_id(_required(data.get("custom_id"), "a custom id"))
    if parsed is None:
        raise MalformedPayload("Discord button whose custom id Rebound did not make")
    action_id, workspace, value = parsed
    return ButtonPress(actor_of(body, workspace), action_id, value)


def draft_submitted(body: Payload) -> DraftSubmitted:
    """The draft editor's modal, submitted: the follow-up it was for and the edited email."""
    data = _object(body.get("data"))
    parsed = parse_modal_id(_required(data.get("custom_id"), "a custom id"))
    if parsed is None or parsed[0] != editor.FORM_ID:
        raise MalformedPayload("Discord modal Rebound did not make")
    _, workspace, value = parsed
    fields = submitted(data)
    return DraftSubmitted(
        actor_of(body, workspace),
        value,
        fields.get(editor.SUBJECT, ""),
        fields.get(editor.BODY, ""),
    )


def actor_of(body: Payload, workspace_hint: str = "") -> Actor:
    """The member behind an interaction: `member.user` in a guild, `user` in a DM."""
    member = _object(body.get("member"))
    user = _object(member.get("user")) or _object(body.get("user"))
    user_id = _required(user.get("id"), "a user id")
    guild_id = _text(body.get("guild_id")) or _text(_object(body.get("guild")).get("id"))
    channel = _object(body.get("channel"))
    channel_id = _text(body.get("channel_id")) or _text(channel.get("id"))
    name = (
        _text(member.get("nick"))
        or _text(user.get("global_name"))
        or _text(user.get("username"))
        or user_id
    )
    # A DM is a private context, not a group channel (as Slack's D… channels).
    in_guild = bool(guild_id)
    return Actor(
        PLATFORM,
        guild_id or workspace_hint,
        user_id,
        name,
        channel_id if in_guild else "",
        _text(channel.get("name")) if in_guild else "",
        can_manage=in_guild and _manages(_text(member.get("permissions"))),
    )


# Discord's permission bits that make someone an organiser: Administrator, Manage Server.
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5


def _manages(permissions: str) -> bool:
    """Whether the member's computed permissions in the channel (a decimal string in the
    interaction) include Administrator or Manage Server; anything unreadable is no."""
    plain = permissions.isascii() and permissions.isdigit()  # not "²", which int() refuses
    return plain and bool(int(permissions) & (ADMINISTRATOR | MANAGE_GUILD))


# --- fields ---------------------------------------------------------------------------------


def _options(value: Any) -> list[Payload]:
    return (
        [option for option in value if isinstance(option, dict)] if isinstance(value, list) else []
    )


def _values(options: list[Payload]) -> dict[str, str]:
    """Option values by name; Discord sends numbers and booleans typed, the grammar reads text."""
    values: dict[str, str] = {}
    for option in options:
        value = option.get("value")
        if isinstance(value, bool):
            value = "yes" if value else "no"
        values[_text(option.get("name"))] = (
            _text(value) if not isinstance(value, float) else str(value)
        )
    return values
