"""An event post in Discord, through the real discord.py client against the fake Discord: posted
in the channel with its `.ics` as a file on the message (one multipart request), its RSVP
buttons editing that message in place (callback type 7, or `@original` after a deferral)
without touching its file, the invite re-sent as a file in the DM of a member who is going,
and no one pinged (`tests/adapters/event_post.py` makes the values; the autouse
`no_discord_pings` checks every message body)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord.render import custom_id
from bot.ports import UnitOfWork
from tests.adapters.conftest import eventually
from tests.adapters.discord_session import (
    JSON,
    MEMBER,
    buttons_of,
    discord_rebound,
    interact,
    sqlite_only,
    text_of,
)
from tests.adapters.event_post import ICS, NOT_GOING, START, WITH_MEETUP, YOU_ARE_GOING
from tests.adapters.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord

database_url = pytest.fixture(sqlite_only)
INVITE = [("event-1.ics", ICS)]


@pytest.fixture
async def fake(uow: UnitOfWork) -> AsyncIterator[FakeDiscord]:
    async with discord_rebound(uow, WITH_MEETUP) as (fake, _runtime):
        yield fake


async def posted(fake: FakeDiscord) -> JSON:
    """`/meetup` in the guild's channel; the event post as the channel shows it."""
    outcome = await interact(fake, fake.slash_command(fake.in_guild(MEMBER), "meetup"))
    assert outcome.callback["type"] == 5, "deferred while the post and its file go out"
    assert outcome.shown() == [], "a channel post needs no private answer"
    (post,) = fake.messages(CHANNEL_ID)
    return post


def button(message: JSON, label: str) -> str:
    return next(str(b["custom_id"]) for b in buttons_of(message) if b["label"] == label)


def calls(fake: FakeDiscord, route: str) -> list[Any]:
    return [c for c in fake.calls if c.route == route]


async def test_the_post_goes_to_the_channel_with_its_invite_as_a_file(fake: FakeDiscord) -> None:
    post = await posted(fake)
    text = text_of(post)
    assert f"<t:{int(START.timestamp())}:f>" in text
    assert "[Event page](<https://example.org/fair?a=1&b=2>)" in text
    assert "0 going · 0 interested" in text
    assert "\\<@U999>" in text and "@everyone" not in text.replace("@\u200beveryone", "")
    assert [b["label"] for b in buttons_of(post)] == ["Going", "Interested", "Not going"]
    assert fake.attachments[post["id"]] == INVITE
    (sent,) = calls(fake, "send_message")
    assert [f for _field, f, _data in sent.files] == ["event-1.ics"]
    assert sent.json["attachments"] == [{"id": 0, "filename": "event-1.ics"}]
    assert sent.json["allowed_mentions"] == {"parse": []}


async def test_going_edits_the_post_in_place_and_sends_the_invite_to_the_dm(
    fake: FakeDiscord,
) -> None:
    post = await posted(fake)
    press = fake.component(fake.in_guild(MEMBER), post, button(post, "Going"))
    outcome = await interact(fake, press)
    update = outcome.callback
    assert update["type"] == 7, "the pressed message itself shows the new counts"
    assert "attachments" not in update["data"] and "flags" not in update["data"]
    assert "1 going · 0 interested" in text_of(update["data"])
    assert [b["label"] for b in buttons_of(update["data"])] == ["Going", "Interested", "Not going"]
    assert update["data"]["allowed_mentions"] == {"parse": []}
    assert not any(c.files for c in calls(fake, "interaction_callback"))
    # The channel: one post, the same message, edited, its file still on it.
    (now,) = fake.messages(CHANNEL_ID)
    assert now["id"] == post["id"] and now["edited_timestamp"]
    assert "1 going" in text_of(now)
    assert [a["filename"] for a in now["attachments"]] == ["event-1.ics"]
    # The member's DM: the invite with its file; privately, that it went there and the answer.
    (dm,) = fake.dms(MEMBER)
    assert "Your invite for City job fair" in dm["content"]
    assert fake.attachments[dm["id"]] == INVITE
    private = outcome.interaction.followups
    assert [m["flags"] & 64 for m in private] == [64, 64]
    assert YOU_ARE_GOING in text_of(private[-1])


async def test_interested_only_edits_the_post(fake: FakeDiscord) -> None:
    post = await posted(fake)
    outcome = await interact(
        fake, fake.component(fake.in_guild(MEMBER), post, button(post, "Interested"))
    )
    assert outcome.callback["type"] == 7 and outcome.interaction.followups == []
    assert "0 going · 1 interested" in text_of(fake.messages(CHANNEL_ID)[0])
    assert fake.dms(MEMBER) == [] and len(calls(fake, "send_message")) == 1


async def test_a_slow_answer_defers_then_edits_the_pressed_message(fake: FakeDiscord) -> None:
    post = await posted(fake)
    await interact(fake, fake.component(fake.in_guild(MEMBER), post, button(post, "Interested")))
    slow = custom_id(NOT_GOING, 3, GUILD_ID, "slow")
    outcome = await interact(fake, fake.component(fake.in_guild(MEMBER), post, slow))
    assert outcome.callback["type"] == 6, "acknowledged within Discord's 3 seconds"
    await eventually(lambda: calls(fake, "edit_followup"), seconds=10)
    (edit,) = calls(fake, "edit_followup")
    assert edit.path.endswith("/messages/@original")
    assert "attachments" not in edit.json and "flags" not in edit.json
    (now,) = fake.messages(CHANNEL_ID)
    assert "0 going · 0 interested" in text_of(now)
    assert [a["filename"] for a in now["attachments"]] == ["event-1.ics"]


async def test_the_posts_work_key_footer_stays_when_it_is_edited(fake: FakeDiscord) -> None:
    """A post delivered as due work names its work keys in a footer, which `find` reads."""
    post = await posted(fake)
    embeds = [*post["embeds"][:-1], {**post["embeds"][-1], "footer": {"text": "ref 0123abcdef"}}]
    marked = {**post, "embeds": embeds}
    outcome = await interact(
        fake, fake.component(fake.in_guild(MEMBER), marked, button(post, "Interested"))
    )
    footers = [e.get("footer") for e in outcome.callback["data"]["embeds"]]
    assert footers[-1] == {"text": "ref 0123abcdef"}
