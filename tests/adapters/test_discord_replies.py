"""Every answer the real core gives to every command, button (in the guild and in a DM) and
the draft modal renders within Discord's limits, pings no one, and its buttons come back as
presses the core accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.discord import forms, translate
from adapters.discord.render import DiscordMessage, render
from bot.commands.registry import REGISTRY
from bot.core import Core
from bot.delivery import nudges
from bot.delivery.nudges import EDIT
from bot.ports import UnitOfWork
from bot.values import (
    Actor,
    ButtonPress,
    Command,
    Destination,
    DestinationKind,
    DraftSubmitted,
    Outbound,
)
from tests.adapters.test_discord_render import GUILD, assert_inert, assert_within_limits

NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def actor(guild: str = GUILD) -> Actor:
    return Actor("discord", guild, "1100000000000000001", "Ada", "1200000000000000002", "job")


HOSTILE_COMPANY = "Acme @everyone <@&123456789012345678>"
OPTION_VALUES = {
    "company": HOSTILE_COMPANY,
    "role": "PM <@1100000000000000009>",
    "stage": "interview",
    "note": "@here remember",
    "said": "Great **system** design",
    "what": "Coffee with @everyone",
    "title": "Fair @everyone <@&123456789012345678>",
    "when": "next Thursday 6pm",
    "link": "https://fair.example/@everyone",
    "where": "@here Hall 3",
    "zone": "Europe/Berlin",
    "hours": "21:00-08:00",
    "choice": "skip",
    "level": "counts",
    "kind": "networking",
    "view": "group",
    "count": "3",
    "setting": "cadence 1 3 21",
    "action": "add <@1100000000000000009>",
}


def slash_payloads() -> list[dict[str, Any]]:
    """Every registry command as Discord would send it, every option filled."""
    base = {
        "type": 2,
        "guild_id": GUILD,
        "channel_id": "1200000000000000002",
        "member": {"user": {"id": "1100000000000000001", "username": "ada"}},
    }
    made = []
    for command in REGISTRY.commands:
        options = [
            {"name": o.name, "type": 3, "value": OPTION_VALUES[o.name]} for o in command.options
        ]
        made.append({**base, "data": {"name": command.name, "options": options}})
    for sub in REGISTRY.subcommands:
        options = [{"name": o.name, "type": 3, "value": OPTION_VALUES[o.name]} for o in sub.options]
        made.append(
            {
                **base,
                "data": {
                    "name": "rebound",
                    "options": [{"name": sub.name, "type": 1, "options": options}],
                },
            }
        )
    return made


def press_payload(custom_id: str, in_dm: bool) -> dict[str, Any]:
    user = {"id": "1100000000000000001", "username": "ada"}
    if in_dm:
        return {"type": 3, "channel_id": "14", "user": user, "data": {"custom_id": custom_id}}
    return {
        "type": 3,
        "guild_id": GUILD,
        "channel_id": "1200000000000000002",
        "member": {"user": user},
        "data": {"custom_id": custom_id},
    }


def test_every_answer_to_every_command_and_button_renders_within_discord_limits(
    uow: UnitOfWork,
) -> None:
    core = Core(uow, "UTC")
    rendered: list[DiscordMessage] = []

    def run(command: Command) -> list[Outbound]:
        replies = core.handle(command, NOW)
        assert replies, f"no answer to {command}"
        for reply in replies:
            assert reply.destination.platform == "discord"
            assert reply.destination.workspace_id == GUILD
            rendered.append(render(reply))
        return replies

    ids: list[str] = []
    opened = 0
    for body in slash_payloads():
        for reply in run(translate.translate(body)):
            ids += [b["custom_id"] for r in render(reply).components for b in r["components"]]
    assert ids, "the core's answers carry buttons"
    # A DM nudge's buttons, pressed in the DM, where Discord sends no guild id: the editor
    # opens only for the member who owns the follow-up, so this finds the guild's member.
    with uow() as repo:
        member = repo.ensure_member(actor(), NOW)
        followup = repo.followups_for_member(member.id)[0]
    dm = Destination(DestinationKind.DM, "discord", GUILD, user_id="1100000000000000001")
    nudge = render(Outbound(dm, (nudges.actions(followup),)))
    ids = [b["custom_id"] for r in nudge.components for b in r["components"]] + ids
    # Press every button once, the last ones from a DM (forget last, it deletes everything).
    ids.sort(key=lambda i: i.startswith("account.forget"))
    for n, custom_id in enumerate(ids):
        press = translate.translate(press_payload(custom_id, in_dm=n < 5 or n % 2 == 0))
        assert isinstance(press, ButtonPress)
        assert press.action_id in core.button_ids
        assert press.actor.workspace_id == GUILD
        run(press)
        form = core.editor(press.actor, press.value, NOW) if press.action_id == EDIT else None
        if form is not None:
            opened += 1
            made = forms.modal(form, press.actor.workspace_id)
            submission = {
                "type": 5,
                "channel_id": "14",
                "user": {"id": "1100000000000000001"},
                "data": {
                    "custom_id": made["custom_id"],
                    "components": [
                        {"type": 1, "components": [{**row["components"][0], "value": "edited"}]}
                        for row in made["components"]
                    ],
                },
            }
            submitted = translate.translate(submission)
            assert isinstance(submitted, DraftSubmitted) and submitted.body == "edited"
            run(submitted)
    for message_ in rendered:
        assert_within_limits(message_)
        assert_inert(message_)
    assert opened, "the draft editor was opened and submitted"
