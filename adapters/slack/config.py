"""What the Slack adapter needs to know, taken from Settings once at start."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "channels:history",
    "groups:history",
    "users:read",
    "files:write",
)


@dataclass(frozen=True)
class SlackConfig:
    signing_secret: str = ""
    bot_token: str = ""  # single workspace
    app_token: str = ""  # Socket Mode when set
    client_id: str = ""  # multi-workspace OAuth when set, with client_secret
    client_secret: str = ""
    api_url: str = "https://slack.com/api/"
    port: int = 3000

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def problems(self) -> list[str]:
        """Why this configuration cannot start, in words an organiser can act on."""
        found = []
        if not (self.bot_token or self.oauth):
            found.append(
                "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
            )
        if self.client_id and not self.client_secret:
            found.append("SLACK_CLIENT_ID is set without SLACK_CLIENT_SECRET")
        if not self.socket_mode and not self.signing_secret:
            found.append(
                "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)"
            )
        if self.socket_mode and self.oauth:
            found.append(
                "Socket Mode serves one workspace: use SLACK_BOT_TOKEN with SLACK_APP_TOKEN"
            )
        return found
