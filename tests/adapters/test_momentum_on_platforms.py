"""`/momentum share` on Slack and Discord through the real clients (issue 12): the member's card
goes to the group channel with their chart attached as a PNG, nothing pings, and only the
member is told it went."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from bot.ports import UnitOfWork
from tests.adapters.conftest import SlackHarness, eventually
from tests.adapters.discord_session import MEMBER, discord_rebound, interact, text_of
from tests.adapters.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.fake_discord.interactions import option
from tests.adapters.slack_requests import slash_command_body
from tests.adapters.test_slack_app import command, shown


def assert_a_chart(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size[0] >= 800 and image.size[1] >= 400


async def test_slack_share_posts_the_card_with_its_chart(slack: SlackHarness) -> None:
    await command(slack, "applied", "Globex")
    told = await command(slack, "momentum", "share")
    assert "Shared your week" in shown(told)
    await eventually(lambda: [f for f in slack.fake.files.values() if f["channels"] == ["C1"]])
    card, _file = slack.fake.messages("C1")
    assert "week so far" in shown(card) and "1 application" in shown(card)
    assert "Globex" not in shown(card), "counts privacy: numbers only"
    (chart,) = [f for f in slack.fake.files.values() if f["channels"] == ["C1"]]
    assert chart["name"].endswith(".png")
    assert_a_chart(slack.fake.uploaded[chart["id"]])
    # Your own week: the words only you see, the chart (a file cannot ride on a private
    # answer in Slack) in your DM.
    body = slash_command_body("/momentum", "", response_url=slack.fake.response_url("mine"))
    assert (await slack.post(body)).status == 200
    await eventually(lambda: [f for f in slack.fake.files.values() if f["channels"] == ["DU1"]])
    words = [c for c in slack.fake.calls if "Your week so far" in json.dumps(c.params)]
    assert words and all(c.method != "chat.postMessage" or c.params.get("channel") != "C1"
                         for c in words), "only to you"  # fmt: skip
    (mine,) = [f for f in slack.fake.files.values() if f["channels"] == ["DU1"]]
    assert_a_chart(slack.fake.uploaded[mine["id"]])


@pytest.fixture
async def discord_fake(uow: UnitOfWork) -> AsyncIterator[FakeDiscord]:
    async with discord_rebound(uow) as (fake, _runtime):
        yield fake


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_discord_share_posts_the_card_with_its_chart(discord_fake: FakeDiscord) -> None:
    fake = discord_fake
    where = fake.in_guild(MEMBER)
    await interact(fake, fake.slash_command(where, "applied", [option("company", "Globex")]))
    await interact(fake, fake.slash_command(where, "momentum", [option("view", "share")]))
    (card,) = fake.messages(CHANNEL_ID)
    assert "week so far" in text_of(card) and "Globex" not in text_of(card)
    ((name, data),) = fake.attachments[card["id"]]
    assert name.endswith(".png")
    assert_a_chart(data)
