"""The Discord messenger through the real discord.py HTTP client against the fake Discord:
DMs and channel posts that ping no one, work keys recognisable in history, deletes, and what
each refusal means for retrying."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.discord.messenger import DiscordMessenger, key_digest
from bot.values import (
    Actions,
    Attachment,
    Button,
    Destination,
    DestinationKind,
    Outbound,
    Paragraph,
    Span,
)
from tests.adapters.fake_discord import CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord
from tests.adapters.fake_discord.objects import Person

MEMBER = "1300000000000000042"


def nudge(*keys: str, kind: DestinationKind = DestinationKind.DM) -> Outbound:
    destination = Destination(
        kind, "discord", GUILD_ID, channel_id=CHANNEL_ID if kind is DestinationKind.CHANNEL else "",
        user_id=MEMBER,
    )  # fmt: skip
    return Outbound(
        destination,
        (
            Paragraph((Span("Did you follow up with @everyone <@&123>?"),)),
            Actions((Button("Sent it", "followup_sent", "77"),)),
        ),
        summary="A follow-up is due",
        work_keys=keys,
    )


@pytest.fixture
async def messenger(fake: FakeDiscord) -> AsyncIterator[DiscordMessenger]:
    made = DiscordMessenger(TOKEN)
    yield made
    await made.close()


async def test_a_dm_arrives_with_its_button_and_pings_no_one(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    delivery = await messenger.send(nudge("followup:77:1"))

    assert delivery.ok
    [sent] = fake.dms(MEMBER)
    assert "everyone" in sent["content"]  # the text as written, escaped
    assert sent["allowed_mentions"] == {"parse": []}
    [row] = sent["components"]
    assert row["components"][0]["custom_id"] == f"followup_sent:1:{GUILD_ID}:77"
    assert delivery.message_ref == f"{fake.dm_channel_id(MEMBER)}:{sent['id']}"
    assert all(c.authorization == f"Bot {TOKEN}" for c in fake.calls_to("send_message"))


async def test_find_recognises_a_delivered_message_by_its_keys_and_only_it(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    first = await messenger.send(nudge("followup:1:1", "followup:2:1"))
    await messenger.send(nudge("followup:3:1"))

    found = await messenger.find(nudge("followup:2:1"))
    assert found is not None and found.ok and found.message_ref == first.message_ref
    assert await messenger.find(nudge("followup:9:1")) is None
    # a fresh process (nothing cached) finds it the same way, from Discord's history
    other = DiscordMessenger(TOKEN)
    try:
        again = await other.find(nudge("followup:1:1"))
        assert again is not None and again.message_ref == first.message_ref
    finally:
        await other.close()
    footer = fake.dms(MEMBER)[0]["embeds"][-1]["footer"]["text"]
    assert "followup" not in footer  # digests only: nothing readable about the work


async def test_a_closed_dm_is_dm_closed_not_a_retryable_error(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    fake.refuse_dms(MEMBER)

    delivery = await messenger.send(nudge("followup:5:1"))

    assert not delivery.ok and delivery.dm_closed and not delivery.ambiguous


async def test_a_group_post_goes_to_the_channel(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    delivery = await messenger.send(nudge(kind=DestinationKind.CHANNEL))

    assert delivery.ok
    [posted] = fake.messages(CHANNEL_ID)
    assert posted["allowed_mentions"] == {"parse": []}
    assert fake.dms(MEMBER) == []


async def test_retract_deletes_the_message(fake: FakeDiscord, messenger: DiscordMessenger) -> None:
    message = nudge("followup:6:1")
    delivery = await messenger.send(message)

    await messenger.retract(message, delivery.message_ref)
    await messenger.retract(message, delivery.message_ref)  # gone already: no error

    assert fake.dms(MEMBER) == []


async def test_a_server_error_after_sending_is_ambiguous_and_a_refusal_permanent(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    fake.fail_next("send_message", status=503)
    broken = await messenger.send(nudge("followup:7:1"))
    assert not broken.ok and broken.ambiguous and not broken.permanent

    fake.fail_next("send_message", status=400, code=50035)
    refused = await messenger.send(nudge("followup:8:1"))
    assert not refused.ok and refused.permanent and not refused.ambiguous


async def test_a_short_rate_limit_is_waited_out_and_the_message_sent_once(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    fake.fail_next("send_message", status=429, retry_after=0.05)

    delivery = await messenger.send(nudge("followup:10:1"))

    assert delivery.ok
    assert len(fake.dms(MEMBER)) == 1


async def test_files_follow_the_message(fake: FakeDiscord, messenger: DiscordMessenger) -> None:
    message = nudge()
    export = Attachment("export.csv", "text/csv", b"company,date\n")
    delivery = await messenger.send(
        Outbound(message.destination, message.blocks, (export,), summary="Your export")
    )

    assert delivery.ok
    uploads = [call for call in fake.calls_to("send_message") if call.files]
    assert [(name, data) for _f, name, data in uploads[0].files] == [
        ("export.csv", b"company,date\n")
    ]
    [dm] = fake.dms(MEMBER)  # the message and its file arrive together, or not at all
    assert "everyone" in dm["content"] and dm["allowed_mentions"] == {"parse": []}
    assert [a["filename"] for a in dm["attachments"]] == ["export.csv"]


async def test_a_message_discord_kept_before_answering_500_is_posted_once_and_found(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    """discord.py would resend it after the 500 by itself; the messenger owns that retry."""
    fake.accept_then_fail("send_message")
    message = nudge("followup:11:1")

    delivery = await messenger.send(message)

    assert not delivery.ok and delivery.ambiguous and not delivery.permanent
    [kept] = fake.dms(MEMBER)
    assert len(fake.calls_to("send_message")) == 1
    found = await messenger.find(message)
    assert found is not None and found.ok
    assert found.message_ref == f"{fake.dm_channel_id(MEMBER)}:{kept['id']}"


async def test_reading_history_still_gets_discord_py_s_retry_of_a_500(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    """Only message-creating requests go out once; a read is safe to repeat."""
    message = nudge("followup:12:1")
    sent = await messenger.send(message)
    fake.fail_next("get_messages", status=500)

    found = await messenger.find(message)

    assert found is not None and found.message_ref == sent.message_ref
    assert len(fake.calls_to("get_messages")) == 2


async def test_a_post_that_stalls_past_the_timeout_is_ambiguous_and_found(
    fake: FakeDiscord,
) -> None:
    """Discord takes the message but answers too late: maybe sent, looked up, not resent."""
    messenger = DiscordMessenger(TOKEN, send_timeout=0.3)
    try:
        fake.delay_next("send_message", 0.6)
        message = nudge("followup:13:1")
        delivery = await messenger.send(message)
        assert not delivery.ok and delivery.ambiguous
        await asyncio.sleep(0.5)  # the fake finishes storing it
        [kept] = fake.dms(MEMBER)
        found = await messenger.find(message)
        assert found is not None and found.message_ref.endswith(kept["id"])
        assert len(fake.calls_to("send_message")) == 1
    finally:
        await messenger.close()


async def test_find_ignores_another_bots_message_carrying_our_footer(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    copycat = Person("1999999999999999999", "copycat", None, bot=True)
    footer = {"footer": {"text": f"ref {key_digest('summary:1')}"}}
    fake.written_in_channel(CHANNEL_ID, copycat, "x", footer)
    assert await messenger.find(nudge("summary:1", kind=DestinationKind.CHANNEL)) is None


async def test_a_kept_post_is_found_behind_more_than_a_page_of_newer_messages(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    fake.accept_then_fail("send_message", status=503)
    post = nudge("summary:2", kind=DestinationKind.CHANNEL)
    assert (await messenger.send(post)).ambiguous
    chatty = Person("1300000000000000077", "chatty", None)
    for n in range(250):  # two and a half pages of chat after it
        fake.written_in_channel(CHANNEL_ID, chatty, f"hi {n}")
    found = await messenger.find(post)
    assert found is not None and found.ok


async def test_a_dm_channel_discord_no_longer_knows_is_opened_afresh(
    fake: FakeDiscord, messenger: DiscordMessenger
) -> None:
    assert (await messenger.send(nudge("followup:1:0"))).ok
    fake.forget_dm(MEMBER)  # Discord answers 404 Unknown Channel for the remembered one
    first = await messenger.send(nudge("followup:2:0"))
    assert not first.ok and not first.permanent, "a retry can still deliver it"
    assert (await messenger.send(nudge("followup:2:0"))).ok
    assert len(fake.dms(MEMBER)) == 1, "the new DM channel holds the retried nudge"
