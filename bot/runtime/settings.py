"""Every setting Rebound reads, from the environment or a `.env` file, validated at start.

Only the CLI builds Settings; the core is handed plain values, so nothing deep inside reads the
environment and tests never depend on the machine they run on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import timezones
from bot.commands.registry import REGISTRY
from bot.runtime.env_file import ENCODING as ENV_ENCODING
from bot.runtime.logs import FORMATS as LOG_FORMATS
from storage.url_password import passwords

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


SLACK_API = "https://slack.com/api/"
MAX_SHARDS = 10_000  # far above any bot's need; guards memory against a mistyped count
_ASCII_NUMBER = re.compile(r"[0-9]+")
CREDENTIALS = ("slack_bot_token", "slack_app_token", "slack_signing_secret", "slack_client_id",
               "slack_client_secret", "discord_token")  # fmt: skip


class Settings(BaseSettings):
    # ENV_ENCODING reads past a byte-order mark, so a .env saved "with BOM" keeps line 1.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding=ENV_ENCODING, extra="ignore"
    )

    database_url: str = Field(
        "sqlite:///./rebound.db",
        description="SQLAlchemy URL or a file path; PostgreSQL for several replicas.",
    )
    rebound_timezone: str = Field(
        default_factory=lambda: _system_zone(),
        description="Zone for groups and members who have not set one (default: this machine's).",
    )
    log_level: str = Field("WARNING", description="Python logging level name.")
    log_format: str = Field(
        "text", description="How log lines are written: text (key=value) or json (one object)."
    )
    due_interval_seconds: int = Field(
        30, ge=5, le=300, description="How often due work runs, in seconds."
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = Field(SLACK_API, description="Slack Web API base URL (tests and proxies).")
    port: int = Field(
        3000,
        ge=1,
        le=65535,
        description="HTTP port: Slack's HTTP mode, and /healthz, /readyz, /metrics in every mode.",
    )
    slack_commands: str = Field(
        "",
        description=(
            "The slash commands to register in Slack, comma-separated (default: all); "
            "/rebound is always registered and reaches the others as /rebound <command>."
        ),
    )
    discord_token: SecretStr | None = None
    discord_api_url: str = Field(
        "", description="Discord REST API base URL (tests and REST proxies); default Discord's."
    )
    discord_gateway_url: str = Field(
        "", description="Discord gateway websocket URL (tests and gateway proxies)."
    )
    discord_shard_count: int | None = Field(
        None, description="Discord shards in all, across every replica (default: one shard)."
    )
    discord_shard_ids: str = Field(
        "",
        description=(
            "The Discord shards this replica runs, comma-separated, each from 0 to "
            "DISCORD_SHARD_COUNT - 1 (default: all of them)."
        ),
    )

    @field_validator(*CREDENTIALS, mode="before")
    @classmethod
    def _credential_unset_when_empty(cls, value: object) -> object:
        """`DISCORD_TOKEN=` (empty, as in a .env template) means unset, like every credential;
        only spaces count as set, so the platform's check can say it is blank."""
        return None if value == "" else value

    @field_validator("discord_shard_count", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        """`DISCORD_SHARD_COUNT=` (empty, as in a .env template) means unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_shard_count")
    @classmethod
    def _at_least_one(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("must be at least 1, or unset for one shard")
        if value is not None and value > MAX_SHARDS:
            # Discord asks for one shard per 1,000 to 2,500 servers; a larger number is a typo.
            raise ValueError(f"must be at most {MAX_SHARDS:,} (one shard per 1,000+ servers)")
        return value

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids(cls, value: str, info: ValidationInfo) -> str:
        """Checked against the count (validated first, as it is declared first), so a replica
        never starts shards another replica cannot also account for."""
        names = [name.strip() for name in value.split(",") if name.strip()]
        if not names:
            return ""
        if "discord_shard_count" not in info.data:
            return value  # the count was refused: its own error says why
        count = info.data["discord_shard_count"]
        if count is None:
            raise ValueError(
                "set DISCORD_SHARD_COUNT too (the number of shards across all replicas), or "
                "leave both unset for one shard"
            )
        # ASCII digits only: str.isdigit() also takes '²' (which int() refuses) and '١' (which
        # int() reads as 1), so a stray character would crash the check or pick a shard.
        wrong = [name for name in names if not _ASCII_NUMBER.fullmatch(name) or int(name) >= count]
        if wrong:
            listed = ", ".join(repr(name) for name in wrong)
            verb = "is not a shard" if len(wrong) == 1 else "are not shards"
            raise ValueError(
                f"{listed} {verb} of DISCORD_SHARD_COUNT={count}; list numbers from 0 to "
                f"{count - 1}, separated by commas"
            )
        ids = [int(name) for name in names]
        if len(set(ids)) != len(ids):
            raise ValueError("a shard is listed twice; list each shard once")
        return ",".join(str(i) for i in sorted(ids))

    @field_validator("slack_api_url", "discord_api_url", "discord_gateway_url")
    @classmethod
    def _absolute_url(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        if not value:
            return SLACK_API if info.field_name == "slack_api_url" else value
        schemes = ("ws", "wss") if info.field_name == "discord_gateway_url" else ("http", "https")
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            raise ValueError(f"use an absolute {' or '.join(schemes)} URL, or leave it unset")
        return value

    @field_validator("rebound_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        problem = timezones.refusal(value)
        if problem is not None:
            raise ValueError(problem)
        return str(timezones.canonical(value))

    @field_validator("slack_commands")
    @classmethod
    def _known_commands(cls, value: str) -> str:
        names = [name.strip().lstrip("/").lower() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in REGISTRY.names]
        if unknown:
            raise ValueError(
                f"there is no command {', '.join(repr(name) for name in unknown)}; list some of "
                f"{', '.join(REGISTRY.names)}, separated by commas, or leave it unset for all"
            )
        return ",".join(dict.fromkeys(names))

    @property
    def slack_command_names(self) -> frozenset[str] | None:
        """The top-level commands Slack registers, or None for all of them."""
        if not self.slack_commands:
            return None
        return frozenset(self.slack_commands.split(","))

    @property
    def registered_commands(self) -> dict[str, frozenset[str] | None]:
        """The top-level commands each platform registers (None: all), for the core's help and
        hints and for the posts that name a command."""
        return {"slack": self.slack_command_names}

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        chosen = value.strip().lower()
        if chosen not in LOG_FORMATS:
            raise ValueError(f"use {' or '.join(LOG_FORMATS)}")
        return chosen

    def secret_values(self) -> list[str]:
        """Every configured secret, so the logs can redact them wherever they turn up."""
        secrets = [
            self.slack_bot_token,
            self.slack_app_token,
            self.slack_signing_secret,
            self.slack_client_secret,
            self.discord_token,
        ]
        values = [secret.get_secret_value() for secret in secrets if secret is not None]
        return [value for value in (*values, *passwords(self.database_url)) if value]

    @property
    def has_slack(self) -> bool:
        """Any Slack credential set: the organiser meant Slack to run, so one set without the
        others it needs is reported instead of quietly opening the console."""
        found = (
            self.slack_bot_token,
            self.slack_app_token,
            self.slack_signing_secret,
            self.slack_client_secret,
        )
        return bool(self.slack_client_id) or any(
            secret is not None and secret.get_secret_value() for secret in found
        )

    @property
    def has_discord(self) -> bool:
        return self.discord_token is not None

    @property
    def discord_shards(self) -> tuple[int, tuple[int, ...]] | None:
        """(shard count, the shards this replica runs), or None for one unsharded connection."""
        if self.discord_shard_count is None:
            return None
        count = self.discord_shard_count
        ids = [int(i) for i in self.discord_shard_ids.split(",") if i]
        return count, tuple(ids or range(count))


def _system_zone() -> str:
    """This machine's zone name from TZ or /etc/localtime, so the console shows local times."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).split("zoneinfo/", 1)[-1])
    for candidate in candidates:
        if candidate and timezones.refusal(candidate) is None:
            return str(timezones.canonical(candidate))
    return "UTC"


def explain(error: ValidationError) -> list[str]:
    """One line per bad setting, naming the variable, the value and what would work.

    Secret values are never repeated back: they would end up in a terminal's scrollback or a log.
    """
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = field.upper() or "setting"
        info = Settings.model_fields.get(field)
        secret = info is not None and info.annotation in (SecretStr, SecretStr | None)
        value = "(hidden)" if secret else str(problem.get("input", ""))
        kind = problem["type"]
        context = problem.get("ctx", {})
        if kind == "value_error":
            why = str(context.get("error", problem["msg"]))
        elif kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_from_float"):
            why = f"must be a whole number{_range(field)}"
        else:
            why = problem["msg"]
        about = f" {info.description}" if info is not None and info.description else ""
        end = "" if why.endswith((".", "?", "!")) else "."
        lines.append(f"{name}={value}: {why}{end}{about}")
    return lines


def _range(field: str) -> str:
    """' between 5 and 300' from the field's own bounds, so the words never drift from them."""
    info = Settings.model_fields.get(field)
    if info is None:
        return ""
    low = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
    if low is not None and high is not None:
        return f" between {low} and {high}"
    return ""
