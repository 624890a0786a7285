"""An event post in Slack, end to end through the real AsyncApp and slack_sdk against the fake
Slack: posted in the channel with its `.ics` shared there, its RSVP buttons changing the post
in place (never a second post), the invite re-sent to the DM of a member who is going, and
nothing in it able to ping anyone (`tests/adapters/event_post.py` makes the values)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core import Core
from bot.ports import UnitOfWork
from tests.adapters.conftest import SlackHarness, eventually, serving
from tests.adapters.event_post import ICS, START, WITH_MEETUP, YOU_ARE_GOING
from tests.adapters.slack_requests import block_actions_body, slash_command_body
from tests.adapters.test_slack_app import buttons, shown

JSON = dict[str, Any]


@pytest.fixture
async def slack(uow: UnitOfWork) -> AsyncIterator[SlackHarness]:
    async with serving(Core(uow, "Europe/Berlin", registry=WITH_MEETUP), uow) as harness:
        yield harness


async def posted(slack: SlackHarness) -> JSON:
    """`/meetup` in C1; the event post as the channel shows it."""
    body = slash_command_body("/meetup", "", response_url=slack.fake.response_url("meetup"))
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.shared_to)
    post, _file = slack.fake.messages("C1")
    return post


async def press(slack: SlackHarness, post: JSON, label: str, token: str) -> None:
    button = buttons(post)[label]
    body = block_actions_body(
        button["action_id"],
        button["value"],
        response_url=slack.fake.response_url(token, on=("C1", post["ts"])),
        channel="C1",
        message=post,
        message_ts=post["ts"],
    )
    assert (await slack.post(body)).status == 200


def shared(slack: SlackHarness, channel: str) -> list[JSON]:
    return [f for f in slack.fake.files.values() if f["channels"] == [channel]]


async def test_the_post_goes_to_the_channel_with_its_invite_shared_there(
    slack: SlackHarness,
) -> None:
    post = await posted(slack)
    text = shown(post)
    assert f"<!date^{int(START.timestamp())}^" in text
    assert "<https://example.org/fair?a=1&amp;b=2|Event page>" in text
    assert "&lt;!channel&gt;" in text and "&lt;@U999&gt;" in text
    assert "0 going · 0 interested" in text
    assert list(buttons(post)) == ["Going", "Interested", "Not going"]
    (invite,) = shared(slack, "C1")
    assert invite["name"] == "event-1.ics"
    assert slack.fake.uploaded[invite["id"]] == ICS
    assert not slack.fake.responses_to("meetup"), "a channel post has no private answer"
    assert not any("<!channel>" in t or "<@U999>" in t for t in slack.fake.all_texts())


async def test_going_changes_the_post_in_place_and_sends_the_invite_to_the_dm(
    slack: SlackHarness,
) -> None:
    post = await posted(slack)
    await press(slack, post, "Going", "going")
    await eventually(lambda: len(slack.fake.responses_to("going")) == 2)
    await eventually(lambda: shared(slack, "DU1"))
    replaced, answer = slack.fake.responses_to("going")
    assert replaced["replace_original"] is True
    assert "response_type" not in replaced, "the post stays a channel post"
    assert answer["replace_original"] is False and answer["response_type"] == "ephemeral"
    assert YOU_ARE_GOING in shown(answer)
    # The channel: the same post (same ts) with the new count, its invite still shared, and
    # no second post or second invite.
    now, file = slack.fake.messages("C1")
    assert now["ts"] == post["ts"] and "edited" in now
    assert "1 going · 0 interested" in shown(now)
    assert list(buttons(now)) == ["Going", "Interested", "Not going"]
    assert file["files"][0]["name"] == "event-1.ics"
    assert len(shared(slack, "C1")) == 1
    assert not slack.fake.calls_to("chat.update")
    # The member's DM: the invite, as a message and the file with it.
    note, dm_file = slack.fake.messages("U1")
    assert "Your invite for City job fair" in note["text"]
    (invite,) = shared(slack, "DU1")
    assert invite["name"] == "event-1.ics" and slack.fake.uploaded[invite["id"]] == ICS
    assert dm_file["files"] == [{"id": invite["id"], "name": "event-1.ics"}]
    assert not any("<!channel>" in t or "<@U999>" in t for t in slack.fake.all_texts())


async def test_interested_only_changes_the_post(slack: SlackHarness) -> None:
    post = await posted(slack)
    await press(slack, post, "Interested", "maybe")
    await eventually(lambda: slack.fake.responses_to("maybe"))
    (replaced,) = slack.fake.responses_to("maybe")
    assert replaced["replace_original"] is True
    assert "0 going · 1 interested" in shown(slack.fake.messages("C1")[0])
    assert slack.fake.messages("U1") == [] and len(slack.fake.files) == 1


async def test_the_posts_metadata_stays_when_it_is_replaced(slack: SlackHarness) -> None:
    """A post delivered as due work carries its work keys in metadata, for `find`."""
    post = await posted(slack)
    keys = {"event_type": "rebound_delivery", "event_payload": {"keys": "event:1:week"}}
    await press(slack, {**post, "metadata": keys}, "Interested", "kept")
    await eventually(lambda: slack.fake.responses_to("kept"))
    assert slack.fake.messages("C1")[0]["metadata"] == keys
    assert json.dumps(slack.fake.responses_to("kept")[0]["metadata"]) == json.dumps(keys)


async def test_a_refused_response_url_falls_back_to_updating_the_message(
    slack: SlackHarness,
) -> None:
    post = await posted(slack)
    slack.fake.fail_next("response_url", status=404, error="used_url")
    await press(slack, post, "Interested", "used")
    await eventually(lambda: slack.fake.calls_to("chat.update"))
    (update,) = slack.fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("C1", post["ts"])
    now, _file = slack.fake.messages("C1")
    assert "0 going · 1 interested" in shown(now)
    assert list(buttons(now)) == ["Going", "Interested", "Not going"]
