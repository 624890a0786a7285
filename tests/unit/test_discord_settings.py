"""Discord's settings: a token makes Discord a configured platform, next to Slack; a token, URL,
shard setting or server ID that cannot work is refused before anything starts, in words naming
the setting."""

from __future__ import annotations

import argparse

import pytest
from pydantic import ValidationError

from bot.runtime.discord_cli import server_id
from bot.runtime.platforms import NotConfigured, configured
from bot.runtime.settings import Settings, explain


def test_a_token_configures_discord_alongside_slack() -> None:
    settings = Settings(_env_file=None, discord_token="abc.def.ghi", slack_bot_token="xoxb-1",
                        slack_signing_secret="s")  # fmt: skip
    assert [entry.title for entry in configured(settings)] == ["Slack", "Discord"]
    only = Settings(_env_file=None, discord_token="abc.def.ghi")
    assert [entry.title for entry in configured(only)] == ["Discord"]


@pytest.mark.parametrize("token", ["   ", "Bot abc.def.ghi", "abc def"])
def test_a_token_that_cannot_work_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(NotConfigured, match="DISCORD_TOKEN") as refused:
        configured(Settings(_env_file=None, discord_token=token))
    assert (token.strip() or "\0") not in str(refused.value)


def test_an_empty_token_counts_as_unset_as_slacks_do() -> None:
    settings = Settings(_env_file=None, discord_token="", slack_bot_token="", slack_client_id="")
    assert configured(settings) == []
    assert not settings.has_discord and not settings.has_slack


def test_a_token_of_spaces_is_called_blank() -> None:
    with pytest.raises(NotConfigured, match="DISCORD_TOKEN is blank"):
        configured(Settings(_env_file=None, discord_token="  "))


@pytest.mark.parametrize(
    ("field", "value"),
    [("discord_api_url", "discord.example/api"), ("discord_gateway_url", "https://gw.example")],
)
def test_base_urls_must_be_absolute_with_the_right_scheme(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match="absolute"):
        Settings.model_validate({field: value})


def test_base_urls_are_taken_as_given() -> None:
    settings = Settings(
        _env_file=None,
        discord_api_url="http://127.0.0.1:9/api/v10",
        discord_gateway_url="ws://127.0.0.1:9/gateway",
    )
    assert settings.discord_api_url == "http://127.0.0.1:9/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:9/gateway"


@pytest.mark.parametrize(
    ("given", "shards"),
    [
        ({}, None),
        ({"discord_shard_count": "", "discord_shard_ids": " "}, None),  # empty in a .env
        ({"discord_shard_count": "3"}, (3, (0, 1, 2))),  # a count alone: every shard here
        ({"discord_shard_count": "4", "discord_shard_ids": " 3, 1"}, (4, (1, 3))),
        ({"discord_shard_count": "1", "discord_shard_ids": "0"}, (1, (0,))),
    ],
)
def test_shard_settings_name_this_replicas_shards(
    given: dict[str, str], shards: tuple[int, tuple[int, ...]] | None
) -> None:
    assert Settings.model_validate(given).discord_shards == shards


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"discord_shard_count": "0"}, "DISCORD_SHARD_COUNT=0: must be at least 1"),
        (
            {"discord_shard_count": "99999999999"},
            "DISCORD_SHARD_COUNT=99999999999: must be at most 10,000",
        ),
        ({"discord_shard_count": "two"}, "DISCORD_SHARD_COUNT=two: must be a whole number"),
        ({"discord_shard_ids": "0"}, "DISCORD_SHARD_IDS=0: set DISCORD_SHARD_COUNT too"),
        (
            {"discord_shard_count": "2", "discord_shard_ids": "0,2"},
            "'2' is not a shard of DISCORD_SHARD_COUNT=2; list numbers from 0 to 1",
        ),
        (
            {"discord_shard_count": "2", "discord_shard_ids": "-1,x"},
            "'-1', 'x' are not shards of DISCORD_SHARD_COUNT=2",
        ),
        ({"discord_shard_count": "2", "discord_shard_ids": "1,1"}, "a shard is listed twice"),
        # Digits other than 0-9 (str.isdigit() takes them): refused, not a crash or shard 1.
        (
            {"discord_shard_count": "2", "discord_shard_ids": "\u00b2"},
            "'\u00b2' is not a shard of DISCORD_SHARD_COUNT=2; list numbers from 0 to 1",
        ),
        (
            {"discord_shard_count": "2", "discord_shard_ids": "0,\u0661"},
            "'\u0661' is not a shard of DISCORD_SHARD_COUNT=2",
        ),
    ],
)
def test_shard_settings_that_cannot_work_are_refused_in_plain_words(
    given: dict[str, str], words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings.model_validate(given)
    [line] = explain(refused.value)
    assert words in line


def test_a_refused_count_is_reported_once_not_again_for_the_ids() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, discord_shard_count="0", discord_shard_ids="5")
    assert [line.split("=")[0] for line in explain(refused.value)] == ["DISCORD_SHARD_COUNT"]


@pytest.mark.parametrize("typed", ["1200000000000000001", " 42 "])
def test_a_server_id_is_a_positive_number(typed: str) -> None:
    assert server_id(typed) == int(typed)


@pytest.mark.parametrize("typed", ["my-server", "", "0", "-5", str(2**64), "12 34"])
def test_anything_else_is_not_a_server_id(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="is not a server ID"):
        server_id(typed)
