"""A deliberate mention of one member (`Mention`) as each platform writes it: it may notify that
member and no one else, and the member text around it stays inert."""

from __future__ import annotations

import json

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import render as slack_render
from bot.values import Destination, DestinationKind, Mention, Outbound, Paragraph, Span

HOSTILE = " <@U999> <!channel> @everyone <@&123> <@42>"


def post(platform: str, user_id: str) -> Outbound:
    where = Destination(DestinationKind.CHANNEL, platform, "W1", channel_id="C1")
    line = (Mention(user_id, "Alex <Lee>"), Span(", you have 2 follow-ups waiting." + HOSTILE))
    return Outbound(where, (Paragraph(line),), summary="Alex, 2 follow-ups waiting")


def test_slack_writes_the_member_mention_and_escapes_everything_else() -> None:
    rendered = slack_render(post("slack", "U123ABC"))
    dumped = json.dumps(rendered.blocks)
    assert "<@U123ABC>, you have 2 follow-ups waiting." in dumped
    assert "&lt;@U999&gt;" in dumped and "&lt;!channel&gt;" in dumped
    assert "<@U999>" not in dumped and "<!channel>" not in dumped
    assert "<@" not in rendered.text, "the notification text mentions no one"


def test_slack_shows_an_id_that_is_not_a_slack_user_as_a_name() -> None:
    dumped = json.dumps(slack_render(post("slack", "<!channel>")).blocks)
    assert "@Alex &lt;Lee&gt;" in dumped and "<!channel>" not in dumped


def test_discord_mentions_and_allows_only_that_member() -> None:
    rendered = discord_render(post("discord", "1300000000000000042"))
    assert rendered.content.startswith("<@1300000000000000042>, you have 2")
    assert "\\<@42>" in rendered.content and "\\<@&123>" in rendered.content
    assert rendered.allowed_mentions == {"parse": [], "users": ["1300000000000000042"]}
    allowed = rendered.mentions()
    assert allowed.everyone is False and allowed.roles is False
    assert isinstance(allowed.users, list)
    assert [user.id for user in allowed.users] == [1300000000000000042]


def test_discord_allows_no_one_without_a_mention() -> None:
    where = Destination(DestinationKind.CHANNEL, "discord", "G1", channel_id="C1")
    rendered = discord_render(Outbound(where, (Paragraph((Span("<@42> @everyone"),)),)))
    assert rendered.allowed_mentions == {"parse": []}
    assert rendered.mentions().users is False


def test_the_console_shows_the_name() -> None:
    shown = console_render(post("console", "alex"), 1).text
    assert "@Alex <Lee>, you have 2 follow-ups waiting." in shown
