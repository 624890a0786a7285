"""Slack follows the registry: a workspace that registers only some commands gets help in the
spellings that work there, and a command (with a button) added to the registry works through the
real Slack app without any change to the adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.commands.buttons import ButtonAction
from bot.commands.registry import REGISTRY, Command, Registry
from bot.commands.requests import Problem
from bot.context import Context
from bot.core import Core
from bot.messages.commands import Words
from bot.ports import UnitOfWork
from bot.values import Actions, Button, Outbound
from tests.adapters.conftest import SlackHarness, eventually, serving
from tests.adapters.slack_requests import block_actions_body
from tests.adapters.test_slack_app import buttons, command, shown


def _thank(ctx: Context, company: str) -> list[Outbound]:
    again = Button("Thank again", "thanks.again", company)
    return [
        ctx.reply((*ctx.blocks("Thanked **{company}**.", {"company": company}), Actions((again,))))
    ]


def _again(ctx: Context, value: str) -> list[Outbound]:
    return [ctx.say("Thanked **{company}** once more.", {"company": value})]


THANKED = Command(
    "thanked",
    Words("Log a thank-you you sent", "<company>", (("<company>", "log a thank-you"),)),
    lambda typed: typed.strip() or Problem("usage_applied"),
    _thank,
    buttons=(ButtonAction("thanks.again", _again),),
)
EXTENDED = Registry(
    (*REGISTRY.commands, THANKED), REGISTRY.umbrella, REGISTRY.umbrella_words, REGISTRY.subcommands
)


@pytest.fixture
async def slack(uow: UnitOfWork) -> AsyncIterator[SlackHarness]:
    """The Slack app over a core with one more command, in a workspace that registered only
    `/rejected`, `/thanked` and `/rebound` (`SLACK_COMMANDS=rejected,thanked`)."""
    core = Core(
        uow, "Europe/Berlin", registry=EXTENDED, registered={"slack": {"rejected", "thanked"}}
    )
    async with serving(core, uow) as harness:
        yield harness


async def test_help_names_the_commands_that_work_in_this_workspace(slack: SlackHarness) -> None:
    helped = shown(await command(slack, "rebound", "help"))
    assert "• `/rejected &lt;company&gt; [role: …]" in helped
    assert "• `/rebound followups`: what's planned" in helped
    assert "• `/rebound feedback &lt;company&gt;: &lt;what they said&gt;`" in helped
    assert "• `/thanked &lt;company&gt;`: log a thank-you" in helped
    saved = shown(await command(slack, "rebound", "feedback Acme Corp: more SQL"))
    assert "Feedback from *Acme Corp* saved" in saved


async def test_a_new_command_and_its_button_work_without_an_adapter_change(
    slack: SlackHarness,
) -> None:
    answer: dict[str, Any] = await command(slack, "thanked", "Acme Corp")
    assert "Thanked *Acme Corp*." in shown(answer)
    assert "Thanked *Acme Corp*." in shown(await command(slack, "rebound", "thanked Acme Corp"))
    button = buttons(answer)["Thank again"]
    token = "again"
    body = block_actions_body(
        button["action_id"], button["value"], response_url=slack.fake.response_url(token)
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    assert "Thanked *Acme Corp* once more." in shown(slack.fake.responses_to(token)[0])
