"""Discord's settings: a token makes Discord a configured platform, next to Slack; a token or
URL that cannot work is refused before anything starts, in words naming the setting."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.runtime.platforms import NotConfigured, configured
from bot.runtime.settings import Settings


def test_a_token_configures_discord_alongside_slack() -> None:
    settings = Settings(_env_file=None, discord_token="abc.def.ghi", slack_bot_token="xoxb-1",
                        slack_signing_secret="s")  # fmt: skip
    assert [entry.title for entry in configured(settings)] == ["Slack", "Discord"]
    only = Settings(_env_file=None, discord_token="abc.def.ghi")
    assert [entry.title for entry in configured(only)] == ["Discord"]


@pytest.mark.parametrize("token", ["", "Bot abc.def.ghi", "abc def"])
def test_a_token_that_cannot_work_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(NotConfigured, match="DISCORD_TOKEN") as refused:
        configured(Settings(_env_file=None, discord_token=token))
    assert (token.strip() or "\0") not in str(refused.value)


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
