"""Slack's entry in the runner: its settings checked, and its platform built on our database.

The adapter itself knows nothing of settings or storage: it gets a `SlackConfig` and, for the
OAuth install of several workspaces, an async engine on Rebound's own database for slack_sdk's
installation tables, made here with the same bounded waits as every other connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from adapters.slack.config import SlackConfig
from bot.runtime.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from adapters.slack.runtime import SlackRuntime
    from bot.runtime.platforms import Parts  # the registry imports this module

TITLE = "Slack"


def config_from(settings: Settings) -> SlackConfig:
    def secret(value: SecretStr | None) -> str:
        return value.get_secret_value() if value is not None else ""

    return SlackConfig(
        signing_secret=secret(settings.slack_signing_secret),
        bot_token=secret(settings.slack_bot_token),
        app_token=secret(settings.slack_app_token),
        client_id=settings.slack_client_id or "",
        client_secret=secret(settings.slack_client_secret),
        api_url=settings.slack_api_url,
        port=settings.port,
    )


def configured(settings: Settings) -> bool:
    return settings.has_slack


def problems(settings: Settings) -> list[str]:
    """Why Slack's settings cannot start, in words an organiser can act on."""
    return config_from(settings).problems()


def listens(settings: Settings) -> bool:
    """HTTP mode listens on PORT, where the operator's routes are served beside Slack's."""
    return settings.has_slack and not config_from(settings).socket_mode


def build(settings: Settings, parts: Parts) -> SlackRuntime:
    from adapters.slack.runtime import SlackRuntime  # the SDKs load only when Slack is used

    config = config_from(settings)
    engine = installation_engine(parts.database_url) if config.oauth else None
    routes = () if config.socket_mode else parts.routes
    return SlackRuntime(config, parts.core, parts.clock, engine, routes)


def installation_engine(database_url: str) -> AsyncEngine:
    """The engine of slack_sdk's installation tables: bounded waits, and no SQL parameters (the
    tokens) in error messages."""
    from sqlalchemy.ext.asyncio import create_async_engine  # only Slack's OAuth install needs it

    from storage.db import POOL_TIMEOUT, postgres_connect_args

    url = async_url(database_url)
    connect_args = {} if url.startswith("sqlite") else postgres_connect_args(url)
    return create_async_engine(
        url,
        hide_parameters=True,
        pool_timeout=POOL_TIMEOUT,
        pool_pre_ping=True,
        connect_args=connect_args,
    )


def async_url(database_url: str) -> str:
    from storage.db import normalize_url

    url = normalize_url(database_url)
    if url.startswith("sqlite:"):
        return url.replace("sqlite:", "sqlite+aiosqlite:", 1)
    return url
