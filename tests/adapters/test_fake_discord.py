"""The fake Discord answers the real discord.py client the way Discord does: login, gateway,
command sync, interactions and their callbacks, DMs, rate limits and refusals."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands

from tests.adapters.fake_discord import (
    APPLICATION_ID,
    CHANNEL_ID,
    MANAGE_GUILD,
    FakeDiscord,
    option,
    point_discord_at,
)

MEMBER = "1300000000000000042"
BLOCKER = "1300000000000000043"
GUILDS = discord.Intents.none()
GUILDS.guilds = True


@dataclass
class Running:
    fake: FakeDiscord
    client: discord.Client
    tree: app_commands.CommandTree[discord.Client]
    seen: asyncio.Queue[discord.Interaction]


async def eventually_get(queue: asyncio.Queue[discord.Interaction]) -> discord.Interaction:
    return await asyncio.wait_for(queue.get(), 5)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.mentions_checked = False  # these tests send as discord.py's users might
        with point_discord_at(server):
            yield server


@pytest.fixture
async def running(fake: FakeDiscord) -> AsyncIterator[Running]:
    client = discord.Client(intents=GUILDS, guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)
    seen: asyncio.Queue[discord.Interaction] = asyncio.Queue()
    ready = asyncio.Event()

    @client.event
    async def on_ready() -> None:
        ready.set()

    @tree.command(name="checkin", description="Log an application")
    async def checkin(interaction: discord.Interaction, company: str) -> None:
        seen.put_nowait(interaction)
        await interaction.response.send_message(
            f"Logged {company}", ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    await client.login(fake.token)
    task = asyncio.create_task(client.connect())
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield Running(fake, client, tree, seen)
    finally:
        started = time.monotonic()
        await client.close()
        await asyncio.wait_for(task, 5)
        assert time.monotonic() - started < 3


async def test_login_and_gateway_reach_ready_with_the_identify_recorded(
    running: Running,
) -> None:
    fake, client = running.fake, running.client
    assert client.user is not None and str(client.user.id) == fake.bot.id
    assert client.application_id == int(APPLICATION_ID)
    assert [c.route for c in fake.calls[:2]] == ["get_me", "application_info"]
    assert fake.calls[0].authorization == f"Bot {fake.token}"
    (identify,) = fake.identifies
    assert identify["intents"] == GUILDS.value  # no privileged intent asked
    assert fake.gateway.heartbeats >= 1  # discord.py beats at once after HELLO, and got an ACK
    guild = client.get_guild(int(next(iter(fake.guilds))))
    assert guild is not None and guild.get_channel(int(CHANNEL_ID)) is not None


async def test_a_privileged_intent_the_app_lacks_is_refused(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default() | discord.Intents(members=True))
    await client.login(fake.token)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await asyncio.wait_for(client.connect(), 10)
    await client.close()


async def test_command_sync_is_recorded(running: Running) -> None:
    synced = await running.tree.sync()
    assert [c.name for c in synced] == ["checkin"]
    (command,) = running.fake.commands
    assert command["options"][0]["name"] == "company"
    assert (
        running.fake.calls_to("sync_commands")[0].path == f"/applications/{APPLICATION_ID}/commands"
    )


async def test_a_slash_command_reaches_the_tree_and_its_ephemeral_answer_is_recorded(
    running: Running,
) -> None:
    fake = running.fake
    await running.tree.sync()
    where = fake.in_guild(MEMBER, permissions=MANAGE_GUILD)
    await fake.dispatch_interaction(
        fake.slash_command(where, "checkin", [option("company", "Acme")])
    )
    interaction = await eventually_get(running.seen)
    assert interaction.user.id == int(MEMBER)
    assert interaction.permissions.manage_guild
    await _until(lambda: fake.callbacks())
    (callback,) = fake.callbacks()
    assert callback["type"] == 4
    assert callback["data"]["content"] == "Logged Acme"
    assert callback["data"]["flags"] == 64
    assert callback["data"]["allowed_mentions"] == {"parse": []}
    assert fake.messages(CHANNEL_ID) == []  # ephemeral: not in the channel


async def test_a_button_and_a_modal_reach_their_view_and_modal(running: Running) -> None:
    fake, client = running.fake, running.client
    pressed: asyncio.Queue[discord.Interaction] = asyncio.Queue()
    submitted: asyncio.Queue[str] = asyncio.Queue()

    class Note(discord.ui.Modal, title="Note"):
        text: discord.ui.TextInput[Note] = discord.ui.TextInput(label="Note", custom_id="note")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            submitted.put_nowait(self.text.value)
            await interaction.response.defer()

    class Buttons(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.button(label="Add note", custom_id="add_note")
        async def add(
            self, interaction: discord.Interaction, button: discord.ui.Button[Buttons]
        ) -> None:
            pressed.put_nowait(interaction)
            await interaction.response.send_modal(Note())

    channel = client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("Acme said no", view=Buttons())
    (sent,) = fake.messages(CHANNEL_ID)
    assert sent["components"][0]["components"][0]["custom_id"] == "add_note"

    where = fake.in_guild(MEMBER)
    await fake.dispatch_interaction(fake.component(where, sent, "add_note"))
    await eventually_get(pressed)
    await _until(lambda: fake.callbacks())
    modal = fake.callbacks()[0]
    assert modal["type"] == 9
    await fake.dispatch_interaction(fake.modal_submit(where, modal["data"], {"note": "call back"}))
    assert await asyncio.wait_for(submitted.get(), 5) == "call back"


async def test_a_dm_to_a_user_who_refuses_is_forbidden_with_50007(running: Running) -> None:
    running.fake.refuse_dms(BLOCKER)
    dm = await running.client.create_dm(discord.Object(int(BLOCKER)))
    with pytest.raises(discord.Forbidden) as refused:
        await dm.send("hello")
    assert refused.value.code == 50007
    dm_ok = await running.client.create_dm(discord.Object(int(MEMBER)))
    await dm_ok.send("hello")
    assert [m["content"] for m in running.fake.dms(MEMBER)] == ["hello"]


async def test_a_429_is_retried_and_the_message_stored_once(running: Running) -> None:
    running.fake.fail_next("send_message", retry_after=0.05)
    channel = running.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("once")
    assert [m["content"] for m in running.fake.messages(CHANNEL_ID)] == ["once"]
    assert len(running.fake.calls_to("send_message")) == 2


async def test_history_edit_and_delete(running: Running) -> None:
    channel = running.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    first = await channel.send("one")
    await channel.send("two")
    assert [m.content async for m in channel.history(limit=10)] == ["two", "one"]
    await first.edit(content="uno")
    assert running.fake.messages(CHANNEL_ID)[0]["content"] == "uno"
    await first.delete()
    assert [m["content"] for m in running.fake.messages(CHANNEL_ID)] == ["two"]


async def _until(condition: object, seconds: float = 5.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for Discord traffic"
        await asyncio.sleep(0.01)


async def test_the_gateway_speaks_v10_json_over_zlib_stream_as_discord_py_asks(
    running: Running,
) -> None:
    (query,) = running.fake.gateway.connections
    assert query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}


async def test_a_wrong_token_is_refused_at_login(fake: FakeDiscord) -> None:
    client = discord.Client(intents=GUILDS)
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()


async def test_a_dm_command_deferred_then_edited_and_followed_up(running: Running) -> None:
    fake, client = running.fake, running.client
    done = asyncio.Event()

    @running.tree.command(name="history", description="Your history")
    async def history(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await interaction.edit_original_response(content="3 applications")
        await interaction.followup.send("and 1 follow-up", ephemeral=True)
        done.set()

    await fake.dispatch_interaction(fake.slash_command(fake.in_dm(MEMBER), "history"))
    await asyncio.wait_for(done.wait(), 5)
    (answered,) = fake.interactions.values()
    assert [c["type"] for c in answered.callbacks] == [5]
    assert answered.original is not None
    assert answered.original["content"] == "3 applications"
    assert [f["content"] for f in answered.followups] == ["and 1 follow-up"]
    assert fake.dms(MEMBER) == []  # all ephemeral
    assert client.user is not None


async def test_autocomplete_gets_the_focused_option_and_its_choices_are_recorded(
    running: Running,
) -> None:
    fake = running.fake

    async def companies(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{current}me", value="acme")]

    @running.tree.command(name="followup", description="Follow up")
    @app_commands.autocomplete(company=companies)
    async def followup(interaction: discord.Interaction, company: str) -> None:
        pass

    typed = fake.slash_command(
        fake.in_guild(MEMBER), "followup", [option("company", "Ac", focused=True)],
        autocomplete=True,
    )  # fmt: skip
    await fake.dispatch_interaction(typed)
    await _until(lambda: fake.callbacks())
    (callback,) = fake.callbacks()
    assert callback["type"] == 8
    assert callback["data"]["choices"] == [{"name": "Acme", "value": "acme"}]


async def test_accept_then_fail_stores_the_message_and_discord_py_sends_it_again(
    running: Running,
) -> None:
    running.fake.accept_then_fail("send_message")
    channel = running.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("twice")  # discord.py retries a 500 after 1 s
    assert [m["content"] for m in running.fake.messages(CHANNEL_ID)] == ["twice", "twice"]


async def test_an_interaction_answered_twice_or_unknown_is_refused(running: Running) -> None:
    fake = running.fake
    await running.tree.sync()
    payload = fake.slash_command(fake.in_guild(MEMBER), "checkin", [option("company", "A")])
    await fake.dispatch_interaction(payload)
    await _until(lambda: fake.callbacks())
    url = f"{fake.api_url}/interactions/{payload['id']}/{payload['token']}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 6}) as again:
            assert again.status == 400
            assert (await again.json())["code"] == 40060
        unknown = f"{fake.api_url}/interactions/1/nope/callback"
        async with session.post(unknown, json={"type": 6}) as r:
            assert r.status == 404
            assert (await r.json())["code"] == 10062


async def test_a_reconnect_request_is_resumed_and_later_events_still_arrive(
    running: Running,
) -> None:
    fake = running.fake
    resumed = asyncio.Event()

    @running.client.event
    async def on_resumed() -> None:
        resumed.set()

    await running.tree.sync()
    await fake.reconnect_clients()
    await asyncio.wait_for(resumed.wait(), 10)
    (resume,) = fake.gateway.resumes
    assert resume["session_id"] == "fake-session-1"
    assert len(fake.identifies) == 1  # resumed, not identified again
    await fake.dispatch_interaction(
        fake.slash_command(fake.in_guild(MEMBER), "checkin", [option("company", "Acme")])
    )
    assert (await eventually_get(running.seen)).user.id == int(MEMBER)


async def test_an_auto_sharded_client_finds_the_gateway_through_gateway_bot(
    fake: FakeDiscord,
) -> None:
    saved = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL("ws://127.0.0.1:9/unused")
    client = discord.AutoShardedClient(intents=GUILDS, guild_ready_timeout=0.05)
    try:
        await client.login(fake.token)
        task = asyncio.create_task(client.connect())
        await fake.wait_connected()
        assert fake.calls_to("get_bot_gateway")
        assert fake.identifies[0]["shard"] == [0, 1]
        await client.close()
        await asyncio.wait_for(task, 5)
    finally:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


async def test_files_are_stored_with_the_message(running: Running) -> None:
    channel = running.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("export", file=discord.File(io.BytesIO(b"a,b\n"), "export.csv"))
    assert sent.attachments[0].filename == "export.csv"
    (stored,) = running.fake.messages(CHANNEL_ID)
    assert stored["content"] == "export"
    assert running.fake.attachments[stored["id"]] == [("export.csv", b"a,b\n")]


async def test_a_503_is_raised_at_once_and_stores_nothing(running: Running) -> None:
    running.fake.fail_next("send_message", status=503)
    channel = running.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.DiscordServerError):
        await channel.send("lost")
    assert running.fake.messages(CHANNEL_ID) == []


async def test_an_answer_after_the_deadline_is_refused_as_unknown(running: Running) -> None:
    fake = running.fake
    fake.answer_within = 0.0
    fake.delay_next("interaction_callback", 0.05)
    failed: asyncio.Queue[BaseException] = asyncio.Queue()

    @running.tree.error
    async def on_error(interaction: discord.Interaction, error: Exception) -> None:
        failed.put_nowait(error)

    await running.tree.sync()
    payload = fake.slash_command(fake.in_guild(MEMBER), "checkin", [option("company", "A")])
    await fake.dispatch_interaction(payload)
    error = await asyncio.wait_for(failed.get(), 5)
    assert isinstance(error.__cause__, discord.NotFound)
    assert error.__cause__.code == 10062
    assert fake.callbacks() == []


class QuickShards(discord.AutoShardedClient):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No wait between shards' IDENTIFYs (discord.py's default waits 5 s, for Discord's
        identify rate limit, which the fake does not have)."""


async def test_interactions_go_to_the_shard_that_serves_their_guild(fake: FakeDiscord) -> None:
    other = fake.add_guild(
        "1200000000004194305", name="Other", channels={"1200000000004194306": "x"}
    )
    client = QuickShards(intents=GUILDS, shard_count=2, guild_ready_timeout=0.05)
    shards: asyncio.Queue[int | None] = asyncio.Queue()
    tree = app_commands.CommandTree(client)

    @tree.command(name="ping", description="Ping")
    async def ping(interaction: discord.Interaction) -> None:
        shards.put_nowait(interaction.guild.shard_id if interaction.guild else None)
        await interaction.response.send_message("pong")

    await client.login(fake.token)
    task = asyncio.create_task(client.connect())
    try:
        await fake.wait_connected(2)
        assert sorted(i["shard"][0] for i in fake.identifies) == [0, 1]
        for guild_id in (next(iter(fake.guilds)), other.id):
            await fake.dispatch_interaction(
                fake.slash_command(fake.in_guild(MEMBER, guild_id=guild_id), "ping")
            )
        got = {await asyncio.wait_for(shards.get(), 5), await asyncio.wait_for(shards.get(), 5)}
        assert got == {0, 1}
        sessions = {s.shard[0]: s for s in fake.gateway.sessions.values()}
        for shard_id, session in sessions.items():
            sent = [p for p in session.sent if p["t"] == "INTERACTION_CREATE"]
            assert len(sent) == 1, shard_id  # each interaction reached one shard only
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
