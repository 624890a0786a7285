"""The group calendar's own `/event add` and its Going button on Slack and Discord, through the
real clients against the fakes: the post lands in the channel with its `.ics` (read back with
icalendar), Going edits that post in place with the new count, and the invite goes to the
member's DM as a file. (`test_*_event_post.py` test the same paths with hand-made values.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

import icalendar
import pytest

from bot.ports import UnitOfWork
from tests.adapters.conftest import SlackHarness, eventually
from tests.adapters.discord_session import (
    MEMBER,
    buttons_of,
    discord_rebound,
    interact,
    text_of,
)
from tests.adapters.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.fake_discord.interactions import option
from tests.adapters.slack_requests import block_actions_body, slash_command_body
from tests.adapters.test_slack_app import buttons, shown

# `<!channel>` typed as text: Slack sends it as entities.
ADD = (
    "add Tech fair &lt;!channel&gt; at Dec 10 6pm "
    "https://fair.example/jobs?a=1&amp;b=2 where: Hall 3"
)


def read_invite(data: bytes) -> icalendar.cal.Component:
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def check_invite(data: bytes) -> None:
    event = read_invite(data)
    start = event.decoded("DTSTART")
    assert str(event["SUMMARY"]) == "Tech fair <!channel>"
    assert (start.isoformat(), str(start.tzinfo)) == ("2026-12-10T18:00:00+01:00", "Europe/Berlin")
    assert str(event["URL"]) == "https://fair.example/jobs?a=1&b=2"
    assert str(event["LOCATION"]) == "Hall 3"


async def test_slack_event_add_post_going_and_invite(slack: SlackHarness) -> None:
    body = slash_command_body("/event", ADD, response_url=slack.fake.response_url("add"))
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.shared_to)
    post, _file = slack.fake.messages("C1")
    text = shown(post)
    assert "Tech fair &lt;!channel&gt;" in text and "<!date^" in text
    assert "*Going*\\n0" in text and list(buttons(post)) == ["Going", "Interested", "Not going"]
    (invite,) = [f for f in slack.fake.files.values() if f["channels"] == ["C1"]]
    check_invite(slack.fake.uploaded[invite["id"]])

    going = buttons(post)["Going"]
    press = block_actions_body(
        going["action_id"],
        going["value"],
        response_url=slack.fake.response_url("going", on=("C1", post["ts"])),
        channel="C1",
        message=post,
        message_ts=post["ts"],
        user="U2",
    )
    assert (await slack.post(press)).status == 200
    await eventually(lambda: [f for f in slack.fake.files.values() if f["channels"] == ["DU2"]])
    now, _file = slack.fake.messages("C1")
    assert now["ts"] == post["ts"] and "*Going*\\n1" in shown(now), "the same post, in place"
    (dm_invite,) = [f for f in slack.fake.files.values() if f["channels"] == ["DU2"]]
    check_invite(slack.fake.uploaded[dm_invite["id"]])
    assert not any("<!channel>" in t for t in slack.fake.all_texts())


@pytest.fixture
async def discord_fake(uow: UnitOfWork) -> AsyncIterator[FakeDiscord]:
    async with discord_rebound(uow) as (fake, _runtime):
        yield fake


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_discord_event_add_post_going_and_invite(discord_fake: FakeDiscord) -> None:
    fake = discord_fake
    fields = [
        option("what", "add"),
        option("title", "Tech fair @everyone"),
        option("when", "Dec 10 6pm"),
        option("link", "https://fair.example/jobs"),
        option("where", "Hall 3"),
    ]
    await interact(fake, fake.slash_command(fake.in_guild(MEMBER), "event", fields))
    (post,) = fake.messages(CHANNEL_ID)
    assert "Tech fair @\u200beveryone" in text_of(post)
    assert [b["label"] for b in buttons_of(post)] == ["Going", "Interested", "Not going"]
    ((name, data),) = fake.attachments[post["id"]]
    assert name.endswith(".ics") and str(read_invite(data)["SUMMARY"]) == "Tech fair @everyone"

    going = next(str(b["custom_id"]) for b in buttons_of(post) if b["label"] == "Going")
    outcome = await interact(fake, fake.component(fake.in_guild(MEMBER), post, going))
    assert outcome.callback["type"] == 7 and "Going\n1\n" in text_of(outcome.callback["data"])
    (now,) = fake.messages(CHANNEL_ID)
    assert now["id"] == post["id"] and [a["filename"] for a in now["attachments"]] == [name]
    (dm,) = fake.dms(MEMBER)
    ((_, dm_data),) = fake.attachments[dm["id"]]
    assert read_invite(dm_data).decoded("DTSTART").isoformat() == "2026-12-10T18:00:00+01:00"
